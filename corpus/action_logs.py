"""Action logs: "65/16 – Harm index / Update: complete" under an Action Log or Matters
Arising heading, updating actions of earlier meetings, and records for the entries whose
action was set at a meeting the store may not have."""

from __future__ import annotations

import re

from corpus.action_markers import LOG_REF
from corpus.items import ItemSection
from corpus.models import ActionRecord, ActionStatus, ActionUpdate

_LOG_ENTRY = re.compile(rf"(?:(?<=\s)|^)(?P<ref>{LOG_REF})\s*[–—-]\s+(?=\S)")
_LOG_CONTEXT = re.compile(
    r"action log|actions? log|matters arising|outstanding actions|actions? (?:from|arising)|"
    r"(?:previous|last) (?:meeting|minutes)|action tracker|review of actions",
    re.IGNORECASE,
)
_UPDATE_PREFIX = re.compile(r"^\s*(?:update|progress|status)\s*[:\-–]\s*", re.IGNORECASE)
_CLOSED = re.compile(r"\b(complete[d]?|closed?|discharged|done|finished|resolved|achieved)\b", re.IGNORECASE)
_KEPT_OPEN = re.compile(
    r"\b(leave open|left open|remains? open|keep open|kept open|still open|ongoing|on-going|"
    r"carried forward|c/f|outstanding|not (?:yet )?(?:complete|closed|done)|in progress)\b",
    re.IGNORECASE,
)


def update_status(text: str) -> ActionStatus | None:
    """What an action-log update says of the action's status, if anything."""
    if _KEPT_OPEN.search(text):
        return ActionStatus.OPEN
    if _CLOSED.search(text):
        return ActionStatus.CLOSED
    return None


def log_updates(item: ItemSection) -> list[ActionUpdate]:
    """Updates on earlier actions, from an item that reviews the action log."""
    updates: list[ActionUpdate] = []
    in_log = bool(_LOG_CONTEXT.search(item.title))
    current: ActionUpdate | None = None
    for line in _log_lines(item):
        if not in_log and _LOG_CONTEXT.search(line):
            in_log = True
        if not in_log:
            continue
        entries = list(_LOG_ENTRY.finditer(line))
        if not entries:
            if current is not None and (_UPDATE_PREFIX.match(line) or not _starts_new_topic(line)):
                current.text = f"{current.text}\n{line}"
                current.status = update_status(current.text)
            continue
        if entries[0].start() > 0 and current is not None:
            current.text = f"{current.text} {line[: entries[0].start()].strip()}"
        for entry, following in zip(entries, entries[1:] + [None]):
            body = line[entry.end() : following.start() if following else None].strip()
            current = ActionUpdate(ref=entry.group("ref"), text=body, status=update_status(body), item_number=item.number)
            updates.append(current)
    return updates


def _log_lines(item: ItemSection) -> list[str]:
    """The item's minutes text (not its action column), one paragraph a line."""
    lines: list[str] = []
    for part in item.parts:
        text = part.text
        lines.extend(" ".join(line.split()) for line in text.split("\n") if line.strip())
    return lines


def _starts_new_topic(line: str) -> bool:
    # Within a log, a line with no ref continues the entry unless it is a new heading.
    return len(line.split()) <= 6 and not line.endswith(".")


def carried_forward(actions: list[ActionRecord], updates: list[ActionUpdate]) -> list[ActionRecord]:
    """Records for log entries whose action was set at a meeting we may not have."""
    known = {a.ref for a in actions if a.ref}
    records: list[ActionRecord] = []
    for update in updates:
        if update.ref in known:
            continue
        known.add(update.ref)
        records.append(
            ActionRecord(
                ref=update.ref,
                description=" ".join(update.text.split()),
                item_number=update.item_number,
                status=update.status or ActionStatus.OPEN,
                from_log=True,
            )
        )
    return records
