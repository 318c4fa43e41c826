"""Follow-up questions in a conversation: "and what's due next month?" after "What are
Roger Hirst's open actions?" is asked about Roger Hirst's actions."""

from __future__ import annotations

import re

_CONTINUES = re.compile(
    r"^\s*(?:and|also|plus|then|so|what about|how about|and what about)\b"
    r"|\b(?:he|she|they|him|her|them|his|hers|their|theirs|it|its|that|those|these|this one)\b",
    re.I,
)


def is_follow_up(question: str) -> bool:
    """Whether `question` leans on an earlier one (starts with "and", "what about", or uses a pronoun)."""
    return bool(_CONTINUES.search(question))


def with_context(question: str, previous: str | None) -> str:
    """The question to answer: the earlier question's words joined in when this one follows up."""
    if previous and is_follow_up(question):
        return f"{previous.rstrip(' ?.')}; {question}"
    return question
