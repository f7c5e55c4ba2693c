#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian machine and run every test.
# Usage: bash scripts/test.sh [pytest args]
set -euo pipefail
# The browser tests fail (never skip) here if Chromium is missing: this is the command CI runs.
export CI="${CI:-true}"
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing Debian chromium for the browser tests"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi

if ! command -v pdftoppm >/dev/null 2>&1; then
  echo "== installing Debian poppler-utils (pdftoppm) for the PDF export test"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq poppler-utils >/dev/null
fi

# A project virtualenv, so a dependency missing from requirements*.txt fails here
# instead of being masked by whatever the machine already has.
if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv"
  python3 -m venv .venv
fi
echo "== installing the project with its dev extras (requirements-dev.txt)"
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt

echo "== ruff"
.venv/bin/python -m ruff check .
echo "== import contract (pyproject.toml [tool.importlinter])"
.venv/bin/lint-imports
echo "== pytest"
.venv/bin/python -m pytest "$@"
