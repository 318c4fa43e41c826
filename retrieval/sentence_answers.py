"""Extractive answers: the sentence of the minutes that best answers a question.

Sentences of the best passages are scored on how much of the question's topic they
contain (IDF-weighted), whether they hold the kind of thing asked for (an amount for "how
much", a count for "how many", a proportion, a date for "when", a person for "who"),
whether they state an outcome when one is asked for (a decision rather than the request
before it), and the passage's own rank, which already holds the meaning (dense retrieval).
No model runs per sentence, so the answer step costs little more than retrieval. Nothing
is paraphrased: the answer is the minutes' words, with the list a sentence opens.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from index.bm25 import tokenize
from index.passages import split_sentences
from retrieval.answer_kinds import FULL_DATE
from retrieval.answer_types import QueryContext
from retrieval.hybrid import RankedPassage
from retrieval.question_shape import Wanted
from retrieval.topic_terms import TermWeights

PASSAGES_READ = 6
NEUTRAL_COSINE = 0.2  # what the sentence cosine used to add on average: keeps MIN_SENTENCE_SCORE's meaning
KIND_BONUS = 0.2
NEIGHBOUR_MARGIN = 0.2
LIST_LINES = 12
LIST_CHARS = 900
WRAP_SHARE = 0.8  # a line this near the longest one may have been wrapped; a shorter one ends where it ends
LEAN_DISCOUNT = 0.8  # topic words found only in the sentence before count for a little less

_DECISION = re.compile(
    r"\b(agreed|resolved|approved|decided|endorsed|accepted|supported|rejected|recommended|ended|terminated|elected|appointed|"
    r"confirmed|objected?|objections?|voted|carried|ratified|granted|refused|declined|ceased?|adopted|consensus|"
    r"unanimous(?:ly)?|conclusion|resolution|decision)\b", re.I)
# A resolution written as what is to be done: "State tests should be regenerated under that name".
# Not "will be selected": what is still to come is no decision taken.
_RESOLVED_AS = re.compile(r"\b(?:should|shall|must)\s+(?:not\s+)?(?:now\s+)?be\s+\w+(?:ed|en)\b", re.I)
_REQUEST = re.compile(r"\b(request(?:ed|ing)?|discussed|consider(?:ed|ing)?|asked|proposed|presented|introduced|to consider|sought)\b", re.I)
_SO_FAR = re.compile(r"\b(so far|to date|as yet|yet|at present|currently|now|latest)\b", re.I)
_CONTINUES = re.compile(r"^(?:\W*\w+\W+){0,8}?(?:this|these|those|such|they|it|he|she)\b", re.I)
_HEAD = re.compile(r"^\s*(?:and\s+)?(?:what|which)\s+(?!(?:was|were|is|are|did|does|do|has|have|had|can|could|will|would|should|the|a|an)\b)([a-z]+)", re.I)


_NEW_LINE_ITEM = re.compile(r"^\s*(?:[•·▪○◦*–-]|\(?[a-z0-9]{1,3}[.)]|\d+(?:\.\d+)*\s|[A-Z][A-Za-z ]{0,30}:|\|)", re.I)


def unwrap(text: str) -> str:
    """Lines of a hard-wrapped paragraph joined ("… The next show will most\nlikely be held in Las Vegas …"):
    a line that ends without a sentence's end runs on into the next, unless that one opens an entry."""
    lines = text.split("\n")
    # A hard wrap falls near the text's line width; a shorter line ends an entry of its own
    # ("contact keynotes regarding time - Tine" in a list whose markers the reader kept apart).
    width = max((len(line.strip()) for line in lines), default=0)
    out: list[str] = []
    last = ""
    for line in lines:
        if out and out[-1].strip() and line.strip() and not re.search(r"[.!?:;]\s*$", out[-1]) \
                and not _NEW_LINE_ITEM.match(line) and len(out[-1].split()) >= 6 and len(last.strip()) >= WRAP_SHARE * width:
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
        else:
            out.append(line)
        last = line
    return "\n".join(out)


_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+(.+?)\s*#*\s*$")
_TERMINAL = re.compile(r"[.!?;,]\s*$")


def _heading_of(line: str) -> str | None:
    """The heading a line is, if it is one: a Markdown heading, or a short label line that no sentence
    ends ("Balance", "Pending incomings", "Conclusion/Resolution:") and that holds no figure."""
    if match := _MARKDOWN_HEADING.match(line):
        return match.group(1).strip(" *:")
    stripped = line.strip(" *_|•·▪○◦-–")
    if not stripped or _TERMINAL.search(stripped) or re.search(r"\d", stripped):
        return None
    words = stripped.rstrip(":").split()
    return stripped.rstrip(": ") if 1 <= len(words) <= 5 and stripped[0].isupper() else None


def sentence_units(text: str) -> list[tuple[str, str | None]]:
    """(sentence, the heading it sits under) for a passage's text, in order.

    A line is split into sentences, but a piece too short to stand alone is kept with the one
    before it on its line ("Dorset Code Sprint: £600", "Actual Working Balance: £1,540.19"), and a
    line that is only such a piece stays, read under its heading ("Balance" / "USD $276,722.00").
    """
    units: list[tuple[str, str | None]] = []
    heading = None
    for line in unwrap(text).splitlines():
        pieces: list[str] = []
        for piece in split_sentences(line):
            if pieces and pieces[-1].endswith(":") and len(piece.split()) < 3:
                pieces[-1] = f"{pieces[-1]} {piece}"  # a label and its value: "Actual Working Balance: £1,540.19"
            else:
                pieces.append(piece)
        label = _heading_of(line)
        if label is None or len(label.split()) >= 3:
            units.extend((piece, heading) for piece in pieces)  # a short heading is what follows it, not an answer
        if label is not None:
            heading = label
        elif line.strip():
            # A heading runs over the bullets and fragments under it, not over the lines that say things
            # (measured: carrying it over 12-word lines let headings' words win answers they do not hold).
            heading = heading if _BULLET.match(line) or len(line.split()) < 3 else None
    return units


@dataclass(frozen=True)
class SentenceMatch:
    passage: RankedPassage
    sentence: str
    score: float
    coverage: float
    has_kind: bool
    lead_in: str | None = None  # the sentence before, when this one only makes sense after it
    own_coverage: float = 0.0  # the topic it covers by itself, without the sentence before
    heading: str | None = None  # the heading (or item title) a short line is read under: "Balance"


def answer_head(question: str) -> str | None:
    """The noun a "what/which" question asks for: "What savings has ..." -> "save" (stemmed)."""
    match = _HEAD.search(question)
    terms = tokenize(match.group(1)) if match else []
    return terms[0] if terms else None


def best_sentences(
    context: QueryContext, weights: TermWeights, wanted: Wanted, holds_kind: Callable[[str, str], bool],
    decision: bool = False, names_someone: Callable[[str], bool] | None = None,
) -> list[SentenceMatch]:
    """Sentences of the top passages, best first.

    `holds_kind(text, source)` says whether a text (of that meeting) holds the kind of thing `wanted`. No model runs
    here: the passages were already ranked by meaning (dense retrieval) and words, and a
    per-sentence MiniLM cosine changed no answer on any dev question set while it cost
    5-30x the retrieval; each sentence is tokenized once and scored on its words.
    """
    head = answer_head(context.question)
    progress = bool(_SO_FAR.search(context.question))
    asked = set(tokenize(context.question))
    doer = bool(context.shape and context.shape.doer)  # who is to do work: the doer's sentence, not an outcome
    scored: list[list] = []
    for rank, ranked in enumerate(context.passages[:PASSAGES_READ]):
        title = ranked.passage.item_title or ""
        title_tokens = set(tokenize(title))
        before: list[tuple[str, set[str]]] = []
        units = sentence_units(ranked.passage.text)
        for sentence, heading in units:
            if sentence.strip() == title.strip() or sentence.strip(" #*:") == (heading or "").strip():
                continue  # the item's title heads its first chunk; it is not an answer
            short = len(sentence.split()) < 3
            if short and not (heading or (title and len(units) == 1)):
                continue  # a bare fragment, unless a heading (or the title of an item it alone makes up) says what it is
            tokens = set(tokenize(sentence))
            context_tokens = title_tokens | (set(tokenize(heading)) if heading else set())
            if tokens <= asked | context_tokens:
                continue  # it says nothing the question and its heading do not ("Helio" under "Secretary")
            coverage = own = weights.coverage(context.terms, tokens | context_tokens, context.aliases)
            lead_in = None
            if before and coverage < 1.0 and not short:
                # "Tendring – … more space is required. RH suggested the local library.": the answer
                # leans on the sentence (or two) before it for its topic.
                for lead in (before[-1:], before[-2:]):
                    joined_tokens = tokens | context_tokens | set().union(*(t for _, t in lead))
                    joined = LEAN_DISCOUNT * weights.coverage(context.terms, joined_tokens, context.aliases)
                    if joined > coverage + 0.1:
                        coverage, lead_in = joined, " ".join(s for s, _ in lead)
            before.append((sentence, tokens))
            score = 0.45 * coverage + 0.1 / (rank + 1) + NEUTRAL_COSINE
            kind = wanted is Wanted.ANY or holds_kind(sentence, ranked.passage.source)
            owner_heading = False
            if not kind and wanted is Wanted.PERSON and heading and names_someone and names_someone(heading):
                # A task listed under its owner's name ("Charles" / "Buy one 4TB disk …"): the heading is the doer.
                kind = owner_heading = holds_kind(f"{heading} to {sentence[:1].lower()}{sentence[1:]}", ranked.passage.source)
            if decision and (wanted is Wanted.ANY or (wanted is Wanted.PERSON and not doer)) and kind:
                # "What did they decide about X", "who was elected": the answer states an outcome
                # (an amount or a date asked for is evidence enough of its own).
                kind = bool(_DECISION.search(sentence) or _RESOLVED_AS.search(sentence)
                            or (heading and _DECISION.search(heading)))
            if wanted is not Wanted.ANY and kind:
                score += KIND_BONUS + (0.05 if wanted is Wanted.DATE and FULL_DATE.search(sentence) else 0.0)
            if decision:
                if _DECISION.search(sentence):
                    score += 0.15
                elif _REQUEST.search(sentence):
                    score -= 0.05  # the request, not what became of it
            if head and head in tokens:
                score += 0.1
            if progress and _SO_FAR.search(sentence):
                score += 0.1  # "what has X delivered so far" wants the "to date" figure
            shown_heading = heading if (owner_heading or len(sentence.split()) < 6) and heading \
                and heading.lower() not in sentence.lower() else None
            scored.append([score, coverage, ranked, sentence, kind, lead_in, own, shown_heading])
    if not scored:
        return []
    scored.sort(key=lambda row: -row[0])
    matches = [SentenceMatch(ranked, sentence, score, coverage, kind, lead_in, own, heading)
               for score, coverage, ranked, sentence, kind, lead_in, own, heading in scored]
    matches.sort(key=lambda m: -m.score)
    return matches


def _continues(sentence: str, terms: list[str]) -> bool:
    """Whether `sentence` goes on about the same thing ("... the role of these dogs in ...")."""
    return bool(_CONTINUES.search(sentence)) and bool(set(terms) & set(tokenize(sentence)))


_BULLET = re.compile(r"^\s*(?:[•·▪○◦*–-]|\(?[a-z0-9]{1,3}[.)])\s+", re.I)
_ITEM_NUMBER = re.compile(r"^\s*\d+[.)]?\s*$")


def _list_after(sentence: str, text: str) -> str | None:
    """The list a sentence opens ("the following items …:" then bullets), as the minutes write it,
    bounded; None when what follows is not a list."""
    at = text.find(sentence)
    if at < 0:
        return None
    opener = sentence.rstrip().endswith(":")
    entries: list[str] = []
    size = 0
    for line in text[at + len(sentence):].splitlines():
        line = line.strip()
        if not line:
            continue  # minutes often leave a blank line between entries
        bullet = bool(_BULLET.match(line))
        if _ITEM_NUMBER.match(line) or not (bullet or (opener and len(line.split()) <= 12)):
            break
        if not entries and not bullet and not opener:
            break
        entries.append(line)
        size += len(line)
        if len(entries) >= LIST_LINES or size >= LIST_CHARS:
            break
    return "\n".join(entries) if entries else None


def answer_sentence(matches: list[SentenceMatch], terms: list[str]) -> str:
    """The best sentence, with the list it opens, or joined by a neighbour that scores nearly as
    well (or when it is too short to stand alone); a short line comes with its heading ("Balance: …")."""
    best = matches[0]
    quoted = _with_neighbours(matches, terms)
    return f"{best.heading}: {quoted}" if best.heading else quoted


def _with_neighbours(matches: list[SentenceMatch], terms: list[str]) -> str:
    best = matches[0]
    text = unwrap(best.passage.passage.text)
    sentences = [sentence for sentence, _ in sentence_units(text)]
    if best.sentence not in sentences:
        return best.sentence
    at = sentences.index(best.sentence)
    following = sentences[at + 1] if at + 1 < len(sentences) else None
    listed = _list_after(best.sentence, text)
    if listed:
        return f"{best.sentence}\n{listed}"
    if best.lead_in is not None:
        return f"{best.lead_in} {best.sentence}"
    strong = {m.sentence for m in matches[1:3] if m.passage is best.passage and m.score >= best.score - NEIGHBOUR_MARGIN}
    if following and (following in strong or _continues(following, terms) or len(best.sentence.split()) < 12):
        return f"{best.sentence} {following}"
    if at > 0 and sentences[at - 1] in strong:
        return f"{sentences[at - 1]} {best.sentence}"
    return best.sentence
