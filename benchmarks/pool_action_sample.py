"""Print a reproducible random sample of actions read from unlabelled minutes, to judge by hand.

Precision on minutes nobody labelled is what judges the action reader; this lists `--count`
actions drawn with a fixed seed from every action `corpus.minutes.parse_minutes` reads in
`--files` randomly chosen files of the pool, with the sentence they came from, so that a
reader can mark each right or wrong. Run it before and after a change with the same seed.

    python benchmarks/pool_action_sample.py [/work/pool] [--count 30] [--files 60] [--seed 7]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import typer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's corpus, not an installed one

from corpus.minutes import parse_minutes  # noqa: E402


def main(
    pool: Path = typer.Argument(Path("/work/pool"), help="a folder of minutes (searched recursively)"),
    count: int = typer.Option(30, help="actions to print"),
    files: int = typer.Option(60, help="files to read"),
    seed: int = typer.Option(7, help="random seed"),
) -> None:
    """Print `count` random actions of `files` random minutes of `pool`."""
    rng = random.Random(seed)
    paths = sorted(p for p in pool.rglob("*") if p.is_file() and p.suffix.lower() in {".md", ".txt", ".pdf", ".html", ".docx", ".mkd", ".rst"})
    chosen = rng.sample(paths, min(files, len(paths)))
    found: list[tuple[str, str, str, str]] = []
    for path in chosen:
        try:
            parsed = parse_minutes(path)
        except Exception as error:  # a file the readers cannot read is reported, not fatal
            print(f"unreadable {path}: {error}")
            continue
        for action in parsed.actions:
            owners = ", ".join(o.name for o in action.owners) or "-"
            found.append((str(path.relative_to(pool)), action.item_number or "", owners, action.description))
    print(f"{len(found)} actions in {len(chosen)} files")
    for source, item, owners, description in rng.sample(found, min(count, len(found))):
        print(f"- {source} [{item}] owners={owners}\n    {description[:240]}")


if __name__ == "__main__":
    typer.run(main)
