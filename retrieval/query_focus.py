"""What a query says about whose items it wants: people named in it ("Anna Hook's actions",
"what does Hirst own") point at the items where they own actions."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from index import schema
from index.store import Store

ItemKey = tuple[str, str | None]


def people_in_query(query: str, names: list[str]) -> list[str]:
    """Registry names the query mentions in full, or by a surname no one else shares."""
    lowered = query.lower()
    found = [n for n in names if re.search(rf"\b{re.escape(n.lower())}\b", lowered)]
    if found:
        return found
    surnames: dict[str, list[str]] = {}
    for name in names:
        parts = name.split()
        if len(parts) >= 2 and len(parts[-1]) > 3:
            surnames.setdefault(parts[-1].lower(), []).append(name)
    return [people[0] for surname, people in surnames.items()
            if len(people) == 1 and re.search(rf"\b{re.escape(surname)}(?:'s|’s)?\b", lowered)]


def person_focus(store: Store, query: str) -> set[ItemKey]:
    """(source, item) of the items where people named in the query own actions."""
    focus: set[ItemKey] = set()
    for name in people_in_query(query, store.people_names()):
        focus.update((a.source, a.item) for a in store.actions(person=name, status="all"))
    return focus


def meetings_of_people(store: Store) -> dict[str, set[str]]:
    """{person's name: sources of the meetings they attended or sent apologies to}."""
    with Session(store.engine) as session:
        rows = session.execute(
            select(schema.Person.name, schema.Document.source)
            .join(schema.Attendance, schema.Attendance.person_id == schema.Person.id)
            .join(schema.Meeting, schema.Meeting.id == schema.Attendance.meeting_id)
            .join(schema.Document, schema.Meeting.document_id == schema.Document.id)
        ).all()
    found: dict[str, set[str]] = {}
    for name, source in rows:
        found.setdefault(name, set()).add(source)
    return found


def known_initials(store: Store) -> dict[str, set[str]]:
    """{source: initials} the minutes give people in each meeting's attendance: "thanked JS" names
    someone only where JS is someone in that meeting (elsewhere "DA" may be domestic abuse)."""
    with Session(store.engine) as session:
        rows = session.execute(
            select(schema.Document.source, schema.Attendance.initials)
            .join(schema.Meeting, schema.Meeting.document_id == schema.Document.id)
            .join(schema.Attendance, schema.Attendance.meeting_id == schema.Meeting.id)
        ).all()
    found: dict[str, set[str]] = {}
    for source, initials in rows:
        if initials and initials.isupper() and 2 <= len(initials) <= 4:
            found.setdefault(source, set()).add(initials)
    return found
