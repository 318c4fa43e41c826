"""Choose the pool's documents from mirrored repositories and write `manifest.tsv`.

Run once by whoever refreshes the pool; `build_pool.py` then rebuilds the same
documents from the manifest. Each source below names an organisation, a group (the
pool's first folder level, one per body with its own way of writing minutes), the
repository, which of its paths are minutes, and a cap. Capped sources keep files
spread evenly over the sorted paths, so every year and layout of a series is present.

    python benchmarks/pool/select_pool.py [--mirrors /work/.mirror] [--out benchmarks/pool/manifest.tsv]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mirrors import MirrorMissing, git_dir_for, list_files, read_blob, resolve_commit  # noqa: E402


@dataclass(frozen=True)
class Source:
    organisation: str
    group: str
    repo: str
    include: str  # regex over the repository path
    cap: int | None = None
    exclude: str = r"(?i)(^|/)(readme|index|owners)[^/]*$"  # folder indexes, not minutes


NEVER = re.compile(r"(?i)template")  # empty forms to fill in, in any source


SOURCES = [
    Source("Kubernetes", "kubernetes", "kubernetes/community",
           r"^(sig-[^/]+/minutes/[^/]+\.md|[^/]+/(meeting-notes-archive|archive)/[^/]*(notes|minutes)[^/]*\.md)$"),
    Source("Node.js", "nodejs-build-wg", "nodejs/build", r"^doc/meetings/[^/]+$", cap=40),
    Source("W3C", "w3c-wot", "w3c/wot", r"^minutes/[^/]+/[^/]+(/[^/]+)?\.(md|txt|html)$", cap=45,
           # each meeting is a folder holding Readme.md; "AI.*" files are machine summaries, not minutes
           exclude=r"^minutes/[^/]+/README\.md$|/AI\.[^/]*$|Readme2"),
    Source("Rust", "rust-lang-team", "rust-lang/lang-team", r"^(minutes|design-meeting-minutes)/.+\.md$", cap=30),
    Source("Rust", "rust-infra-team", "rust-lang/infra-team", r"^(meetings|minutes/weekly-meetings)/\d{4}-.+\.md$"),
    Source("Jupyter", "jupyterhub", "jupyterhub/team-compass", r"^docs/meetings/(community|hpc)/.+\.md$", cap=40),
    Source("NumFOCUS (NumPy)", "numpy", "numpy/archive",
           r"^(community_meetings|status_meetings|triage_meetings)/.+\.md$", cap=40),
    Source("Haskell Foundation", "haskell-stability-wg", "haskellfoundation/stability",
           r"^(meetings/.+|charter/original/(SWG call|Stability working group).+\.docx)$", cap=40,
           exclude=r"(?i)agenda|(^|/)readme[^/]*$"),
    Source("UK Cabinet Office (data.gov.uk)", "uk-cabinet-office-data", "datagovuk/library-archive",
           r"^_posts/.*(minutes|meeting).*\.md$", cap=40),
    Source("UK Central Digital and Data Office", "uk-cddo-open-standards", "co-cddo/open-standards",
           r"^docs/_meetings/.+\.md$"),
    Source("City of Austin", "city-of-austin-osac", "cityofaustin/osac", r"^meeting-notes/.+\.md$"),
    Source("Aarhus City Archives", "aarhus-parish-councils", "aarhusstadsarkiv/datasets",
           r"^minutes/parish-council/.+\.txt$", cap=20),
    Source("Aarhus City Archives", "aarhus-parish-councils", "aarhusstadsarkiv/datasets",
           r"^minutes/parish-council/.+\.pdf$", cap=10),
]

FORMATS = {".md": "markdown", ".markdown": "markdown", ".mkd": "markdown", ".txt": "text", ".html": "html",
           ".htm": "html", ".pdf": "pdf", ".docx": "docx", ".rst": "rst", ".doc": "doc"}


def file_format(path: str) -> str:
    """The format a path's extension names ("none" when it has none)."""
    suffix = Path(path).suffix.lower()
    return FORMATS.get(suffix, suffix.lstrip(".") or "none")


def spread(paths: list[str], cap: int | None) -> list[str]:
    """`cap` paths evenly spaced over the sorted list (all of them when under the cap)."""
    if cap is None or len(paths) <= cap:
        return paths
    step = len(paths) / cap
    return [paths[int(i * step)] for i in range(cap)]


def select(mirrors: Path) -> list[list[str]]:
    rows: list[list[str]] = []
    for source in SOURCES:
        git_dir = git_dir_for(mirrors, source.repo)
        commit = resolve_commit(git_dir)
        include, exclude = re.compile(source.include), re.compile(source.exclude)
        paths = sorted(
            path
            for path, size in list_files(git_dir, commit)
            if include.search(path) and not exclude.search(path) and not NEVER.search(path) and size > 200  # smaller: redirect stubs
        )
        chosen = spread(paths, source.cap)
        for path in chosen:
            data = read_blob(git_dir, commit, path)
            rows.append([source.organisation, source.group, source.repo, commit, path, file_format(path),
                         hashlib.sha256(data).hexdigest(), str(len(data))])
        print(f"{source.group:28} {len(chosen):4} of {len(paths):4} matching files  ({source.repo})", file=sys.stderr)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("manifest.tsv"))
    args = parser.parse_args()
    try:
        rows = select(args.mirrors)
    except MirrorMissing as missing:
        print(missing, file=sys.stderr)
        return 1
    header = ["organisation", "group", "repo", "commit", "path", "format", "sha256", "bytes"]
    args.out.write_text("\n".join("\t".join(row) for row in [header, *rows]) + "\n", encoding="utf-8")
    print(f"{len(rows)} documents -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
