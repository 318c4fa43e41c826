"""Print what the corpus layer reads from the real minutes: date, board, organisation,
items; compare items with the gold of ../shared/eval and dates with real-SOURCES.md.

    python benchmarks/real_items_check.py [--items] [FILE-SUBSTRING]
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from corpus.errors import MinutesReadError
from corpus.minutes import parse_minutes

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
REAL = SHARED / "corpus" / "real"
EVAL = SHARED / "eval"


def gold_items() -> dict[str, set[str]]:
    """Gold item names per source file, from the real actions and questions."""
    items: dict[str, set[str]] = {}
    for name in ("real-actions.jsonl", "real-questions.jsonl"):
        for line in (EVAL / name).read_text().splitlines():
            record = json.loads(line)
            refs = record.get("gold") or [record]
            for ref in refs:
                if ref.get("item") is not None:
                    items.setdefault(ref["source"], set()).add(ref["item"])
    return items


def expected_dates() -> dict[str, str]:
    """Meeting dates as real-SOURCES.md gives them (ISO; the first date in the column)."""
    dates: dict[str, str] = {}
    for line in (SHARED / "corpus" / "real-SOURCES.md").read_text().splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 6 and cells[2].startswith("`"):
            match = re.search(r"\d{4}-\d{2}-\d{2}", cells[5])
            dates[cells[2].strip("`")] = match.group() if match else cells[5]
    return dates


def item_found(gold: str, numbers: list[str | None]) -> bool:
    if gold == "*":
        return bool(numbers)
    return any(g in numbers for g in gold.split("|"))


def main(argv: list[str]) -> None:
    show_items = "--items" in argv
    pattern = next((a for a in argv if not a.startswith("--")), "")
    gold = gold_items()
    dates = expected_dates()
    total_found = total = 0
    for path in sorted(REAL.iterdir()):
        if pattern not in path.name:
            continue
        try:
            parsed = parse_minutes(path)
        except MinutesReadError as err:
            print(f"{path.name}: SKIPPED ({err})")
            continue
        m = parsed.meeting
        numbers = [i.number for i in parsed.items]
        wanted = sorted(gold.get(path.name, set()))
        found = [g for g in wanted if item_found(g, numbers)]
        missing = [g for g in wanted if g not in found]
        total_found += len(found)
        total += len(wanted)
        date_ok = str(m.date) == dates.get(path.name) or (
            getattr(m, "date_precision", "day") == "year" and str(m.date)[:4] == dates.get(path.name, "")[:4])
        print(f"{path.name}: date {m.date} {'ok' if date_ok else 'WRONG (' + dates.get(path.name, '?') + ')'}"
              f" | board {m.board!r} | org {m.organisation!r} | items {len(parsed.items)}"
              f" | gold {len(found)}/{len(wanted)}" + (f" missing {missing}" if missing else ""))
        if show_items:
            for item in parsed.items:
                print(f"    {item.number!s:>10}  {item.title[:90]}")
    print(f"gold items found: {total_found}/{total}")


if __name__ == "__main__":
    main(sys.argv[1:])
