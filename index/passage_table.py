"""Passages on disk, column by column, read through a memory map.

An index version of 100k passages holds ~130 MB of passage text. Parsing it into Python
objects at start took a second or more and kept every string in the answering process;
here the text and ids stay in files the process maps, and a passage's words are decoded
only when someone reads them (the few passages an answer cites). The short columns
(source, board, date, item, title) are dictionary-coded: each distinct value is stored
once, and a passage holds small integer codes, so every process sharing the files pays
megabytes, not hundreds of them.

Files in a version folder, under `passages/`:
  text.bin, text.offsets.npy      UTF-8 text, end to end, and each passage's start (n+1 offsets)
  ids.npy                          passage ids (fixed-width bytes)
  chunk.npy                        chunk number within the item
  <column>.npy, values.json        codes (−1 for None) and each coded column's distinct values
"""

from __future__ import annotations

import json
import mmap
from abc import abstractmethod
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import overload

import numpy as np

from index.passages import Passage

FOLDER = "passages"
CODED = ("source", "url", "board", "organisation", "meeting_date", "item", "item_title")
_LAZY = ("passage_id", "text")  # read from the mapped files when first used


class StoredPassage(Passage):
    """A Passage whose id and text are read from the table's files when first used.

    It is a Passage in every other way (equality, hashing, fields); pickling gives a plain one.
    """

    def __getattr__(self, name: str):
        # Only called for attributes not set yet: the lazy ones, or a genuine miss.
        if name not in _LAZY:
            raise AttributeError(name)
        table: PassageTable = self.__dict__["_table"]
        position: int = self.__dict__["_position"]
        value = table.text_at(position) if name == "text" else table.id_at(position)
        object.__setattr__(self, name, value)
        return value

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in Passage.__dataclass_fields__)

    def __eq__(self, other: object) -> bool:
        # Equal to a plain Passage with the same fields (the dataclass compares classes too).
        return isinstance(other, Passage) and self._values() == tuple(getattr(other, n) for n in Passage.__dataclass_fields__)

    __hash__ = Passage.__hash__

    def __reduce__(self):
        return (Passage, self._values())


class PassageSequence(Sequence[Passage]):
    """A read-only sequence of passages addressed by position: subclasses say how long it is
    and how to read the passage at one position."""

    @abstractmethod
    def _passage(self, position: int) -> Passage:
        """The passage at `position`, 0 <= position < len(self)."""

    @overload
    def __getitem__(self, position: int) -> Passage: ...
    @overload
    def __getitem__(self, position: slice) -> list[Passage]: ...

    def __getitem__(self, position):
        if isinstance(position, slice):
            return [self._passage(i) for i in range(*position.indices(len(self)))]
        n = len(self)
        if not -n <= position < n:
            raise IndexError(f"passage {position} of {n}")
        return self._passage(position % n)


class PassageTable(PassageSequence):
    """The passages of one index version, a read-only sequence over mapped column files."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        values = json.loads((folder / "values.json").read_text())
        # Codes stay small integer arrays; a column is decoded to a list of references to the
        # shared distinct values (8 bytes a passage) only when asked for as a whole.
        self._values = {name: np.array(values[name] + [None], dtype=object) for name in CODED}  # code −1 → None
        self._codes = {name: np.load(folder / f"{name}.npy") for name in CODED}
        self._decoded: dict[str, list] = {}
        self._chunks = np.load(folder / "chunk.npy")
        self._ids = np.load(folder / "ids.npy", mmap_mode="r")
        self._offsets = np.load(folder / "text.offsets.npy", mmap_mode="r")
        with open(folder / "text.bin", "rb") as handle:
            size = handle.seek(0, 2)
            # An empty file cannot be mapped; an empty table never reads text.
            self._text = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if size else b""

    @staticmethod
    def write(folder: Path, passages: Sequence[Passage]) -> None:
        """Write `passages` as the table's files into `folder` (created)."""
        folder.mkdir(parents=True, exist_ok=True)
        values: dict[str, list] = {}
        for name in CODED:
            codes: dict[object, int] = {}
            column = [codes.setdefault(getattr(p, name), len(codes)) if getattr(p, name) is not None else -1
                      for p in passages]
            values[name] = [v for v in codes]
            np.save(folder / f"{name}.npy", np.array(column, dtype=np.int32))
        (folder / "values.json").write_text(json.dumps(values))
        np.save(folder / "chunk.npy", np.array([p.chunk for p in passages], dtype=np.int32))
        np.save(folder / "ids.npy", np.array([p.passage_id.encode("utf-8") for p in passages], dtype=bytes))
        offsets = np.zeros(len(passages) + 1, dtype=np.int64)
        with open(folder / "text.bin", "wb") as out:
            for i, passage in enumerate(passages):
                data = passage.text.encode("utf-8")
                out.write(data)
                offsets[i + 1] = offsets[i] + len(data)
        np.save(folder / "text.offsets.npy", offsets)

    def __len__(self) -> int:
        return len(self._chunks)

    def __iter__(self) -> Iterator[Passage]:
        return (self._passage(i) for i in range(len(self)))

    def column(self, name: str) -> list:
        """One field of every passage, in order, without building the passages (decoded once)."""
        if name not in self._decoded:
            if name in CODED:
                self._decoded[name] = self._values[name][self._codes[name]].tolist()
            elif name == "chunk":
                self._decoded[name] = self._chunks.tolist()
            else:
                self._decoded[name] = [getattr(p, name) for p in self]
        return self._decoded[name]

    def rows_of(self, name: str, values: set) -> np.ndarray:
        """Rows whose coded column `name` holds one of `values` (ascending), without decoding the column."""
        codes = [i for i, value in enumerate(self._values[name][:-1]) if value in values]
        return np.flatnonzero(np.isin(self._codes[name], codes)) if codes else np.zeros(0, np.int64)

    def text_at(self, position: int) -> str:
        start, end = int(self._offsets[position]), int(self._offsets[position + 1])
        return self._text[start:end].decode("utf-8")

    def id_at(self, position: int) -> str:
        return bytes(self._ids[position]).decode("utf-8")

    def _passage(self, i: int) -> Passage:
        passage = object.__new__(StoredPassage)
        fields = passage.__dict__
        for name in CODED:
            fields[name] = self._values[name][self._codes[name][i]]
        fields["chunk"] = int(self._chunks[i])
        fields["_table"] = self
        fields["_position"] = i
        return passage


def open_table(version_folder: Path) -> PassageTable:
    """The passages of the index version in `version_folder`."""
    return PassageTable(version_folder / FOLDER)


def write_table(version_folder: Path, passages: Sequence[Passage]) -> None:
    """Write `passages` into the index version in `version_folder`."""
    PassageTable.write(version_folder / FOLDER, passages)


def passage_column(passages: Sequence[Passage], name: str) -> list:
    """One field of every passage, in order: from a table's (or a version's, index/live_view.py)
    columns without building a Passage per row (100k of them cost a second at start), or read
    from a list of passages."""
    if hasattr(passages, "column"):
        return passages.column(name)
    return [getattr(p, name) for p in passages]
