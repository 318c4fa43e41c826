"""What an action candidate rests on, as a typed record the scorer (`corpus.action_scorer`) weighs.

Detectors in `corpus.text_actions` propose candidates wherever minutes might record work and
describe each by the same features: how the text is marked, the shape of the owner slot and
how well the owner is known, the work verb and the modality of the sentence, and layout (list
entry, emphasis). No single feature decides; a missing one lowers the score.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from corpus.assignments import AssignmentForm
from corpus.models import Owner, OwnerKind
from corpus.work_verbs import is_work_verb


class Marking(str, enum.Enum):
    """How the minutes mark the text as an action, strongest first."""

    MARKER = "marker"  # "Action (X): ...", "ACTION: ...", "... Action: Clerk"
    SECTION = "section"  # an entry under "Actions", "Action items", "Next steps"
    DECISION = "decision"  # a point of "DECISION: 1) ... 2) ..."
    EDGE = "edge"  # a list entry with its owner at its edge: "(Roland) Draft notice", "task - Tine"
    PROSE = "prose"  # running text: "Roy will investigate this"


class OwnerSupport(str, enum.Enum):
    """How sure we are that the owner is someone, best first."""

    KNOWN = "known"  # a person, role or body of this meeting (attendance, roles, initials)
    NAMED = "named"  # not listed, but the document uses the word as someone's name elsewhere
    SHAPED = "shaped"  # name-shaped ("Jacob Kaplan-Moss", "GB") but seen nowhere else
    GROUP = "group"  # a plural or generic doer: "members", "Councillors", "Sysadmins"
    NONE = "none"  # nobody is named


class Modality(str, enum.Enum):
    """How the sentence gives the work."""

    IMPERATIVE = "imperative"  # "HR to chase", "Create github repo" (bare verb in an entry)
    UNDERTAKING = "undertaking"  # "volunteered to", "said he would", "I will" after a speaker label
    FUTURE = "future"  # "will", "shall", "is going to"
    AGREED = "agreed"  # "It was agreed that X would", "It was AGREED to raise ..."
    OBLIGATION = "obligation"  # "is to", mandates ("That BB contact ...")
    REPORTED = "reported"  # bare "would/should/could" with nothing that commits anyone
    PASSIVE = "passive"  # "... would be emailed round by HR"
    NONE = "none"  # no verb that gives work


class DocumentMarking(str, enum.Enum):
    """How a document marks its actions, as evidence about its running text."""

    REGISTER = "register"  # action tables, or numbered action markers ("Action 12/3: ...")
    MARKED = "marked"  # some explicit marking: "ACTION:", action lists
    NONE = "none"  # actions only in running text


@dataclass(frozen=True)
class ActionFeatures:
    """The evidence one candidate carries."""

    marking: Marking
    owner: OwnerSupport
    modality: Modality
    work_verb: bool  # the clause's verb (or the entry's first word) does work: "draft", "contact"
    list_entry: bool = False
    emphasis: bool = False
    speaker_label: bool = False  # "Hervé: I will ..." resolved I to the speaker
    pronoun: bool = False  # the doer was "he"/"who", resolved to a name nearby
    review_section: bool = False  # under "Actions from previous meeting": entries are often reports
    presenter_like: bool = False  # "(Bob) Update on new members": a bracketed name before a topic
    # For running text: how the rest of the document marks its actions. Minutes that mark
    # theirs record most of them so, and their running text is then mostly narrative.
    document_marking: DocumentMarking = DocumentMarking.NONE


_FORM_MODALITY = {
    AssignmentForm.INFINITIVE: Modality.IMPERATIVE,
    AssignmentForm.OBLIGATION: Modality.OBLIGATION,
    AssignmentForm.UNDERTAKING: Modality.UNDERTAKING,
    AssignmentForm.MANDATE: Modality.OBLIGATION,
    AssignmentForm.FUTURE: Modality.FUTURE,
    AssignmentForm.REPORTED: Modality.REPORTED,
    AssignmentForm.PASSIVE: Modality.PASSIVE,
}


def modality_of(form: AssignmentForm | None) -> Modality:
    """The modality an assignment's grammar gives."""
    return _FORM_MODALITY.get(form, Modality.NONE) if form is not None else Modality.NONE


def owner_support(owners: list[Owner], known: list[bool]) -> OwnerSupport:
    """The weakest support among `owners` (`known[i]`: owner i was resolved by the meeting)."""
    if not owners:
        return OwnerSupport.NONE
    ranks = []
    for owner, is_known in zip(owners, known):
        if owner.kind is OwnerKind.ORGANISATION and not is_known:
            ranks.append(OwnerSupport.GROUP)
        elif is_known:
            ranks.append(OwnerSupport.KNOWN)
        elif _NAME_SHAPED.fullmatch(owner.as_written or owner.name):
            ranks.append(OwnerSupport.SHAPED)
        else:
            ranks.append(OwnerSupport.GROUP)
    order = list(OwnerSupport)
    return max(ranks, key=order.index)


_NAME_SHAPED = re.compile(r"(?:@[\w-]{2,39}|[A-Z]{2,5}|[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]*){0,2})")


def opens_with_work(text: str) -> bool:
    """The entry opens with an imperative work verb: "Draft notice ...", not "Update on ..."."""
    words = text.split()
    if words and words[0].lower() in ("to", "please"):
        words = words[1:]  # "To set up a December meeting ...", "Please send ..."
    if not words:
        return False
    # The first word must be a plain word: "import.meta.url" is no instruction to import.
    first = words[0].strip("*_").rstrip(",:;")
    following = words[1].lower().strip(",.;:") if len(words) > 1 else ""
    return first.isalpha() and is_work_verb(first) and following not in _NOUN_USE_NEXT


# A verb-looking first word used as a noun: "Update on ...", "Review of ...", "Report from ...".
_NOUN_USE_NEXT = frozenset({"on", "of", "from", "if", "about", "re", "regarding", "is", "was", "has", "needed", "required"})
