"""For every gold action and question that names an item, is there an item of that number
in the parsed document? Over the samples, `real/` and `real-b/` (or the sets named):

    python -m benchmarks.gold_items_check [samples] [real] [real-b] [--items]

Prints, per file, the gold item names not found among the items read, then a total per set.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from corpus.errors import MinutesReadError
from corpus.minutes import parse_minutes

SHARED = Path(__file__).resolve().parents[2] / "shared"
SETS = {  # set name: (corpus folder, gold files)
    "samples": ("minutes", ("seed-actions.jsonl", "seed-questions.jsonl", "seed-questions-more.jsonl")),
    "real": ("real", ("real-actions.jsonl", "real-questions.jsonl")),
    "real-b": ("real-b", ("real-b-actions.jsonl", "real-b-questions.jsonl")),
}


def gold_item_names(files: tuple[str, ...]) -> dict[str, set[str]]:
    """Gold item names ("4.4|4", "22/18"; "*" left out) per source file."""
    names: dict[str, set[str]] = {}
    for name in files:
        path = SHARED / "eval" / name
        if not path.exists():
            continue
        for line in path.read_text().splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            for ref in record.get("gold") or [record]:
                item = ref.get("item")
                if item is not None and item != "*" and ref.get("source"):
                    names.setdefault(ref["source"].split("/")[-1], set()).add(str(item))
    return names


def found(gold: str, numbers: list[str | None]) -> bool:
    """A gold item name against the numbers read, as the scorer compares them."""
    def norm(text: str | None) -> str | None:
        return None if text is None else text.strip().rstrip(". ").lower()

    return any(norm(option) in {norm(n) for n in numbers} for option in gold.split("|"))


def check(set_name: str, show_items: bool) -> tuple[int, int]:
    folder, files = SETS[set_name]
    wanted_by_file = gold_item_names(files)
    hits = total = 0
    for source, wanted in sorted(wanted_by_file.items()):
        path = SHARED / "corpus" / folder / source
        if not path.exists():
            continue
        try:
            parsed = parse_minutes(path)
        except MinutesReadError as err:
            print(f"  {source}: SKIPPED ({err})")
            continue
        numbers = [item.number for item in parsed.items]
        missing = sorted(g for g in wanted if not found(g, numbers))
        hits += len(wanted) - len(missing)
        total += len(wanted)
        if missing:
            print(f"  {source}: {len(wanted) - len(missing)}/{len(wanted)} missing {missing}")
            if show_items:
                print("      read: " + ", ".join(str(n) for n in numbers))
    print(f"{set_name}: gold items found {hits}/{total}")
    return hits, total


def main(argv: list[str]) -> None:
    names = [a for a in argv if not a.startswith("--")] or list(SETS)
    for name in names:
        check(name, "--items" in argv)


if __name__ == "__main__":
    main(sys.argv[1:])
