"""The one place that reads the atlas's ``SPILLOVER_*`` environment variables.

=========================  =======================================================
variable                   meaning
=========================  =======================================================
``SPILLOVER_BUNDLE``       essay bundle folder the app and the CLI show
``SPILLOVER_MAX_UPLOAD_MB`` upload size limit in MB (default 200)
=========================  =======================================================

Interpreting a value (a path, a number) is left to the package that owns the setting;
this module only names the variables and reads them, so tests can pass a plain dict.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

BUNDLE_ENV = "SPILLOVER_BUNDLE"
MAX_UPLOAD_ENV = "SPILLOVER_MAX_UPLOAD_MB"
#: Every variable the atlas reads.
SETTINGS = (BUNDLE_ENV, MAX_UPLOAD_ENV)


def env_setting(name: str, environ: Mapping[str, str] | None = None) -> str:
    """The stripped value of the ``SPILLOVER_*`` variable ``name``, or ``""`` when unset.

    Parameters
    ----------
    name : str
        One of :data:`SETTINGS`.
    environ : Mapping, optional
        Where to read; ``os.environ`` by default.

    Raises
    ------
    KeyError
        ``name`` is not one of the atlas's settings (a typo in code, not a user error).
    """
    if name not in SETTINGS:
        raise KeyError(f"{name} is not one of the atlas's settings {SETTINGS}")
    return (os.environ if environ is None else environ).get(name, "").strip()
