"""Two things minutes do that plain BM25 and MiniLM miss: acronyms and proper names.

Minutes write "CCGs" where staff ask about "clinical commissioning groups": a run of
question words whose initials form a term the indexed minutes use is given that acronym
too. And a programme, report or operation named in Title Case ("Transforming for the
Future", "Operation APEX") should be found where the minutes use the same name.
"""

from __future__ import annotations

import re

from index.bm25 import STOPWORDS, tokenize

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_CONNECTORS = {"for", "of", "the", "and", "&", "in", "on", "to"}


def acronyms_in(question: str, known: "callable") -> dict[str, list[str]]:
    """{acronym term: the question terms it stands for}, for acronyms `known(term)` says the minutes use."""
    words = [w for w in _WORD.findall(question) if w.lower() not in STOPWORDS]
    found: dict[str, list[str]] = {}
    # Three words at least: two-letter acronyms ("HR", "IT") match far too much by chance.
    for size in range(4, 2, -1):
        for start in range(len(words) - size + 1):
            run = words[start:start + size]
            letters = "".join(w[0] for w in run).lower()
            for candidate in (letters, letters + "s"):
                term = tokenize(candidate)
                # The stemmer must leave the acronym whole: "eps" stems to "ep", a person's
                # initials in most minutes, which "economy paper September" does not stand for.
                if term and term[0] == candidate and known(term[0]) and term[0] not in found:
                    found[term[0]] = [t for w in run for t in tokenize(w)]
    return found


def named_phrases(question: str) -> list[str]:
    """Title Case names of two or more words ("Transforming for the Future", "Digital Forensics Gateway")."""
    tokens = re.findall(r"[A-Za-z][A-Za-z'’&-]*|[^\sA-Za-z]+", question)
    phrases: list[str] = []
    run: list[str] = []

    def close() -> None:
        while run and run[-1].lower() in _CONNECTORS:
            run.pop()
        if sum(1 for w in run if w[0].isupper()) >= 2:
            phrases.append(" ".join(run))
        run.clear()

    for position, token in enumerate(tokens):
        first = position == 0
        if token[0].isalpha() and token[0].isupper() and not first:
            run.append(token)
        elif token.lower() in _CONNECTORS and run:
            run.append(token)
        else:
            close()
    close()
    return phrases
