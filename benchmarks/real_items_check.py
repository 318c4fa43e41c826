"""Print what the corpus layer reads from the shared real minutes: date, board,
organisation and items, compared with the gold items (real-actions.jsonl,
real-questions.jsonl) and the dates of real-SOURCES.md.

    python -m benchmarks.real_items_check [--items] [FILE-SUBSTRING]   (from the repository root)
"""

from __future__ import annotations

import sys

from corpus.errors import MinutesReadError
from corpus.minutes import parse_minutes
from tests.real_corpus import REAL, expected_dates, gold_items, item_found


def main(argv: list[str]) -> None:
    show_items = "--items" in argv
    pattern = next((a for a in argv if not a.startswith("--")), "")
    gold = gold_items()
    dates = expected_dates()
    total_found = total = dated = readable = 0
    for path in sorted(REAL.iterdir()):
        if pattern not in path.name:
            continue
        try:
            parsed = parse_minutes(path)
        except MinutesReadError as err:
            print(f"{path.name}: SKIPPED ({err})")
            continue
        readable += 1
        m = parsed.meeting
        numbers = [i.number for i in parsed.items]
        wanted = sorted(gold.get(path.name, set()))
        found = [g for g in wanted if item_found(g, numbers)]
        missing = [g for g in wanted if g not in found]
        total_found += len(found)
        total += len(wanted)
        expected = dates.get(path.name)
        if expected and expected.year_only:
            date_ok = m.date_precision == "year" and str(m.date)[:4] == expected.iso[:4]
        else:
            date_ok = expected is not None and str(m.date) == expected.iso and m.date_precision == "day"
        dated += date_ok
        shown = f"{m.date} ({m.date_precision})" if m.date_precision != "day" else str(m.date)
        print(f"{path.name}: date {shown} {'right' if date_ok else 'WRONG, expected ' + (expected.iso if expected else '?')}"
              f" | board {m.board!r} | org {m.organisation!r} | items {len(parsed.items)}"
              f" | gold items {len(found)}/{len(wanted)}" + (f" missing {missing}" if missing else ""))
        if show_items:
            for item in parsed.items:
                print(f"    {item.number!s:>10}  {item.title[:90]}")
    print(f"readable {readable}; dated right {dated}/{readable}; gold items found {total_found}/{total}")


if __name__ == "__main__":
    main(sys.argv[1:])
