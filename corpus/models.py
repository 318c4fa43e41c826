"""Typed records the corpus layer produces from one set of minutes.

They know nothing of SQL: `index.store` persists them. Natural keys (board + date,
item number, action ref) make re-ingesting an upsert rather than a duplicate.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date


class AttendanceRole(str, enum.Enum):
    """How someone took part in a meeting."""

    PRESENT = "present"  # members, "Present:", "Those present"
    IN_ATTENDANCE = "in_attendance"  # officers and minute takers, "In attendance:"
    GUEST = "guest"  # "Guests:", invited presenters
    APOLOGIES = "apologies"  # "Apologies:", "Apologies were received from ..."


class OwnerKind(str, enum.Enum):
    """What an action owner is."""

    PERSON = "person"  # a named person, resolved from initials, a name or a role
    ORGANISATION = "organisation"  # "lead ECC", "Safer Essex", "Network Executive"
    INITIALS = "initials"  # initials the minutes never resolve ("SD"): kept, never guessed


class ActionStatus(str, enum.Enum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass
class Attendee:
    """One line of an attendance list.

    `name` is the person's full name as printed without honorifics ("Peter Lowton" for
    "ACC Peter Lowton"); `title` keeps the honorific or rank ("ACC", "Cllr", "Sir").
    """

    name: str
    role: AttendanceRole
    position: str | None = None  # job title: "Chief Constable"
    organisation: str | None = None  # "Essex Police"
    initials: str | None = None  # as printed, or derived from the name
    initials_printed: bool = False  # True when the minutes print them, e.g. "(RH)"
    title: str | None = None


@dataclass
class Owner:
    """Who an action is for. `name` is the full name (or organisation, or bare initials)."""

    name: str
    kind: OwnerKind
    initials: str | None = None
    as_written: str = ""  # the text the owner was read from: "SK", "the target lead"


@dataclass
class Item:
    """One agenda item: its number as printed (trailing dots removed), title and text.

    `number` is None for documents whose items are unnumbered headings; `position`
    orders items within the meeting whatever their numbering.
    """

    number: str | None
    title: str
    text: str
    position: int


@dataclass
class ActionUpdate:
    """What a meeting's action log says about an action, often one from an earlier meeting."""

    ref: str
    text: str
    status: ActionStatus | None  # None when the update says nothing about status
    item_number: str | None = None


@dataclass
class ActionRecord:
    """An action the minutes record.

    `due` is an ISO day ("2016-12-22") or month ("2018-11"); `due_text` is what the
    minutes wrote. `from_log` marks a record known only from an action-log update
    (carried forward, no new wording).
    """

    ref: str | None
    description: str
    owners: list[Owner] = field(default_factory=list)
    due: str | None = None
    due_text: str | None = None
    item_number: str | None = None
    item_position: int | None = None  # which item of the meeting, numbered or not
    status: ActionStatus = ActionStatus.OPEN
    from_log: bool = False


@dataclass
class Meeting:
    """Meeting metadata: from the header of the minutes, and the next meeting from wherever they state it."""

    board: str
    organisation: str | None
    date: date | None
    time: str | None = None  # "09:30" or "09:30-12:30"
    location: str | None = None
    # How much of `date` the minutes give: "day", or "year" for minutes that print only
    # their year (then `date` is 1 January of it).
    date_precision: str = "day"
    # The next meeting as the minutes state it: ISO day, the words that said so, its place.
    next_meeting: str | None = None
    next_meeting_text: str | None = None
    next_meeting_place: str | None = None


@dataclass
class ParsedMinutes:
    """Everything read from one file of minutes."""

    source: str  # the file's basename
    content_hash: str
    format: str
    meeting: Meeting
    header_text: str  # text before the first item: title, attendance
    attendees: list[Attendee] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    actions: list[ActionRecord] = field(default_factory=list)
    updates: list[ActionUpdate] = field(default_factory=list)
    url: str | None = None
