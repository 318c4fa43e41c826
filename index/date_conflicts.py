"""Different minutes that claim the same board and date: both are kept, and this says so.

A weekly board whose heading repeats last week's date, or two files of one day's two
meetings: the store keeps each (only true twins replace one another, see index/twins.py),
and `minutes ingest` and `minutes doctor` list them, with the date each file's name gives
beside the date its heading gives, so an admin can see which file is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from corpus.dates import parse_meeting_date
from index import schema
from index.store import Store


@dataclass(frozen=True)
class ClaimedDate:
    """One file of a conflict: its name, the date in its name (if any) and the date its heading gives."""

    source: str
    name_date: str | None
    heading_date: str

    def describe(self) -> str:
        named = f"file name says {self.name_date}" if self.name_date else "no date in the file name"
        return f"{self.source} ({named}, heading says {self.heading_date})"


@dataclass(frozen=True)
class DateConflict:
    """Two or more different minutes stored for one board and date."""

    board: str
    date: str
    files: tuple[ClaimedDate, ...]

    def describe(self) -> str:
        return (f"{len(self.files)} different minutes claim {self.board}, {self.date}; all are kept: "
                + "; ".join(f.describe() for f in self.files))


def name_date(source: str) -> str | None:
    """The full date written in a file name ("2018-12-12.md", "minutes 5 March 2019.pdf"), if any."""
    found = parse_meeting_date(PurePath(source).stem.replace("_", " "))
    return found.isoformat() if found else None


def date_conflicts(store: Store, sources: set[str] | None = None) -> list[DateConflict]:
    """Every board and date with more than one stored file (only those involving `sources`, when given)."""
    with Session(store.engine) as session:
        clashes = session.execute(
            select(schema.Meeting.board_key, schema.Meeting.date)
            .where(schema.Meeting.date.is_not(None))
            .group_by(schema.Meeting.board_key, schema.Meeting.date)
            .having(func.count(schema.Meeting.id) > 1)
            .order_by(schema.Meeting.date, schema.Meeting.board_key)
        ).all()
        conflicts: list[DateConflict] = []
        for key, day in clashes:
            meetings = session.scalars(
                select(schema.Meeting).where(schema.Meeting.board_key == key, schema.Meeting.date == day)
                .options(selectinload(schema.Meeting.document)).order_by(schema.Meeting.id)
            ).all()
            files = tuple(ClaimedDate(m.document.source, name_date(m.document.source), day.isoformat())
                          for m in sorted(meetings, key=lambda m: m.document.source))
            if sources is None or any(f.source in sources for f in files):
                conflicts.append(DateConflict(meetings[0].board, day.isoformat(), files))
        return conflicts
