"""Minutes written for the digest tests: a board's March and May meetings (May's action log
reports one of March's actions done), and a meeting with many actions and decisions."""

from __future__ import annotations

from pathlib import Path

HEAD = """Riverside Trust Board
Minutes of the meeting held on {day} at the Town Hall

Present: Alice Brown (AB), Chair; Carol Davies (CD); Edward Fisher (EF)
"""

MARCH = HEAD.format(day="14 March 2019") + """
1. Library roof

The roof leaks over the reading room. It was agreed that repairs go ahead & the reading room closes meanwhile.
ACTION 01/19: AB to obtain three quotes for the roof repair by 30 April 2019.

2. Newsletter

The minutes of the last meeting were approved as a true record.
ACTION 02/19: CD to draft the spring newsletter by 15 April 2019.
"""

MAY = HEAD.format(day="16 May 2019") + """
1. Action log

01/19 – AB obtained three quotes for the roof repair; action complete.
02/19 – CD is still drafting the newsletter; carried forward.

2. Car park

The Board approved the new car park lighting scheme <!channel>.
ACTION 03/19: EF to order the lighting by 30 June 2019.
"""

_TOPICS = ["library roof", "car park lighting", "volunteer rota", "grant application", "website refresh", "insurance renewal",
           "garden planters", "bank mandate", "newsletter", "fire safety check", "accessibility audit", "summer fete",
           "book sale", "heating repair", "photocopier lease", "cafe licence", "data protection policy",
           "safeguarding training", "membership drive", "annual report", "stock rotation", "signage", "storage shed",
           "printer cartridges", "reading group"]
_VERBS = ["obtain three quotes for the", "write to the council about the", "draft a proposal on the"]


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def many_actions(folder: Path, items: int = 66) -> Path:
    """One meeting of `items` items, each with a decision and an action (minutes text with `&` and `<!channel>`)."""
    lines = [HEAD.format(day="11 July 2019")]
    for n in range(items):
        topic, verb = _TOPICS[n % len(_TOPICS)], _VERBS[n // len(_TOPICS)]
        lines += [f"{n + 1}. {topic.title()} & partners", "",
                  f"The Board discussed the {topic} <!channel>. It was agreed that the {topic} work should go ahead "
                  f"with a budget of £{n + 1},000 & a review in the summer.",
                  f"ACTION: {['AB', 'CD', 'EF'][n % 3]} to {verb} {topic} and report back by {n % 28 + 1} September 2019.", ""]
    return write(folder, "riverside_2019_07_11.txt", "\n".join(lines))
