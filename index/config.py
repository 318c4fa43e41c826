"""Where the store lives: `MINUTES_HOME` and `MINUTES_DATABASE_URL`."""

from __future__ import annotations

import os
from pathlib import Path


def minutes_home() -> Path:
    """The folder for the SQLite store and index files (created on demand)."""
    home = Path(os.environ.get("MINUTES_HOME") or Path.home() / ".local" / "share" / "minutes")
    home.mkdir(parents=True, exist_ok=True)
    return home


def database_url() -> str:
    """`MINUTES_DATABASE_URL`, or SQLite inside `MINUTES_HOME`."""
    return os.environ.get("MINUTES_DATABASE_URL") or f"sqlite:///{minutes_home() / 'minutes.db'}"
