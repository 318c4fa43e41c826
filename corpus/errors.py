"""Errors the corpus layer raises for files it cannot read."""

from __future__ import annotations

from pathlib import Path


class MinutesReadError(Exception):
    """A file that cannot be read as minutes; the message names the file and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")
