"""What the store hands out: plain dataclasses, never ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class OwnerView:
    name: str
    initials: str | None
    kind: str


@dataclass(frozen=True)
class ProgressView:
    """What a later meeting said about an action: where, the quoted words, and what they settle."""

    meeting_date: str | None
    source: str
    item: str | None
    quote: str
    status: str  # done, carried forward, or open (reported on, nothing settled)
    method: str  # "ref" (an action-log entry) or "meaning" (a paragraph linked by meaning)
    score: float | None = None


def follow_up_state(status: str, history: list[ProgressView]) -> str:
    """An action's state across meetings: done, carried forward (a later meeting kept it going) or open."""
    if status == "closed":
        return "done"
    if any(p.status == "carried forward" for p in history):
        return "carried forward"
    return "open"


@dataclass(frozen=True)
class ActionView:
    ref: str | None
    description: str
    owners: list[OwnerView]
    due: str | None
    due_text: str | None
    status: str
    source: str
    board: str
    meeting_date: str | None
    item: str | None
    item_title: str | None
    from_log: bool
    updates: list[str] = field(default_factory=list)
    history: list[ProgressView] = field(default_factory=list)  # later meetings' words, oldest first
    state: str = "open"  # open, carried forward or done
    corrected_by: str | None = None  # who corrected (or added) the record (index/corrections.py), when someone did
    corrected_at: str | None = None  # when, ISO UTC

    @classmethod
    def from_dict(cls, row: dict) -> "ActionView":
        """The inverse of dataclasses.asdict, for actions snapshotted into an index version."""
        return cls(**{**row, "owners": [OwnerView(**o) for o in row["owners"]],
                      "history": [ProgressView(**p) for p in row.get("history", [])]})


@dataclass(frozen=True)
class AttendeeView:
    name: str
    role: str  # present, in_attendance, guest or apologies
    initials: str | None
    position: str | None


@dataclass(frozen=True)
class MeetingSummary:
    source: str
    board: str
    organisation: str | None
    date: str | None
    time: str | None
    location: str | None
    present: int
    in_attendance: int
    guests: int
    apologies: int
    items: int
    actions: int
    next_meeting: str | None = None  # ISO day the minutes give for the next meeting
    next_meeting_text: str | None = None  # the words that said so
    next_meeting_place: str | None = None


@dataclass(frozen=True)
class DocumentView:
    source: str
    format: str
    content_hash: str
    url: str | None
    board: str
    organisation: str | None
    meeting_date: str | None
    time: str | None
    location: str | None
    next_meeting: str | None = None
    next_meeting_text: str | None = None
    next_meeting_place: str | None = None


@dataclass(frozen=True)
class ItemView:
    source: str
    number: str | None
    title: str
    text: str
    position: int


@dataclass(frozen=True)
class IngestResult:
    source: str
    outcome: str  # "added", "updated", "skipped" (unchanged) or "duplicate" (same bytes under another name)
    items: int = 0
    actions: int = 0
    replaced: str | None = None  # another file of the same minutes (board, date and nearly the same text) it replaced
    duplicate_of: str | None = None
    conflicts: tuple[str, ...] = ()  # other stored files that claim the same board and date but are different minutes


HEADER_TITLE = "Attendance and header"  # the title of the passage that holds a meeting's header


@dataclass(frozen=True)
class IndexableItem:
    """An item with the meeting metadata a passage carries (the header is item None)."""

    source: str
    url: str | None
    board: str
    organisation: str | None
    meeting_date: str | None
    number: str | None
    title: str
    text: str
    position: int
