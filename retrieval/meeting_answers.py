"""Answers about meetings themselves: who attended or sent apologies, when and where."""

from __future__ import annotations

import re

from index.store import Store
from index.views import AttendeeView
from retrieval.answer_types import QueryContext
from retrieval.hybrid import RankedPassage
from retrieval.query_filters import MeetingRef
from retrieval.wording import long_date

_APOLOGIES = re.compile(r"\b(apolog\w*|regrets?|absent|absence|missed|could not attend|unable to attend)\b", re.I)
_ROLE_NAMES = {"present": "Present", "in_attendance": "In attendance", "guest": "Guests", "apologies": "Apologies"}


def chosen_meeting(context: QueryContext, meetings: dict[str, MeetingRef]) -> MeetingRef | None:
    """The meeting a question is about: the filters' only meeting, else the best passage's."""
    if context.sources is not None and len(context.sources) == 1:
        return meetings.get(next(iter(context.sources)))
    for ranked in context.passages:
        if ranked.passage.source in meetings:
            return meetings[ranked.passage.source]
    return None


def attendance_answer(context: QueryContext, meeting: MeetingRef, store: Store) -> str | None:
    """"Apologies at the X on 26 November 2015: Alec Wood." (None when no attendance was read)."""
    people = store.attendance(meeting.source)
    roles = ["apologies"] if _APOLOGIES.search(context.question) else ["present", "in_attendance"]
    lines = []
    for role in roles:
        names = [_attendee_label(a) for a in people if a.role == role]
        if names:
            lines.append(f"{_ROLE_NAMES[role]}: {', '.join(names)}.")
    if not lines:
        return None
    return f"{meeting.board}, {long_date(meeting.date)} — " + " ".join(lines)


def _attendee_label(attendee: AttendeeView) -> str:
    label = attendee.name
    if attendee.initials and attendee.initials != attendee.name:
        label += f" ({attendee.initials})"
    if attendee.position:
        label += f", {attendee.position}"
    return label


def meeting_details(meeting: MeetingRef, store: Store) -> str:
    """"The Business Coordination Board met on 26 November 2015 at 14:30, Swansley A Room, Cambourne.\""""
    document = store.document(meeting.source)
    when = long_date(meeting.date)
    extra = ""
    if document is not None:
        if document.time:
            extra += f" at {document.time}"
        if document.location:
            extra += f", {document.location}"
    return f"The {meeting.board} met on {when}{extra}."


def later_meeting(meeting: MeetingRef, meetings: dict[str, MeetingRef]) -> MeetingRef | None:
    """The same board's next stored meeting after `meeting`, if any."""
    later = [m for m in meetings.values() if m.board == meeting.board and m.date and meeting.date and m.date > meeting.date]
    return min(later, key=lambda m: m.date or "") if later else None


def meeting_passages_first(context: QueryContext, source: str, prefer: re.Pattern | None = None) -> list[RankedPassage]:
    """The chosen meeting's passages first (those matching `prefer` before the others), then the rest."""
    own = [r for r in context.passages if r.passage.source == source]
    if prefer is not None:
        own.sort(key=lambda r: not (prefer.search(r.passage.item_title or "") or prefer.search(r.passage.text[:300])))
    return own + [r for r in context.passages if r.passage.source != source]
