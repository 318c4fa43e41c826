"""Dump each document's meeting metadata and items (number, title) as JSON lines, to
compare the splitter before and after a change:

    python -m benchmarks.items_dump FOLDER... > out.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from corpus.errors import MinutesReadError
from corpus.minutes import parse_minutes


def main(folders: list[str]) -> None:
    for folder in folders:
        for path in sorted(Path(folder).iterdir()):
            try:
                parsed = parse_minutes(path)
            except MinutesReadError as err:
                print(json.dumps({"source": path.name, "error": str(err)}))
                continue
            m = parsed.meeting
            print(json.dumps({
                "source": path.name, "date": str(m.date), "board": m.board, "organisation": m.organisation,
                "items": [[i.number, i.title[:80], len(i.text)] for i in parsed.items],
            }))


if __name__ == "__main__":
    main(sys.argv[1:])
