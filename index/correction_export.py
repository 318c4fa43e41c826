"""`minutes corrections export`: what admins fixed, as gold lines the reader is measured (and trained) on.

Each corrected or added record becomes one line in the format of `../shared/eval/*-actions.jsonl`
(`source`, `ref`, `item`, `owners`, `due`, `text_contains`, `optional`), so `score.py actions`
and `minutes eval`-style scoring read it as they read the hand-written gold. "Not an action"
corrections have no line (the format lists actions, not non-actions); they are counted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from index.corrections import NOT_ACTION, gold_line
from index.store import Store


@dataclass(frozen=True)
class ExportResult:
    lines: int  # gold lines written
    not_actions: int  # "not an action" corrections (no line)
    orphaned: int  # corrections whose action the stored minutes no longer hold (no line)


def export_gold(store: Store, out: Path | TextIO) -> ExportResult:
    """Write one gold line per corrected or added action to `out` (a path, or an open text stream)."""
    lines = [json.dumps(gold_line(a), ensure_ascii=False) for a in store.actions(status="all") if a.corrected_by]
    corrections = store.corrections()
    text = "".join(line + "\n" for line in lines)
    if isinstance(out, Path):
        out.write_text(text, encoding="utf-8")
    else:
        out.write(text)
    return ExportResult(len(lines), sum(c.kind == NOT_ACTION and not c.orphaned for c in corrections),
                        sum(c.orphaned for c in corrections))
