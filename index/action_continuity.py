"""Following actions across meetings of the same body.

A later meeting reports on an earlier action in two ways:

* by ref, in an action log ("65/16 – … Update: complete"): `corpus.actions` reads those as
  `ActionUpdate`s and they are linked here by (board, ref), exactly as before;
* in prose, without a ref: "Planters for the front of the library have been ordered" in
  the next meeting's Matters Arising, for January's "AGREED to purchase [planters].
  ACTION:DO". Those are linked by meaning: same body, the next few meetings, a paragraph
  whose words and MiniLM vector are close to the action's description (the owner named in
  it counts in its favour), never below `LINK_THRESHOLD`, each paragraph reporting on at
  most one action.

What the words say becomes the link's status: "done", "carried forward" or "open"
(reported on, nothing settled). The pure part (`link_by_meaning`) works on plain records,
so it can be measured and tested on any two meetings; `refresh_board` applies it to the
store inside the ingest transaction.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

import numpy as np

from index.bm25 import tokenize

# An action is followed into the next meetings of its body, within about a year: a report
# that comes later than that is rarer than a new, similar-sounding action.
WINDOW_MEETINGS = 3
WINDOW_DAYS = 400

# Measured on the Halesworth trustees' January/March pair (README, "Following actions"): the
# four true reports score 0.33-0.39, every other pair at most 0.25. Set nearer the reports than
# the middle of that gap: on the nodejs-tsc notes, wrong pairs reach 0.29-0.30.
LINK_THRESHOLD = 0.31
# A report shares some of the action's words (IDF-weighted Dice, owners' names left out); the
# four true Halesworth reports share 0.14-0.17.
MIN_OVERLAP = 0.08

DONE, CARRIED_FORWARD, OPEN = "done", "carried forward", "open"

# "5.2 Mike advised …", and "7 Update from the Events Group" (a heading the item splitter kept inside an item).
_SUBPARAGRAPH = re.compile(r"^\s*(?P<number>\d{1,3}(?:\.\d{1,3})*)\.?\s+(?=[A-Z“\"'])")
# "ACTION: AHop/MS" on its own line closes the paragraph it follows.
_ACTION_MARKER_LINE = re.compile(r"^\s*actions?\s*(?:by)?\s*[:\-–]\s*\S{1,40}\s*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"'(])")
# The meeting approving its own previous minutes is about the record, never a report on an action.
_RECORD_APPROVAL = re.compile(
    r"\bminutes\b.{0,80}\b(?:accepted|approved|agreed|signed|confirmed|adopted)\b.{0,40}"
    r"\b(?:correct|true|accurate|record)\b",
    re.IGNORECASE | re.DOTALL,
)
# Words that settle what happened. "Pending" words win over "done" ones: "the letter has been
# revised and will be sent ASAP" is not done yet.
_PENDING = re.compile(
    r"\b(?:carried forward|c/f|ongoing|on-going|in progress|outstanding|not yet|yet to|still|being \w+ed|(?:will|to) follow|"
    r"awaiting|pending|deferred|asap|as soon as possible|remains? open|leave open|left open|kept open|"
    r"next meeting|in hand|chas(?:e|ed|ing))\b",
    re.IGNORECASE,
)
_DONE_WORDS = re.compile(
    r"\b(?:complete[d]?|done|closed|finished|resolved|achieved|discharged|in place|"
    r"(?:has|have|had|was|were) (?:now |already |all )?(?:been )?\w+(?:ed|en|t)|"
    r"(?:advised|reported|confirmed|informed|explained|announced) (?:that|the|us|trustees|members|the board)|"
    r"(?:agreed|decided|received|sent|ordered|purchased|paid|circulated|submitted|published|signed))\b",
    re.IGNORECASE,
)
# "will be sent", "would update", "to be posted": a future for one of the action's own verbs.
_FUTURE = re.compile(r"\b(?:will|would|shall|to be|yet to)\s+(?:now\s+|then\s+)?(?:be\s+)?(?P<verb>(?-i:[a-z]+))", re.IGNORECASE)
# An action-log entry ("47/18 – HR paper …"): never linked by meaning to an action that has a ref.
_LOG_ENTRY = re.compile(r"^\s*\d{1,3}/\d{2,4}\s*[–—-]")
# A heading on its own ("11 Date of next meeting") reports nothing.
_HEADING = re.compile(r"^[^.!?;:]{0,80}$")


class Embedder(Protocol):
    def embed(self, texts: list[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class FollowedAction:
    """An earlier action to follow: its description and who owns it (names and initials)."""

    key: int
    description: str
    owners: tuple[str, ...] = ()
    ref: str | None = None  # an action with a ref is followed through action logs by that ref


@dataclass(frozen=True)
class ReportParagraph:
    """A paragraph of a later meeting that may report on an earlier action."""

    item_number: str | None  # the paragraph's own number ("5.2") when printed, else its item's
    text: str


@dataclass(frozen=True)
class ProgressLink:
    """A later meeting's words on an action: where, the quoted words, what they say, how close."""

    action_key: int
    item_number: str | None
    quote: str
    status: str  # done, carried forward or open
    score: float


@dataclass(frozen=True)
class ScoredPair:
    """Every (action, paragraph) score, for measuring the threshold."""

    action_key: int
    paragraph: int
    score: float
    cosine: float
    overlap: float
    owner_named: bool


@dataclass
class _Vectors:
    """Embeddings of texts already seen in this process (meetings are relinked as neighbours change)."""

    cache: dict[str, np.ndarray] = field(default_factory=dict)

    def of(self, texts: list[str], embedder: Embedder) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if missing:
            for text, vector in zip(missing, embedder.embed(missing)):
                self.cache[text] = vector
            if len(self.cache) > 50_000:
                self.cache.clear()
        return np.stack([self.cache[t] for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)


_VECTORS = _Vectors()


def report_paragraphs(item_number: str | None, text: str) -> list[ReportParagraph]:
    """An item's text as paragraphs: a printed sub-number ("5.2 …"), a blank line, or a line
    that starts a sentence after one that ended a sentence starts one."""
    paragraphs: list[ReportParagraph] = []
    number, lines = item_number, []

    def close() -> None:
        body = " ".join(" ".join(lines).split())
        if len(tokenize(body)) >= 3:
            paragraphs.append(ReportParagraph(number, body))

    for line in text.splitlines():
        sub = _SUBPARAGRAPH.match(line)
        if sub or not line.strip():
            close()
            lines = []
            if sub:
                number = sub.group("number")
                line = line[sub.end():]
            if not line.strip():
                continue
        if (lines and re.search(r"[.!?]\s*$", lines[-1]) and re.match(r"\s*[A-Z]", line) and not number_only(lines[-1])
                and not _ACTION_MARKER_LINE.match(line)):
            close()  # a line ending a sentence, then a capital: in text minutes, a new paragraph
            lines = []
        lines.append(line.strip())
        if _ACTION_MARKER_LINE.match(line):
            close()
            lines = []
    close()
    return paragraphs


def number_only(line: str) -> bool:
    return bool(re.fullmatch(r"\s*[\d.]+\s*", line))


def report_status(words: str, action_description: str) -> str:
    """What a report says of its action: carried forward, done, or open (nothing settled)."""
    action_stems = set(tokenize(action_description))
    if _PENDING.search(words):
        return CARRIED_FORWARD
    for future in _FUTURE.finditer(words):
        stems = tokenize(future.group("verb"))
        if stems and stems[0] in action_stems:
            return CARRIED_FORWARD
    if _DONE_WORDS.search(words):
        return DONE
    return OPEN


def _idf(texts: list[list[str]]) -> dict[str, float]:
    df = Counter(s for stems in texts for s in set(stems))
    n = len(texts)
    return {s: math.log(1 + n / c) for s, c in df.items()}


def _overlap(a: list[str], b: list[str], idf: dict[str, float]) -> float:
    """IDF-weighted Dice overlap of two texts' word stems."""
    sa, sb = set(a), set(b)
    shared = sum(idf.get(s, 0.0) for s in sa & sb)
    total = sum(idf.get(s, 0.0) for s in sa) + sum(idf.get(s, 0.0) for s in sb)
    return 2 * shared / total if total else 0.0


def _owner_named(owners: tuple[str, ...], text: str) -> bool:
    for owner in owners:
        if not owner:
            continue
        if owner.isupper() or len(owner) <= 4:  # initials: "MS", "AHop"
            if re.search(rf"\b{re.escape(owner)}\b", text, re.IGNORECASE):
                return True
            continue
        if re.search(rf"\b{re.escape(owner)}\b", text, re.IGNORECASE):
            return True
        first = owner.split()[0]
        if len(first) > 2 and re.search(rf"\b{re.escape(first)}\b", text):
            return True
    return False


_SPEAKER = re.compile(r"^\s*[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2}\s*:\s+")


def _could_report(text: str) -> bool:
    """Says something happened or is pending: a paragraph that only mentions a topic reports nothing."""
    return bool(_PENDING.search(text) or _DONE_WORDS.search(text) or _FUTURE.search(text))


def _name_pattern(actions: list[FollowedAction]) -> re.Pattern[str] | None:
    """Owners' names, first names, surnames and initials: shared names say who, not what."""
    names: set[str] = set()
    for action in actions:
        for owner in action.owners:
            names.add(owner)
            names.update(part for part in owner.split() if len(part) > 1)
    names.discard("")
    if not names:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b", re.IGNORECASE)


def _what(text: str, names: re.Pattern[str] | None) -> str:
    """The text without its speaker label and owners' names: what it is about."""
    text = _SPEAKER.sub("", text)
    return " ".join((names.sub(" ", text) if names else text).split())


def score_pairs(actions: list[FollowedAction], paragraphs: list[ReportParagraph], embedder: Embedder) -> list[ScoredPair]:
    """Every action against every paragraph that could be a report sharing a word with it:
    0.5 cosine + 0.5 word overlap (without the owners' names); whether an owner is named is kept."""
    names = _name_pattern(actions)
    action_texts = [_what(a.description, names) for a in actions]
    action_stems = [tokenize(t) for t in action_texts]
    known = set().union(*map(set, action_stems)) if action_stems else set()
    usable: dict[int, str] = {}
    for i, p in enumerate(paragraphs):
        if _RECORD_APPROVAL.search(p.text) or not _could_report(p.text):
            continue
        if _HEADING.match(p.text) and len(p.text.split()) <= 10:
            continue
        what = _what(p.text, names)
        if known & set(tokenize(what)):
            usable[i] = what
    if not actions or not usable:
        return []
    paragraph_stems = {i: tokenize(t) for i, t in usable.items()}
    idf = _idf(action_stems + list(paragraph_stems.values()))
    overlaps = {(a, p): _overlap(action_stems[a], paragraph_stems[p], idf) for a in range(len(actions)) for p in usable}
    # Cheap first stage: only paragraphs sharing enough words with some action are embedded
    # (every true report measured shares >= 0.14; embedding is most of the cost of an ingest).
    usable = {p: t for p, t in usable.items() if any(overlaps[a, p] >= MIN_OVERLAP for a in range(len(actions)))}
    if not usable:
        return []
    # Vectors of the texts without speaker labels only, so they stay cached as a board's
    # meetings are relinked one after another; the names come out of the word overlap.
    vectors = _VECTORS.of([_SPEAKER.sub("", a.description) for a in actions]
                          + [_SPEAKER.sub("", paragraphs[i].text) for i in usable], embedder)
    cosines = vectors[: len(actions)] @ vectors[len(actions):].T
    pairs: list[ScoredPair] = []
    for a, action in enumerate(actions):
        if len(set(action_stems[a])) < 2:
            continue  # "ACTION: MS" alone says who, not what: nothing to recognise a report by
        for column, p in enumerate(usable):
            if action.ref and _LOG_ENTRY.match(paragraphs[p].text):
                continue  # a log entry reports on the action its ref names; ref'd actions go by ref
            overlap = overlaps[a, p]
            if overlap < MIN_OVERLAP:
                continue
            cosine = float(cosines[a, column])
            named = _owner_named(action.owners, paragraphs[p].text)
            score = 0.5 * cosine + 0.5 * overlap
            pairs.append(ScoredPair(action.key, p, score, cosine, overlap, named))
    return pairs


def link_by_meaning(actions: list[FollowedAction], paragraphs: list[ReportParagraph], embedder: Embedder,
                    threshold: float = LINK_THRESHOLD) -> list[ProgressLink]:
    """The paragraphs of one later meeting that report progress on earlier actions (each at most
    one action, each action at most one paragraph), best pairs first, none below `threshold`.
    A paragraph that settles nothing about the action (status "open") is not taken as its report."""
    # An owner named in the paragraph only breaks ties: as a bonus it let speaker-labelled
    # notes ("Rich: we have done this in the past") pass as reports (benchmarks/bench_continuity.py).
    pairs = sorted(score_pairs(actions, paragraphs, embedder), key=lambda s: (-round(s.score, 3), not s.owner_named))
    by_key = {a.key: a for a in actions}
    taken_actions: set[int] = set()
    taken_paragraphs: set[int] = set()
    links: list[ProgressLink] = []
    for pair in pairs:
        if pair.score < threshold:
            break
        if pair.action_key in taken_actions or pair.paragraph in taken_paragraphs:
            continue
        paragraph = paragraphs[pair.paragraph]
        status = report_status(paragraph.text, by_key[pair.action_key].description)
        if status == OPEN:
            continue
        taken_actions.add(pair.action_key)
        taken_paragraphs.add(pair.paragraph)
        links.append(ProgressLink(
            action_key=pair.action_key, item_number=paragraph.item_number, quote=_clip(paragraph.text),
            status=status, score=round(pair.score, 3),
        ))
    return links


def _clip(text: str, limit: int = 600) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def within_window(action_date: date | None, later_date: date | None) -> bool:
    """A later meeting close enough in time to report on an action of an earlier one."""
    return action_date is not None and later_date is not None and 0 < (later_date - action_date).days <= WINDOW_DAYS
