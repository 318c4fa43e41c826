"""The admins' correction modals (Block Kit views) and what their submissions say.

"Correct" (on an action's Details, admins only) opens a modal with the owner (a person of the
meeting, or any name), the due date, the status and "not an action"; "Add action" (on a cited
passage) opens one pre-filled with the passage's sentence. Limits kept: title ≤ 24 characters,
option text ≤ 75 and value ≤ 150, ≤ 100 options, private_metadata ≤ 3000, input text ≤ 3000.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from index.views import ActionView
from retrieval.wording import action_line, item_label, long_date

CORRECT_ACTION = "correct_action"  # the button on a Details view
ADD_ACTION = "add_action"  # the button on a cited passage
CORRECT_VIEW = "correct_action_modal"
ADD_VIEW = "add_action_modal"
OPEN, CLOSED = "open", "closed"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"'(])")
_MAX_OPTIONS = 100


@dataclass(frozen=True)
class CorrectionInput:
    """What an admin submitted: only the fields that differ from the record shown."""

    owner: str | None
    due: str | None
    status: str | None
    not_action: bool = False
    text: str | None = None  # an added action's words

    @property
    def empty(self) -> bool:
        return not (self.owner or self.due or self.status or self.not_action)


def _plain(text: str, limit: int = 75) -> dict:
    text = " ".join(text.split()) or "?"
    return {"type": "plain_text", "text": text if len(text) <= limit else text[: limit - 1] + "…"}


def _option(label: str, value: str) -> dict:
    return {"text": _plain(label), "value": value[:150]}


def _mrkdwn_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _owner_blocks(people: list[str], current: str | None) -> list[dict]:
    options = [_option(name, name) for name in people[:_MAX_OPTIONS]]
    pick: dict = {"type": "static_select", "action_id": "pick", "placeholder": _plain("A person of the meeting")}
    if options:
        pick["options"] = options
        initial = next((o for o in options if o["value"] == current), None)
        if initial:
            pick["initial_option"] = initial
    blocks = []
    if options:
        blocks.append({"type": "input", "block_id": "owner", "optional": True, "label": _plain("Owner"), "element": pick})
    blocks.append({"type": "input", "block_id": "owner_other", "optional": True,
                   "label": _plain("Owner: another name" if options else "Owner"),
                   "element": {"type": "plain_text_input", "action_id": "name", "max_length": 200,
                               "placeholder": _plain("Any name, if not in the list")}})
    return blocks


def _due_block(due: str | None) -> dict:
    picker: dict = {"type": "datepicker", "action_id": "date", "placeholder": _plain("Due date")}
    if due and re.fullmatch(r"\d{4}-\d{2}-\d{2}", due):
        picker["initial_date"] = due
    return {"type": "input", "block_id": "due", "optional": True, "label": _plain("Due"), "element": picker}


def correction_modal(action: ActionView, people: list[str]) -> dict:
    """The "Correct" modal for one record, its current values filled in."""
    current = action.owners[0].name if len(action.owners) == 1 else None
    statuses = [_option("open", OPEN), _option("closed (done)", CLOSED)]
    blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": _mrkdwn_escape(_clip(action_line(action), 2900))}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": _mrkdwn_escape(_clip(
            f"{action.board}, {long_date(action.meeting_date)}, {item_label(action.item, action.item_title)} ({action.source})",
            2900))}]},
        *_owner_blocks(people, current),
        _due_block(action.due),
        {"type": "input", "block_id": "status", "optional": True, "label": _plain("Status"),
         "element": {"type": "static_select", "action_id": "pick", "options": statuses,
                     "initial_option": statuses[1] if action.status == CLOSED else statuses[0]}},
        {"type": "input", "block_id": "not_action", "optional": True, "label": _plain("Not an action?"),
         "element": {"type": "checkboxes", "action_id": "flag",
                     "options": [_option("The reader was wrong: this is not an action", "yes")]}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text":
            "Kept apart from the minutes, with your name and the time; answers, `/actions`, the Home tab and reminders use it."}]},
    ]
    metadata = json.dumps({"source": action.source, "ref": action.ref, "description": action.description[:200]})
    return {"type": "modal", "callback_id": CORRECT_VIEW, "title": _plain("Correct action", 24),
            "submit": _plain("Save", 24), "close": _plain("Cancel", 24), "private_metadata": metadata, "blocks": blocks}


def add_action_modal(source: str, item: str | None, where: str, sentence: str, people: list[str]) -> dict:
    """The "Add action" modal for a passage, pre-filled with its sentence."""
    blocks = [
        {"type": "context", "elements": [{"type": "mrkdwn", "text": _mrkdwn_escape(_clip(where, 2900))}]},
        {"type": "input", "block_id": "text", "label": _plain("The action"),
         "element": {"type": "plain_text_input", "action_id": "text", "multiline": True, "max_length": 3000,
                     "initial_value": _clip(sentence, 3000)}},
        *_owner_blocks(people, None),
        _due_block(None),
    ]
    metadata = json.dumps({"source": source, "item": item})
    return {"type": "modal", "callback_id": ADD_VIEW, "title": _plain("Add action", 24),
            "submit": _plain("Add", 24), "close": _plain("Cancel", 24), "private_metadata": metadata, "blocks": blocks}


def done_view(title: str, text: str) -> dict:
    """What the modal shows after a submission (response_action "update")."""
    return {"type": "modal", "title": _plain(title, 24), "close": _plain("Close", 24),
            "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": _mrkdwn_escape(_clip(text, 2900))}}]}


def _value(state: dict, block: str, action: str) -> dict:
    return (state.get("values", {}).get(block) or {}).get(action) or {}


def submitted(view: dict, action: ActionView | None) -> CorrectionInput:
    """The fields of a submitted modal, leaving out what equals the record as shown."""
    state = view.get("state") or {}
    other = (_value(state, "owner_other", "name").get("value") or "").strip()
    picked = (_value(state, "owner", "pick").get("selected_option") or {}).get("value")
    owner = other or picked or None
    due = _value(state, "due", "date").get("selected_date") or None
    status = (_value(state, "status", "pick").get("selected_option") or {}).get("value")
    flagged = bool(_value(state, "not_action", "flag").get("selected_options"))
    text = (_value(state, "text", "text").get("value") or "").strip() or None
    if action is not None:
        if owner and [o.name for o in action.owners] == [owner]:
            owner = None
        if due and due == action.due:
            due = None
        if status and status == action.status:
            status = None
    return CorrectionInput(owner, due, status, flagged, text)


def passage_sentence(text: str, answer_text: str) -> str:
    """The passage's sentence an answer quotes (the first that appears in it), else its first sentence."""
    sentences = [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]
    flat = " ".join(answer_text.split())
    quoted = next((s for s in sentences if len(s) > 20 and s[:120] in flat), None)
    return _clip(quoted or (sentences[0] if sentences else ""), 1500)


def add_button(source: str, item: str | None, sentence: str) -> dict:
    """The "Add action" button of a cited passage (its value ≤ 2000 characters). The sentence
    is escaped like all minutes text in a message (`button_sentence` reads it back)."""
    value = json.dumps({"source": source, "item": item, "sentence": _mrkdwn_escape(sentence[:1500])})
    if len(value) > 2000:
        value = json.dumps({"source": source, "item": item, "sentence": _mrkdwn_escape(sentence[:500])})
    return {"type": "button", "action_id": ADD_ACTION, "text": _plain("Add action"), "value": value}


def button_sentence(value: dict) -> str:
    """The sentence an "Add action" button carries, as the minutes write it."""
    text = str(value.get("sentence") or "")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def correct_button(value: str) -> dict:
    return {"type": "button", "action_id": CORRECT_ACTION, "text": _plain("Correct"), "value": value}


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
