"""Reading files out of mirrored (bare) git repositories: `<mirrors>/<owner>+<name>/repo`.

A mirror is a snapshot brought onto the machine by the team's fetch tool; the git
directory is `repo` itself or `repo/.git` when the snapshot kept a work tree.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


class MirrorMissing(Exception):
    """A repository the manifest needs has no mirror here (or lacks the commit)."""


def git_dir_for(mirrors: Path, repo: str) -> Path:
    """The git directory of `owner/name` under `mirrors`, or `MirrorMissing` saying what to fetch."""
    base = mirrors / repo.replace("/", "+") / "repo"
    for candidate in (base / ".git", base):
        if (candidate / "HEAD").is_file() and (candidate / "objects").is_dir():
            return candidate
    raise MirrorMissing(f"no mirror of {repo}: expected a git directory at {base} (fetch github:{repo})")


def git(git_dir: Path, *args: str) -> bytes:
    result = subprocess.run(["git", f"--git-dir={git_dir}", *args], capture_output=True, check=False)
    if result.returncode != 0:
        raise MirrorMissing(f"git {' '.join(args)} failed in {git_dir}: {result.stderr.decode(errors='replace').strip()}")
    return result.stdout


def resolve_commit(git_dir: Path, ref: str = "HEAD") -> str:
    return git(git_dir, "rev-parse", ref).decode().strip()


def list_files(git_dir: Path, commit: str) -> list[tuple[str, int]]:
    """(path, size) of every file in `commit`; NUL-separated so odd names survive."""
    out = git(git_dir, "ls-tree", "-r", "-l", "-z", commit)
    files: list[tuple[str, int]] = []
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        kind, size = meta.split()[1], meta.split()[3]
        # a size that is not a number ("BAD") marks a blob the snapshot left out (>= 4 MiB)
        if kind == b"blob" and size.isdigit():
            files.append((path.decode("utf-8", errors="surrogateescape"), int(size)))
    return files


def read_blob(git_dir: Path, commit: str, path: str) -> bytes:
    """The bytes of `path` at `commit`."""
    return git(git_dir, "cat-file", "blob", f"{commit}:{path}")
