"""Answers about meetings themselves: who attended or sent apologies, when and where, and when
the board meets next."""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.store import Store
from index.views import AttendeeView
from retrieval.answer_types import QueryContext
from retrieval.hybrid import RankedPassage
from retrieval.meeting_catalog import MeetingRef
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
    """"The Business Coordination Board met on 26 November 2015 at 14:30, Swansley A Room, Cambourne."
    (the place as the minutes state it; "via Zoom" for a meeting held on a platform)."""
    document = store.document(meeting.source)
    when = long_date(meeting.date)
    extra = ""
    if document is not None:
        if document.time:
            extra += f" at {document.time}"
        if document.location:
            extra += f", {_at(document.location) if _ONLINE_PLACE.match(document.location) else document.location}"
    return f"The {meeting.board} met on {when}{extra}."


@dataclass(frozen=True)
class NextMeetingAnswer:
    """When the board met (or was to meet) next after a meeting, and the minutes to cite first."""

    text: str
    source: str


def next_meeting_answer(meeting: MeetingRef, meetings: dict[str, MeetingRef], store: Store) -> NextMeetingAnswer | None:
    """The next meeting after `meeting`: as its own minutes state it ("the next meeting will be
    on 5 January"), else the same board's next stored meeting; None when neither is known.

    The minutes' own statement comes first because it is what "when were they due to meet
    again" asks, and because the next minutes may not be stored; a stored later meeting on
    another day is added, since meetings move.
    """
    later = later_meeting(meeting, meetings)
    document = store.document(meeting.source)
    if document is None or not document.next_meeting:
        if later is None:
            return None
        return NextMeetingAnswer(meeting_details(later, store).replace(" met on ", " next met on ", 1), later.source)
    place = f", {_at(document.next_meeting_place)}" if document.next_meeting_place else ""
    text = (f"The {meeting.board}'s minutes of {long_date(meeting.date)} give the next meeting as "
            f"{long_date(document.next_meeting)}{place}: “{document.next_meeting_text}” ({meeting.source})")
    if later is not None and later.date != document.next_meeting:
        text += f" The next stored minutes of the {later.board} are of {long_date(later.date)} ({later.source})."
    return NextMeetingAnswer(text, meeting.source)


_ONLINE_PLACE = re.compile(
    r"^(?:(?:ms |microsoft )?teams|zoom|skype|webex|google meet|jitsi|irc|internet relay chat|slack|discord|"
    r"teleconference|telecon|video ?conference|conference call|telephone|phone|online)$", re.I)


def _at(place: str) -> str:
    """"at Cambourne", "via Zoom", "online"."""
    if _ONLINE_PLACE.match(place):
        return place if place.lower() == "online" else f"via {place}"
    return f"at {place}"


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
