"""Fixtures for browser tests: the app server, Chromium, and a page that may not leave localhost."""

from __future__ import annotations

import os

import pytest

from tests.conftest import ARTIFACTS
from tests.e2e.browser import CHROMIUM_ARGS, block_external, chromium_path, running_app


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = chromium_path()
    if path is None:
        message = "Debian chromium is not installed (apt-get install chromium) — browser tests cannot run"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def app_url() -> str:
    with running_app() as url:
        yield url


@pytest.fixture(scope="session")
def browser(chromium_executable):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def offline_page(browser):
    """A page whose requests to any non-local host are blocked and listed in ``page.blocked``."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    blocked: list[str] = []
    block_external(context, blocked)
    page = context.new_page()
    page.blocked = blocked
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
