"""What staff said about the bot's answers (👍 / 👎 and what was wrong), and the report of it.

One vote per user per answer: voting again replaces the earlier vote. A 👎 is stored at once
as "not_helpful" and refined when the user says what was wrong. The question's text is
stored only when the caller passes it (the workspace opted in with MINUTES_KEEP_QUESTIONS).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import datetime, timezone

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from index import schema

HELPFUL, NOT_HELPFUL = "helpful", "not_helpful"
REASONS = {"wrong_answer": "wrong answer", "wrong_meeting": "wrong meeting", "should_say_not_found": "should have said not found"}
KINDS = (HELPFUL, NOT_HELPFUL, *REASONS)


@dataclass(frozen=True)
class Citation:
    """A passage an answer cited."""

    source: str
    board: str
    date: str | None
    item: str | None


@dataclass(frozen=True)
class FeedbackCount:
    kind: str
    board: str  # the board of the answer's first citation ("(no citation)" when it cited none)
    count: int


@dataclass(frozen=True)
class FeedbackRow:
    kind: str
    slack_user: str
    at: datetime
    citations: list[Citation]
    question: str | None


class FeedbackLog:
    """Typed access to the `answer_feedback` table (created by `Store`)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        schema.Base.metadata.create_all(engine, tables=[schema.AnswerFeedback.__table__])

    def vote(self, kind: str, slack_user: str, channel: str, message_ts: str, citations: list[Citation],
             question: str | None = None) -> int:
        """Record (or replace) `slack_user`'s vote on the answer at (channel, message_ts); its id."""
        if kind not in KINDS:
            raise ValueError(f"unknown feedback kind {kind!r}; expected one of {', '.join(KINDS)}")
        table = schema.AnswerFeedback
        with Session(self.engine) as session, session.begin():
            row = session.scalar(select(table).where(table.channel == channel, table.message_ts == message_ts,
                                                     table.slack_user == slack_user))
            if row is None:
                row = table(channel=channel, message_ts=message_ts, slack_user=slack_user)
                session.add(row)
            row.kind, row.at = kind, datetime.now(timezone.utc).replace(tzinfo=None)
            row.citations = json.dumps([asdict(c) for c in citations])
            row.board = citations[0].board if citations else None
            row.question = question
            session.flush()
            return row.id

    def refine(self, feedback_id: int, slack_user: str, reason: str) -> bool:
        """What was wrong with a 👎 answer; False when the vote is not that user's (or is gone)."""
        if reason not in REASONS:
            raise ValueError(f"unknown reason {reason!r}; expected one of {', '.join(REASONS)}")
        with Session(self.engine) as session, session.begin():
            row = session.get(schema.AnswerFeedback, feedback_id)
            if row is None or row.slack_user != slack_user:
                return False
            row.kind, row.at = reason, datetime.now(timezone.utc).replace(tzinfo=None)
            return True

    def rows(self) -> list[FeedbackRow]:
        with Session(self.engine) as session:
            return [FeedbackRow(r.kind, r.slack_user, r.at, [Citation(**c) for c in json.loads(r.citations)], r.question)
                    for r in session.scalars(select(schema.AnswerFeedback).order_by(schema.AnswerFeedback.at,
                                                                                     schema.AnswerFeedback.id))]

    def counts(self) -> list[FeedbackCount]:
        """Votes by kind and board, the most frequent first."""
        with Session(self.engine) as session:
            tally = Counter((kind, board or "(no citation)") for kind, board in session.execute(
                select(schema.AnswerFeedback.kind, schema.AnswerFeedback.board)))
        return [FeedbackCount(kind, board, n) for (kind, board), n in sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))]
