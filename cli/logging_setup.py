"""Logging for the command line: the project's own log records on stderr, libraries' quiet.

Libraries reach the terminal uninvited: onnxruntime's quantiser calls `logging.warning` on the
root logger, which installs a root handler as a side effect (`logging.basicConfig`), and from
then on every library's records print, faiss's loader INFO lines included; with no handler at all,
Python still prints libraries' warnings (pypdf's "Ignoring wrong pointing object 9 0") through
its last-resort handler. So the CLI installs its own root handler before any command runs, and
it passes only the `minutes.*` loggers (WARNING and up, or `MINUTES_LOG_LEVEL`).
`MINUTES_LOG_LEVEL=DEBUG` passes every logger's records, libraries' Python warnings included.
"""

from __future__ import annotations

import logging
import os

PROJECT_LOGGER = "minutes"


class _ProjectRecords(logging.Filter):
    """Records of the project's own loggers (`minutes`, `minutes.bot`, ...)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.name == PROJECT_LOGGER or record.name.startswith(PROJECT_LOGGER + ".")


class _CliHandler(logging.StreamHandler):
    """The one handler the CLI puts on the root logger (a class of its own, so it is added once)."""


def configured_level() -> int:
    """The level `MINUTES_LOG_LEVEL` names (DEBUG, INFO, WARNING, ERROR); WARNING when unset or unknown."""
    level = logging.getLevelName(os.environ.get("MINUTES_LOG_LEVEL", "").strip().upper() or "WARNING")
    return level if isinstance(level, int) else logging.WARNING


def configure_cli_logging() -> None:
    """Send the project's log records to stderr; libraries' only when `MINUTES_LOG_LEVEL=DEBUG`."""
    level = configured_level()
    root = logging.getLogger()
    handler = next((h for h in root.handlers if isinstance(h, _CliHandler)), None)
    if handler is None:
        handler = _CliHandler()  # stderr
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    handler.setLevel(level)
    handler.filters.clear()
    root.setLevel(level)
    logging.captureWarnings(True)  # libraries' Python warnings (FutureWarning ...) as records of `py.warnings`
    if level <= logging.DEBUG:
        return
    handler.addFilter(_ProjectRecords())
    # transformers logs through a handler of its own, not the root's: tell it directly.
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
