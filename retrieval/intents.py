"""What kind of answer a question wants, from its wording.

Minutes questions fall into a few shapes; each is answered from a different part of the
store: action records (who owns X, what does a person have), attendance (who came, who
sent apologies), meeting metadata (when/where), or the minutes' own sentences (decisions
and facts). Unknown shapes are answered as facts, which is the safe, extractive default.
"""

from __future__ import annotations

import re
from enum import Enum

from retrieval.question_shape import Wanted, asks_for_persons_work, read_shape


class Intent(str, Enum):
    ACTION_OWNER = "action_owner"  # who owns / is responsible for / will do X
    PERSON_ACTIONS = "person_actions"  # what actions does Anna Hook have
    ACTION_LOOKUP = "action_lookup"  # what is action 46/18
    ATTENDANCE = "attendance"  # who attended / sent apologies
    MEETING = "meeting"  # when / where was (or is the next) meeting
    DECISION = "decision"  # what was decided / agreed about X
    FACT = "fact"  # anything else: amounts, numbers, dates, what was said


# "action 46/18", "action point 8", or a bare "46/18" (which only counts when an action has that ref).
ACTION_REF = re.compile(r"\b(?:action(?:\s+point)?\s+(?:no\.?\s*|ref\.?\s*)?(\d+[a-z]?(?:/\d+)?)|(\d{1,4}/\d{2,4}))\b", re.I)
_ATTENDANCE = re.compile(
    r"\b(apolog\w*|regrets|attend\w*|present\b|absent\b|absence|in the chair|chaired|chair\b|members?\s+(?:were\s+)?there|who\s+(?:was|were)\s+(?:at|there))",
    re.I,
)
# The meeting itself is what a date or place is asked of: "when was the AGM held", "on what date was the
# board meeting at which …", "in which city did the working group hold its session", "when are they due
# to meet again". Not when the question is about something done or planned at it ("when did the board agree …").
_MEETING_OPENING = (r"^\s*(?:and\s+)?(?:(?:on|in|at|for)\s+)?(?:when|where|(?:what|which)(?:['’]s|\s+(?:is|was|will\s+be))?\s+"
                    r"(?:the\s+)?(?:next\s+)?(?:date|time|day|city|town|country|venue|location|place|building|room)s?)\b")
_MEETING = re.compile(
    _MEETING_OPENING + r"[^?]*\b(?:meeting|meet|met|board|committee|panel|session|agm|plenum|call|held|hold|convene[ds]?)s?\b", re.I)
_DONE_AT_MEETING = re.compile(
    r"\b(?:decid|agree|approv|discuss|deliver|implement|launch|complet|happen|expect|plan|intend)\w*"
    r"|\bdue\b(?!\s+to\s+(?:meet|be\s+held|reconvene))", re.I)
_WHO = re.compile(r"^\s*(?:and\s+)?(?:who|whom|which\s+(?:person|officer|member|team|organisation|body))\b", re.I)


def classify(question: str, names_a_person: bool) -> Intent:
    """The intent of `question`; `names_a_person` says whether it names someone in the store.

    Read from the question's shape (see question_shape): who-questions about work someone
    took on ("who's chasing X", "who must bring Y") go to the action records; a question
    naming a person and asking what they have to do lists their actions; "what were the X
    actions" lists the actions on that topic. ACTION_LOOKUP is decided by the caller, which
    knows whether a quoted ref exists.
    """
    shape = read_shape(question)
    if _ATTENDANCE.search(question) and (_WHO.search(question) or re.search(r"\b(how many|list|did)\b", question, re.I)) \
            and not shape.doer:
        return Intent.ATTENDANCE
    if names_a_person and shape.wanted is not Wanted.PERSON and (asks_for_persons_work(question) or shape.lists_actions):
        return Intent.PERSON_ACTIONS
    if shape.doer or (shape.lists_actions and shape.wanted in (Wanted.ANY, Wanted.PERSON)):
        return Intent.ACTION_OWNER
    if _MEETING.search(question) and not _DONE_AT_MEETING.search(question):
        return Intent.MEETING
    if shape.outcome:
        return Intent.DECISION
    return Intent.FACT
