"""One hand-weighted scorer over `ActionFeatures`: is a candidate an action?

Each feature adds its weight; a candidate is kept when the sum reaches `ACCEPT`. The weights
say how much each kind of evidence is worth on its own, so that no missing signal rejects a
candidate alone, and prose (which minutes mostly use for news) needs the most evidence:

* marking: an explicit marker is almost enough alone; an action-section entry nearly so; a
  list entry with an owner at its edge needs a work verb as well; prose needs a known doer,
  a work verb and a committing modality.
* owner: a person, role or body of the meeting counts most; a word the document uses as a
  name elsewhere less; a merely name-shaped word counts only beside explicit marking; a group
  ("members") is a weak doer in prose, where it is usually news ("Highways will attend").
* modality: "to", "will", undertakings and decisions commit someone; bare "would/should"
  reports what was said, and counts against.
* a verb that does work counts for; none counts against.
* running text of minutes that mark their actions elsewhere (markers, action lists) counts
  against when it names nobody to do the work; beside an action register (tables, numbered
  actions) all running text counts a little against.

Weights were set by hand on the failure classes of `real-b` (see
`docs`/issue 18) and checked against samples, `real/` and the unlabelled pool.
"""

from __future__ import annotations

from corpus.action_evidence import ActionFeatures, DocumentMarking, Marking, Modality, OwnerSupport

ACCEPT = 2.0
# Minutes that mark their actions record most of them so; their prose needs more evidence:
# beside a formal register of actions any prose, beside marked actions prose that names
# no person or role to do the work ("It was agreed to put a notice in the village pump").
_PROSE_BESIDE_REGISTER = 0.4
_UNOWNED_PROSE_BESIDE_MARKED = 0.6

_MARKING = {Marking.MARKER: 3.0, Marking.SECTION: 2.5, Marking.DECISION: 1.5, Marking.EDGE: 0.5, Marking.PROSE: 0.0}
# Owner weight by marking: explicit marking may name anyone written name-like; prose may not.
_OWNER_EXPLICIT = {OwnerSupport.KNOWN: 1.5, OwnerSupport.NAMED: 1.2, OwnerSupport.SHAPED: 0.8, OwnerSupport.GROUP: 0.5, OwnerSupport.NONE: -0.5}
_OWNER_EDGE = {OwnerSupport.KNOWN: 1.5, OwnerSupport.NAMED: 1.0, OwnerSupport.SHAPED: 0.3, OwnerSupport.GROUP: 0.0, OwnerSupport.NONE: -3.0}
_OWNER_PROSE = {OwnerSupport.KNOWN: 1.5, OwnerSupport.NAMED: 1.2, OwnerSupport.SHAPED: -1.0, OwnerSupport.GROUP: -1.5, OwnerSupport.NONE: -2.0}
_MODALITY = {
    Modality.IMPERATIVE: 0.5, Modality.UNDERTAKING: 0.5, Modality.FUTURE: 0.3, Modality.AGREED: 0.5,
    Modality.OBLIGATION: 0.3, Modality.REPORTED: -1.5, Modality.PASSIVE: 0.0, Modality.NONE: 0.0,
}


def action_score(features: ActionFeatures) -> float:
    """The summed weight of a candidate's evidence (see the module docstring)."""
    score = _MARKING[features.marking]
    if features.marking in (Marking.MARKER, Marking.SECTION, Marking.DECISION):
        score += _OWNER_EXPLICIT[features.owner]
    elif features.marking is Marking.EDGE:
        score += _OWNER_EDGE[features.owner]
    else:
        score += _OWNER_PROSE[features.owner]
    score += _MODALITY[features.modality]
    if features.work_verb:
        score += 0.5
    else:
        # An explicit marker says there is work even when its words are a noun phrase
        # ("ACTION: Poster for the notice boards"); elsewhere no work verb is a topic.
        score -= 0.3 if features.marking is Marking.MARKER else 1.0
    if features.list_entry:
        # An entry of an action list is what the author listed as an action; elsewhere a
        # list entry is only a little more likely to be one than a paragraph.
        # An ownerless entry with no work verb ("Simon French provided an update") counts
        # only as a list entry.
        strong = features.marking is Marking.SECTION and (features.work_verb or features.owner is not OwnerSupport.NONE)
        score += 1.0 if strong else 0.2
    if features.emphasis:
        score += 0.3
    if features.speaker_label:
        score += 0.2  # "Hervé: I will ...": the speaker undertakes it
    if features.pronoun:
        score -= 0.3  # "he would ...": resolved to the nearest name, which may be wrong
    if features.review_section and features.owner is OwnerSupport.NONE and features.modality is not Modality.IMPERATIVE:
        score -= 2.0  # ownerless entries under "Actions from previous meeting" mostly report progress
    if features.presenter_like:
        score -= 2.0
    if features.document_marking is DocumentMarking.REGISTER:
        score -= _PROSE_BESIDE_REGISTER
    if features.document_marking is not DocumentMarking.NONE and features.owner in (OwnerSupport.NONE, OwnerSupport.GROUP):
        score -= _UNOWNED_PROSE_BESIDE_MARKED
    return score


def is_action(features: ActionFeatures) -> bool:
    """The candidate's evidence adds up to an action."""
    return action_score(features) >= ACCEPT
