"""Structured logs: one JSON object a line, and one line per question answered.

A question's line holds its latency, intent, hit count, whether it was found and the index
version, and where the time of its answer went (`AnswerTimings`); never the question or
answer text at INFO (staff may ask about people). DEBUG adds the question for local
troubleshooting.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict, dataclass

from retrieval.answer_types import Answer

QUESTIONS = logging.getLogger("minutes.questions")


class JsonFormatter(logging.Formatter):
    """`{"ts", "level", "logger", "message", ...fields}` per record."""

    def format(self, record: logging.LogRecord) -> str:
        row = {"ts": round(record.created, 3), "level": record.levelname, "logger": record.name, "message": record.getMessage()}
        row.update(getattr(record, "fields", {}) or {})
        if record.exc_info:
            row["error"] = self.formatException(record.exc_info)
        return json.dumps(row, default=str)


def configure(level: int = logging.INFO) -> None:
    """Send every log record to stderr as a JSON line."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


@dataclass(frozen=True)
class AnswerTimings:
    """Where one answer's time went, in milliseconds of wall time unless named CPU."""

    queued_ms: float  # handed over by the acknowledging thread → started on an answer thread
    answer_ms: float  # retrieval and composing the answer
    answer_cpu_ms: float  # CPU of the thread that answered (here or in an answer process); the rest of answer_ms waited
    render_ms: float  # the Block Kit message
    slack_ms: float  # the Web API calls: 👀 on, the reply, 👀 off


def log_question(source: str, started: float, answer: Answer | None, version: int | None,
                 timings: AnswerTimings | None = None) -> None:
    """One line per question: where it came from, how long it took, what kind, how many hits."""
    fields = {
        "event": "question", "source": source, "latency_ms": round((time.perf_counter() - started) * 1000, 1),
        "index_version": version, "intent": answer.intent.value if answer else None,
        "found": answer.found if answer else False, "hits": len(answer.passages) if answer else 0,
        "actions": len(answer.actions) if answer else 0,
        **(asdict(timings) if timings else {}),
    }
    QUESTIONS.info("question answered", extra={"fields": fields})
    if answer is not None and QUESTIONS.isEnabledFor(logging.DEBUG):
        QUESTIONS.debug("question text", extra={"fields": {"event": "question_text", "question": answer.question}})
