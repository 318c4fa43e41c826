"""Item-level passages: what is searched and what is cited.

A short item is one passage; a long one is split at sentence ends into chunks of about
150-250 words, each keeping its item's metadata. The indexed text starts with a header
(board, date, item title) so that "the Cambridgeshire board" or "in November 2016" can
match; the displayed excerpt is the minutes' own words.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from index.views import HEADER_TITLE, IndexableItem

# A full stop after a month's abbreviation ("by Sept. 8th") or a title ("Cllr.") ends nothing.
_SENTENCE_END = re.compile(
    r"(?<=[.!?;:])(?<!Sept\.)(?<!Cllr\.)(?<!(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\.)(?<!\b(?:Mr|Dr|Ms|St)\.)"
    r"\s+(?=[\"'‘“(]?[A-Z0-9£])|\n+"
)
TARGET_WORDS = 200
MAX_WORDS = 250
MIN_WORDS = 150


@dataclass(frozen=True)
class Passage:
    """One searchable, citable piece of an item."""

    passage_id: str
    source: str
    url: str | None
    board: str
    organisation: str | None
    meeting_date: str | None
    item: str | None
    item_title: str
    chunk: int
    text: str  # the minutes' own words, shown as the excerpt

    @property
    def index_text(self) -> str:
        """The text that is embedded and BM25-indexed: a metadata header, then the words."""
        date = self.meeting_date or ""
        header = " | ".join(p for p in (self.organisation or "", self.board, date, self.item_title) if p)
        return f"{header}\n{self.text}"

    @property
    def is_header(self) -> bool:
        """The meeting's header (attendance, links): embedded by its opening window only, as
        past it is a list of names and links, which BM25 matches and a sentence vector does not."""
        return self.item is None and self.item_title == HEADER_TITLE

    @property
    def text_hash(self) -> str:
        """Key for the embedding cache: re-indexing embeds only new or changed text."""
        return hashlib.sha256(self.index_text.encode("utf-8")).hexdigest()


def split_sentences(text: str) -> list[str]:
    """Sentences (and lines, which in minutes are usually paragraphs)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def chunk_text(text: str) -> list[str]:
    """Sentence-aware chunks of about 150-250 words; a short text is one chunk.

    Line breaks between sentences are kept, so titles and numbered paragraphs stay apart in
    the excerpt and in answers that quote single sentences.
    """
    words = text.split()
    if len(words) <= MAX_WORDS:
        return [text.strip()] if text.strip() else []
    # (sentence, starts a line)
    sentences = [(sentence, n == 0) for line in text.splitlines() for n, sentence in enumerate(split_sentences(line))]
    chunks: list[list[tuple[str, bool]]] = [[]]
    counts = [0]
    for sentence, line_start in sentences:
        size = len(sentence.split())
        if counts[-1] and counts[-1] + size > MAX_WORDS and counts[-1] >= MIN_WORDS // 2:
            chunks.append([])
            counts.append(0)
        chunks[-1].append((sentence, line_start))
        counts[-1] += size
        if counts[-1] >= TARGET_WORDS:
            chunks.append([])
            counts.append(0)
    if len(chunks) > 1 and counts[-1] < MIN_WORDS // 2:
        chunks[-2].extend(chunks.pop())  # a short tail joins the chunk before it
    return ["".join(("\n" if line_start and i else " " if i else "") + s for i, (s, line_start) in enumerate(c))
            for c in chunks if c]


def build_passages(items: list[IndexableItem]) -> list[Passage]:
    """Passages for every item; ids are stable for the same source, item and chunk."""
    passages: list[Passage] = []
    for item in items:
        body = item.text if item.number is None else f"{item.title}\n{item.text}".strip()
        for index, chunk in enumerate(chunk_text(body)):
            key = f"{item.source}|{item.number}|{item.position}|{index}"
            passages.append(Passage(
                passage_id=hashlib.sha1(key.encode()).hexdigest()[:16], source=item.source, url=item.url,
                board=item.board, organisation=item.organisation, meeting_date=item.meeting_date,
                item=item.number, item_title=item.title, chunk=index, text=chunk,
            ))
    return passages
