"""An admin shares a minutes file with the bot: download, ingest, index, summarise."""

from __future__ import annotations

import logging
import urllib.request
from pathlib import Path

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.correction_notices import notify_orphaned_corrections
from bot.deps import BotDeps
from bot.digest import log_run, post_pending_digests
from bot.render import plain_message
from corpus.errors import MinutesReadError
from corpus.readers import SUPPORTED_SUFFIXES, max_file_bytes
from index.config import minutes_home
from retrieval.wording import long_date


def add_shared_file(file_id: str, user_id: str, channel: str, client: WebClient, deps: BotDeps, logger: logging.Logger) -> None:
    """Handle one shared file once; every outcome ends in a message to the sharer."""
    if not deps.seen.first_time(f"file:{file_id}"):
        return  # file_shared and message/file_share both announce it
    if not deps.is_admin(user_id):
        _say(client, channel, "Thanks! Only admins can add minutes, so I haven't read that file.")
        return
    try:
        info = client.files_info(file=file_id)["file"]
        name = Path(info.get("name") or f"{file_id}.txt").name
        if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
            _say(client, channel, f"{name}: I can read {', '.join(sorted(SUPPORTED_SUFFIXES))} files, not this one.")
            return
        if int(info.get("size") or 0) > max_file_bytes():
            _say(client, channel, f"{name}: the file is larger than {max_file_bytes() // 2**20} MB, so I did not read it.")
            return
        path = _download(info.get("url_private_download") or info["url_private"], name, deps.config.bot_token)
        added = deps.service.add_minutes(path, digest=bool(deps.config.digest_channel))
    except MinutesReadError as error:
        _say(client, channel, f"I couldn't add that file. {error}")
        return
    except (SlackApiError, OSError, KeyError, ValueError) as error:
        logger.exception("adding file %s failed", file_id)
        _say(client, channel, f"I couldn't fetch or store that file ({error}). Nothing was changed.")
        return
    if added.outcome == "skipped":
        _say(client, channel, f"{added.source} is already in the minutes, unchanged.")
        return
    if added.outcome == "duplicate":
        _say(client, channel, f"{added.source} is the same file as {added.duplicate_of}, which is already in the minutes. Nothing changed.")
        return
    verb = "Added" if added.outcome == "added" else "Updated"
    if added.replaced:
        verb = f"Replaced {added.replaced} (the same minutes) with"
    clash = (f" Note: {', '.join(added.conflicts)} also claim{'s' if len(added.conflicts) == 1 else ''} this board and date "
             f"but {'is' if len(added.conflicts) == 1 else 'are'} different minutes; both are kept — please check the dates."
             if added.conflicts else "")
    _say(client, channel, f"{verb} {added.source}: {added.board}, {long_date(added.meeting_date)} — "
                          f"{added.items} items, {added.actions} actions. It is searchable now (index version {added.index_version}).{clash}")
    if deps.config.digest_channel:
        log_run(post_pending_digests(deps.service, client, deps.config))
    notify_orphaned_corrections(client, deps.service.store)


def _download(url: str, name: str, token: str) -> Path:
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"unexpected download URL for {name}")
    folder = minutes_home() / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - http(s) checked above
        data = response.read(max_file_bytes() + 1)
    if len(data) > max_file_bytes():
        raise ValueError(f"{name} is larger than {max_file_bytes() // 2**20} MB")
    partial = target.with_suffix(target.suffix + ".part")
    partial.write_bytes(data)
    partial.replace(target)
    return target


def _say(client: WebClient, channel: str, text: str) -> None:
    message = plain_message(text)
    client.chat_postMessage(channel=channel, text=message.text, blocks=message.blocks)
