"""Extractive answers: the sentence of the minutes that best answers a question.

Sentences of the best passages are scored on three things: how much of the question's
topic they contain (IDF-weighted), how close they are in meaning (MiniLM cosine), and
whether they hold the kind of thing asked for (an amount for "how much", a number for
"how many", a date for "when", a decision verb for "what was decided"). The passage's own
rank breaks near-ties. Nothing is paraphrased: the answer is the minutes' words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.bm25 import tokenize
from index.passages import split_sentences
from retrieval.answer_types import QueryContext
from retrieval.hybrid import RankedPassage
from retrieval.topic_terms import TermWeights

PASSAGES_READ = 4
_AMOUNT = re.compile(r"£\s?\d|\d+(?:\.\d+)?\s?(?:k|m|bn|million|billion|thousand)\b|\b\d+(?:,\d{3})+\b|\d+\s?%|per ?cent", re.I)
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)*\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|hundred)\b", re.I)
_DATE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(?:19|20)\d\d(?:/\d\d)?\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b"
    r"|\b(?:spring|summer|autumn|winter|quarter|q[1-4])\b",
    re.I,
)
_DECISION = re.compile(r"\b(agreed|resolved|approved|decided|endorsed|accepted|supported|noted|rejected|recommended|ended|terminated|will|would)\b", re.I)


@dataclass(frozen=True)
class SentenceMatch:
    passage: RankedPassage
    sentence: str
    score: float
    coverage: float


_HEAD = re.compile(r"^\s*(?:and\s+)?(?:what|which)\s+(?!(?:was|were|is|are|did|does|do|has|have|had|can|could|will|would|should|the|a|an)\b)([a-z]+)", re.I)


_SO_FAR = re.compile(r"\b(so far|to date|as yet|yet|at present|currently|now|latest)\b", re.I)
_CONTINUES = re.compile(r"^(?:\W*\w+\W+){0,8}?(?:this|these|those|such|they|it|he|she)\b", re.I)


def answer_head(question: str) -> str | None:
    """The noun a "what/which" question asks for: "What savings has ..." -> "save" (stemmed)."""
    match = _HEAD.search(question)
    terms = tokenize(match.group(1)) if match else []
    return terms[0] if terms else None


def _wanted_cue(question: str) -> re.Pattern | None:
    q = question.lower()
    if re.search(r"\bhow (much|many pounds)\b|\b(cost|costs|saving|savings|save|budget|funding|overspend|underspend|outturn|spend|price|amount|grant)\b", q):
        return _AMOUNT
    if re.search(r"\bhow many\b|\bnumber of\b|\bhow long\b|\bpercentage\b", q):
        return _NUMBER
    if re.search(r"^\s*(?:and\s+)?when\b|\buntil when\b|\bwhat date\b|\bby when\b|\bdeadline\b", q):
        return _DATE
    return None


_FULL_DATE = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+(?:19|20)\d\d\b", re.I,
)
SENTENCES_EMBEDDED = 10
NEIGHBOUR_MARGIN = 0.2
WORDS_EMBEDDED = 40  # a sentence's first words carry its meaning; attention cost grows with length


def best_sentences(context: QueryContext, weights: TermWeights, embed, decision: bool = False) -> list[SentenceMatch]:
    """Sentences of the top passages, best first.

    Sentences are first scored without the model; only the best SENTENCES_EMBEDDED are
    embedded, which keeps an answer to tens of milliseconds.
    """
    cue = _wanted_cue(context.question)
    head = answer_head(context.question)
    progress = bool(_SO_FAR.search(context.question))
    scored: list[tuple[float, float, int, RankedPassage, str]] = []
    for rank, ranked in enumerate(context.passages[:PASSAGES_READ]):
        title = ranked.passage.item_title or ""
        for sentence in split_sentences(ranked.passage.text):
            if len(sentence.split()) < 3 or sentence.strip() == title.strip():
                continue  # the item's title heads its first chunk; it is not an answer
            coverage = weights.coverage(context.terms, f"{title} {sentence}", context.aliases)
            score = 0.45 * coverage + 0.1 / (rank + 1)
            if cue is not None and cue.search(sentence):
                score += 0.15 + (0.05 if cue is _DATE and _FULL_DATE.search(sentence) else 0.0)
            if decision and _DECISION.search(sentence):
                score += 0.1
            if head and head in tokenize(sentence):
                score += 0.1
            if progress and _SO_FAR.search(sentence):
                score += 0.1  # "what has X delivered so far" wants the "to date" figure
            scored.append((score, coverage, rank, ranked, sentence))
    if not scored:
        return []
    scored.sort(key=lambda row: -row[0])
    shortlist = scored[:SENTENCES_EMBEDDED]
    similarity = embed([" ".join(row[4].split()[:WORDS_EMBEDDED]) for row in shortlist]) @ context.vector
    matches = [SentenceMatch(ranked, sentence, score + 0.4 * float(cosine), coverage)
               for (score, coverage, _, ranked, sentence), cosine in zip(shortlist, similarity)]
    matches.sort(key=lambda m: -m.score)
    return matches


def _continues(sentence: str, terms: list[str]) -> bool:
    """Whether `sentence` goes on about the same thing ("... the role of these dogs in ...")."""
    return bool(_CONTINUES.search(sentence)) and bool(set(terms) & set(tokenize(sentence)))


def answer_sentence(matches: list[SentenceMatch], terms: list[str]) -> str:
    """The best sentence, joined by a neighbour that scores nearly as well (or when it is too short to stand alone)."""
    best = matches[0]
    sentences = split_sentences(best.passage.passage.text)
    if best.sentence not in sentences:
        return best.sentence
    at = sentences.index(best.sentence)
    strong = {m.sentence for m in matches[1:3] if m.passage is best.passage and m.score >= best.score - NEIGHBOUR_MARGIN}
    following = sentences[at + 1] if at + 1 < len(sentences) else None
    if following and (following in strong or _continues(following, terms) or len(best.sentence.split()) < 12
                      or best.sentence.rstrip().endswith(":")):
        return f"{best.sentence} {following}"
    if at > 0 and sentences[at - 1] in strong:
        return f"{sentences[at - 1]} {best.sentence}"
    return best.sentence
