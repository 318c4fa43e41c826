"""Rebuild the unlabeled pool of real minutes from mirrored repositories, by `manifest.tsv`.

The documents are third-party and stay out of this repository: the manifest names
each one (organisation, group, repository, commit, path, format, sha256) and this
script copies it from the mirror into `<pool>/<group>/<path>`, checking its hash.

    python benchmarks/pool/build_pool.py [--pool DIR] [--mirrors /work/.mirror] [--manifest FILE]

The pool folder is `--pool`, else `$MINUTES_POOL`, else `~/.cache/minutes-pool`.
Repositories without a mirror are listed with the fetch that would bring them; the
other documents are still written. Exit status 1 when anything is missing.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mirrors import MirrorMissing, git_dir_for, read_blob  # noqa: E402

MANIFEST = Path(__file__).with_name("manifest.tsv")


@dataclass(frozen=True)
class PoolEntry:
    """One manifest row: where a pool document comes from and what its bytes hash to."""

    organisation: str
    group: str
    repo: str
    commit: str
    path: str
    format: str
    sha256: str

    @property
    def pool_path(self) -> Path:
        return Path(self.group) / self.path


def read_manifest(path: Path = MANIFEST) -> list[PoolEntry]:
    """The manifest's rows."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            PoolEntry(row["organisation"], row["group"], row["repo"], row["commit"], row["path"], row["format"], row["sha256"])
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        ]


def default_pool_dir() -> Path:
    return Path(os.environ.get("MINUTES_POOL") or Path.home() / ".cache" / "minutes-pool")


def build(entries: list[PoolEntry], pool: Path, mirrors: Path) -> dict[str, list[str]]:
    """Write every entry whose mirror is present; return the problems by kind."""
    problems: dict[str, list[str]] = defaultdict(list)
    git_dirs: dict[str, Path | None] = {}
    written: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    for entry in entries:
        if entry.repo not in git_dirs:
            try:
                git_dirs[entry.repo] = git_dir_for(mirrors, entry.repo)
            except MirrorMissing as missing:
                git_dirs[entry.repo] = None
                problems["mirror missing"].append(str(missing))
        git_dir = git_dirs[entry.repo]
        if git_dir is None:
            skipped[entry.repo] += 1
            continue
        try:
            data = read_blob(git_dir, entry.commit, entry.path)
        except MirrorMissing as missing:
            problems["not in the mirror (older snapshot?)"].append(f"{entry.repo}@{entry.commit[:10]}:{entry.path}: {missing}")
            continue
        if hashlib.sha256(data).hexdigest() != entry.sha256:
            problems["hash differs from the manifest"].append(f"{entry.repo}:{entry.path}")
            continue
        target = pool / entry.pool_path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
        written[entry.group] += 1
    for repo, count in skipped.items():
        problems["documents not written (no mirror)"].append(f"{repo}: {count} documents")
    for group, count in sorted(written.items()):
        print(f"{group:28} {count:4} documents", file=sys.stderr)
    print(f"{sum(written.values())} of {len(entries)} documents in {pool}", file=sys.stderr)
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pool", type=Path, default=None, help="destination folder (default $MINUTES_POOL or ~/.cache/minutes-pool)")
    parser.add_argument("--mirrors", type=Path, default=Path(os.environ.get("MINUTES_MIRRORS", "/work/.mirror")))
    parser.add_argument("--manifest", type=Path, default=MANIFEST)
    args = parser.parse_args()
    pool = (args.pool or default_pool_dir()).expanduser()
    problems = build(read_manifest(args.manifest), pool, args.mirrors)
    for kind, lines in problems.items():
        print(f"\n{kind} ({len(lines)}):", file=sys.stderr)
        for line in lines[:50]:
            print(f"  {line}", file=sys.stderr)
        if len(lines) > 50:
            print(f"  ... and {len(lines) - 50} more", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
