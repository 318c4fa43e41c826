"""Front matter of Markdown minutes (Jekyll, Hugo, Eleventy posts): YAML (`---`) or TOML (`+++`).

Static-site minutes start with a `---` block stating what the page is (`title:`,
`date:`, `start:`, `location:`). Those fields are metadata; some sites also keep the
minutes themselves in it as block text (`minutes: >-` followed by Markdown), which is
the document's body when nothing follows the block.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import yaml

_BLOCK = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
# Hugo's TOML front matter: `+++` lines around `key = value` pairs.
_TOML_BLOCK = re.compile(r"\A\+\+\+[ \t]*\n(?P<toml>.*?)\n\+\+\+[ \t]*(?:\n|\Z)", re.DOTALL)
_SIMPLE_FIELD = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>\S.*?)\s*$")


@dataclass
class FrontMatter:
    """The front matter's scalar fields (as text) and its multi-line text fields."""

    fields: dict[str, str] = field(default_factory=dict)
    texts: list[tuple[str, str]] = field(default_factory=list)  # (key, Markdown text), in order


def split_front_matter(text: str) -> tuple[FrontMatter, str]:
    """The front matter at the start of `text` (empty when there is none) and the rest."""
    match = _BLOCK.match(text)
    toml_match = None if match else _TOML_BLOCK.match(text)
    if toml_match:
        import tomllib

        body = text[toml_match.end() :]
        try:
            data = tomllib.loads(toml_match.group("toml"))
        except tomllib.TOMLDecodeError:
            data = _simple_fields(toml_match.group("toml").replace(" = ", ": "))
    elif not match:
        return FrontMatter(), text
    else:
        body = text[match.end() :]
        try:
            data = yaml.safe_load(match.group("yaml"))
        except yaml.YAMLError:
            data = _simple_fields(match.group("yaml"))  # hand-written front matter is often not valid YAML
    if not isinstance(data, dict):
        return FrontMatter(), text
    front = FrontMatter()
    for key, value in data.items():
        if isinstance(value, str) and "\n" in value.strip():
            front.texts.append((str(key), value))
        elif isinstance(value, (str, int, float, dt.date)):
            front.fields[str(key).lower()] = _as_text(value)
    return front, body


def _as_text(value: object) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return " ".join(str(value).split())


def _simple_fields(block: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in block.split("\n"):
        match = _SIMPLE_FIELD.match(line)
        if match:
            fields[match.group("key")] = match.group("value").strip("\"'")
    return fields
