"""The shared real minutes (`../shared/corpus/real`) and what their gold says about
items and meeting dates: read from `real-SOURCES.md` and the gold files, never copied."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
REAL = SHARED / "corpus" / "real"
EVAL = SHARED / "eval"


@dataclass(frozen=True)
class ExpectedDate:
    """A meeting date as real-SOURCES.md gives it; `year_only` where the minutes print only the year."""

    iso: str
    year_only: bool


def gold_items() -> dict[str, set[str]]:
    """Gold item names per source file, from the real actions and questions."""
    items: dict[str, set[str]] = {}
    for name in ("real-actions.jsonl", "real-questions.jsonl"):
        for line in (EVAL / name).read_text().splitlines():
            record = json.loads(line)
            for ref in record.get("gold") or [record]:
                if ref.get("item") is not None:
                    items.setdefault(ref["source"], set()).add(ref["item"])
    return items


def expected_dates() -> dict[str, ExpectedDate]:
    """Meeting dates from the table of real-SOURCES.md (file name -> date)."""
    dates: dict[str, ExpectedDate] = {}
    for line in (SHARED / "corpus" / "real-SOURCES.md").read_text().splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 6 and cells[2].startswith("`"):
            match = re.search(r"\d{4}-\d{2}-\d{2}", cells[5])
            if match:
                dates[cells[2].strip("`")] = ExpectedDate(match.group(), "not in the minutes" in cells[5])
    return dates


def item_found(gold: str, numbers: list[str | None]) -> bool:
    """A gold item name ("22/18", "4.4|4", "*") against the numbers of the items found."""
    if gold == "*":
        return bool(numbers)
    return any(option in numbers for option in gold.split("|"))
