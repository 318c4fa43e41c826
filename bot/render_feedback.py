"""Answer feedback in Slack: the 👍 / 👎 buttons under an answer, the ephemeral "what was wrong?"
that a 👎 opens, and the thanks.

The buttons carry what is stored with a vote: the answer's citations (source, board, date,
item) and, only when the workspace opted in (MINUTES_KEEP_QUESTIONS), the question's text;
without the opt-in the question is never put in the message. Values stay ≤ 2000 characters.
"""

from __future__ import annotations

import json

from bot.render import SlackMessage, escape
from index.answer_feedback import REASONS, Citation
from retrieval.answer_types import Answer

FEEDBACK_UP, FEEDBACK_DOWN = "feedback_up", "feedback_down"
REASON_PREFIX = "feedback_"  # + a reason: the buttons a 👎 opens
VALUE_LIMIT = 2000
QUESTION_CHARS = 500
CITED = 3


def cited(answer: Answer) -> list[Citation]:
    """What the answer cites: the passages it rests on, or (not found) the closest ones it showed."""
    passages = answer.sources or answer.related(CITED)
    return [Citation(p.passage.source, p.passage.board, p.passage.meeting_date, p.passage.item) for p in passages[:CITED]]


def feedback_value(answer: Answer, question: str | None = None) -> str:
    """The buttons' value: citations, and `question` only when given (the opt-in)."""
    rows = [[c.source[:200], c.board[:200], c.date, c.item] for c in cited(answer)]
    data: dict = {"c": rows}
    if question:
        data["q"] = question[:QUESTION_CHARS]
    value = json.dumps(data, ensure_ascii=False)
    while len(value) > VALUE_LIMIT and data["c"]:
        data["c"].pop()
        value = json.dumps(data, ensure_ascii=False)
    return value


def read_value(value: str | None) -> tuple[list[Citation], str | None]:
    """(citations, question) from a button's value; nothing when it is not one of ours."""
    try:
        data = json.loads(value or "{}")
        citations = [Citation(str(s), str(b), d, i) for s, b, d, i in data.get("c", [])]
    except (json.JSONDecodeError, TypeError, ValueError, AttributeError):
        return [], None
    question = data.get("q")
    return citations, question if isinstance(question, str) else None


def feedback_block(value: str) -> dict:
    """👍 / 👎 under an answer."""
    def button(action_id: str, emoji: str, label: str) -> dict:
        return {"type": "button", "action_id": action_id, "value": value,
                "text": {"type": "plain_text", "text": emoji, "emoji": True}, "accessibility_label": label}

    return {"type": "actions", "block_id": "answer_feedback",
            "elements": [button(FEEDBACK_UP, ":+1:", "This answer helped"), button(FEEDBACK_DOWN, ":-1:", "This answer was wrong")]}


def reason_message(feedback_id: int) -> SlackMessage:
    """Asked (ephemerally) after a 👎."""
    text = "Thanks. What was wrong with the answer?"
    buttons = [{"type": "button", "action_id": REASON_PREFIX + reason, "value": str(feedback_id),
                "text": {"type": "plain_text", "text": label[:1].upper() + label[1:]}} for reason, label in REASONS.items()]
    return SlackMessage(text, [{"type": "section", "text": {"type": "mrkdwn", "text": text}},
                               {"type": "actions", "block_id": "feedback_reason", "elements": buttons}])


def thanks_message(kind: str) -> SlackMessage:
    text = "Thanks, glad it helped." if kind not in REASONS else f"Thanks — noted: {REASONS[kind]}."
    return SlackMessage(text, [{"type": "section", "text": {"type": "mrkdwn", "text": escape(text)}}])
