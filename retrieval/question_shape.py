"""What a question asks for, read from its structure rather than from a list of phrasings.

Three things are read: the kind of thing the answer must hold (a person for "who", an
amount for "how much", a count for "how many", a proportion, a date for "when", a place
for "where"); whether the question is about work someone took on (action words and the
ways staff say them: owns, owes, on the hook, chasing, sorting out, still to do,
outstanding, volunteered, "who's getting/doing/drafting X"); and whether it asks for an
outcome (decided, happened, position), which a decision answers rather than a request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Wanted(str, Enum):
    PERSON = "person"
    AMOUNT = "amount"
    COUNT = "count"
    PROPORTION = "proportion"
    DATE = "date"
    PLACE = "place"
    ANY = "any"


# Nouns that name a sum of money: "what was the rent", "the savings requirement".
_MONEY_NOUN = (r"cost|costs|price|budget|funding|fund|grant|saving|savings|spend|spending|overspend|underspend|outturn|"
               r"rent|fee|fees|balance|income|receipt|reserve|amount|sum|value|bid|charge|precept|deficit|surplus|"
               r"limit|allocation|contribution|share|payment|salary|award|donation|requirement|figure|total|raised")
_PERSON_NOUN = (r"person|people|officer|officers|member|members|councillor|councillors|chair|chairman|chairperson|"
                r"superintendent|inspector|sergeant|constable|detective|director|directors|manager|trustee|trustees|lead|leads|"
                r"clerk|treasurer|secretary|"
                r"auditor|auditors|representative|volunteer|speaker|presenter|individual|team|organisation|body|agency|partner")
_HOW_MUCH = re.compile(r"\bhow\s+much\b|\bhow\s+many\s+(?:pounds|dollars|euros)\b", re.I)
_HOW_MANY = re.compile(r"\bhow\s+many\b|\bnumber\s+of\b|\bhow\s+long\b|\bhow\s+often\b", re.I)
_PROPORTION = re.compile(r"\b(?:what|which)\s+(?:\w+\s+){0,3}?(?:proportion|percentage|fraction|rate|ratio)\b|\bhow\s+many\s+of\b|\bper\s*cent\b", re.I)
_WHEN = re.compile(r"^\s*(?:and\s+)?when\b|\buntil\s+when\b|\bby\s+when\b|\bwhat\s+(?:date|day|time|year|month)\b|\bdeadline\b|\bhow\s+soon\b", re.I)
_WHERE = re.compile(r"^\s*(?:and\s+)?where\b|\b(?:what|which)\s+(?:venue|location|place|city|town|country|building|room)\b", re.I)
# "which Local Public Data Panel member": a role noun after the name of its body, with no verb between.
_NAMING_WORDS = r"(?:(?!(?:is|was|were|are|did|does|do|has|have|had|will|would|should|can|could|the|a|an)\b)[\w:'’&.-]+\s+){0,5}?"
_WHICH_ROLE = rf"(?:^|[,:;]\s)\s*(?:and\s+)?(?:which|what)\s+(?:the\s+)?{_NAMING_WORDS}(?:{_PERSON_NOUN})\b"
_WHO = re.compile(rf"^\s*(?:and\s+)?(?:who|whom|whose)\b|\b(?:who|whom)\b(?:['’]s)?\s+\w+|{_WHICH_ROLE}", re.I)
_MONEY_ASKED = re.compile(rf"^\s*(?:and\s+)?what(?:['’]s|\s+(?:is|was|were|are|will\s+be|would\s+be))?\s+(?:the\s+)?(?:\w+\s+){{0,3}}?(?:{_MONEY_NOUN})\b", re.I)

# Work someone took on, as staff say it. Verbs in the progressive or with a modal ("who's
# getting quotes", "who must bring", "who will write") ask for a doer of future work.
_ACTION_WORDS = re.compile(
    r"\b(?:actions?|tasks?|to-?dos?|outstanding|open\s+items|assigned|responsible|responsibility|owns?|owned|owner|owes?|"
    r"on\s+the\s+hook|on\s+\w+\s+plate|chasing|chase|sorting(?:\s+out)?|still\s+to\s+do|left\s+to\s+do|to\s+do|"
    r"volunteer(?:ed|s)?|took\s+on|taking\s+(?:on|forward)|signed\s+up|follow(?:ing)?[\s-]+up|picking\s+up|in\s+charge|tasked|"
    r"supposed\s+to|must|needs?\s+to|has\s+to|have\s+to|will|should|going\s+to|agreed\s+to|said\s+(?:they|he|she)['’]?d|"
    r"(?:told|asked|instructed|charged|mandated)\s+(?:to|with))\b",
    re.I,
)
_DOER = re.compile(r"(?:^|[,:;]\s)\s*(?:and\s+)?(?:who|whom)(?:['’]s|\s+(?:is|was|are|were))?\s+(?!(?:\w+\s+)?(?:%s)\b)(?:\w+ing|\w+ing\s+up)\b" % "|".join(
    # Being at a meeting in someone's place is attendance, not work taken on: "who was subbing for X".
    ("subbing", "substituting", "deputi[sz]ing", "standing", "sitting", "representing", "attending", "chairing")), re.I)
_BODY_CHOSE = re.compile(
    r"^\s*(?:and\s+)?(?:who|whom)\s+(?:did|was|were|has|have|had|got|get|gets|is|are)\b[^?]*?"
    r"\b(?:agree|agreed|decide|decided|elect|elected|appoint|appointed|choose|chose|chosen|select|selected|nominate|nominated|"
    r"vote|voted|co-?opt|co-?opted|re-?elected)\b", re.I)
_SELF = re.compile(r"\b(?:I|my|me|mine|I['’]m|I['’]ve)\b")
_OUTCOME = re.compile(
    r"\b(?:decid\w*|decision\w*|agree\w*|resolv\w*|resolution|approv\w*|endors\w*|conclu\w*|vote\w*|voted|outcome|result|"
    r"happened|happen|position|elected|appointed|appoint|chose|chosen|selected|ended|rejected|accepted|"
    # "what did the board do with / about X": what became of it
    r"(?:do|done|doing)\s+(?:with|about))\b",
    re.I,
)
_PERSON_ACTIONS = re.compile(
    r"\b(?:actions?|tasks?|to-?dos?|outstanding|open\s+items|assigned|responsible\s+for|owe\w*|owns?|on\s+\w+\s+plate|"
    # "what did the board decide to do about X" asks for a decision, not someone's work.
    r"doing|still\s+to\s+do|left\s+to\s+do|(?<!decide\s)(?<!decided\s)(?<!agree\s)(?<!agreed\s)(?<!resolve\s)to\s+do|"
    r"on\s+the\s+hook\s+for|chasing|sorting\s+out|working\s+on|got\s+to\s+do|signed\s+up\s+(?:for|to)|took\s+on|taken\s+on|"
    r"volunteered\s+(?:for|to)|end(?:ed)?\s+up\s+(?:with|doing))\b",
    re.I,
)


@dataclass(frozen=True)
class QuestionShape:
    wanted: Wanted
    about_work: bool  # asks about an action someone took on
    doer: bool  # "who's getting / who must bring / who will write": the owner of an action
    outcome: bool  # asks what was decided or happened
    about_self: bool  # "what do I owe", "my actions"
    lists_actions: bool  # "what were the X actions", "Dean Chapple's actions"
    names_role: bool = False  # "which detective superintendent ...": a role is given, a name is wanted


def read_shape(question: str) -> QuestionShape:
    """The shape of `question`: the kind of answer it wants and what it is about."""
    # A gloss in brackets ("the CSS (Computer Science Society) balance") is not part of the question's frame.
    question = re.sub(r"\s*\([^()]*\)", "", question)
    if _PROPORTION.search(question):
        wanted = Wanted.PROPORTION
    elif _HOW_MUCH.search(question) or _MONEY_ASKED.search(question):
        wanted = Wanted.AMOUNT
    elif _HOW_MANY.search(question):
        wanted = Wanted.COUNT
    elif _WHO.search(question):
        wanted = Wanted.PERSON
    elif _WHEN.search(question):
        wanted = Wanted.DATE
    elif _WHERE.search(question):
        wanted = Wanted.PLACE
    else:
        wanted = Wanted.ANY
    about_work = bool(_ACTION_WORDS.search(question))
    # "who did the council agree should co-lead", "who got elected": a choice the body made, not work taken on.
    chosen = bool(_BODY_CHOSE.search(question))
    doer = wanted is Wanted.PERSON and not chosen and (about_work or bool(_DOER.search(question)))
    lists_actions = bool(re.search(r"\b(?:actions|tasks|to-?dos)\b", question, re.I)) and not doer
    names_role = bool(re.search(_WHICH_ROLE, question, re.I))
    return QuestionShape(wanted, about_work, doer, bool(_OUTCOME.search(question)), bool(_SELF.search(question)),
                         lists_actions, names_role)


def asks_for_persons_work(question: str) -> bool:
    """Whether a question naming a person asks what they have to do ("still to do", "owe", "actions")."""
    return bool(_PERSON_ACTIONS.search(question))
