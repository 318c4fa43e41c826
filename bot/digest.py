"""Posting the new-minutes digests queued in the store (index/digest_outbox.py) to
MINUTES_DIGEST_CHANNEL, each exactly once.

A poster claims a digest before posting (one process wins), posts it with message metadata
naming it, then records the message's ts. When it takes over a killed poster's stale claim,
or a post failed in a way that may still have posted it (a 5xx, a dropped connection), it
first reads the channel's recent history (conversations.history, include_all_metadata) for
that metadata: found means posted, and it is recorded without posting again. A history it
cannot read leaves the claim in place (to be checked again later) rather than risk a second
post. Slack's outright refusals (`ok: false`, a 429 past the retries) release the claim, so
the next run posts it.

Run by `minutes ingest`, by the bot after an admin's upload, and by `minutes serve` at start
and every few minutes (which also retries what failed and takes over stale claims).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.config import BotConfig
from bot.render_digest import DIGEST_EVENT, digest_message
from bot.service import MinutesService
from corpus.people import normalise_name
from index.digest_outbox import ClaimedDigest, DigestOutbox
from index.meeting_news import meeting_news

logger = logging.getLogger("minutes.digest")

HISTORY_PAGES = 5  # 1000 messages back from the claim: a digest channel is quiet
CLOCK_SLACK = timedelta(minutes=5)  # the database's clock and Slack's may differ
PAUSE = 1.0  # chat.postMessage is about one message a second per channel
POLL_EVERY = 300.0


@dataclass
class DigestRun:
    """What one run did, by file name."""

    posted: list[str] = field(default_factory=list)
    found_posted: list[str] = field(default_factory=list)  # a killed poster had posted it: recorded, not posted again
    taken: list[str] = field(default_factory=list)  # another poster holds it
    dropped: list[str] = field(default_factory=list)  # the minutes were removed before posting
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, reason): the next run tries again


class _Unknown(Exception):
    """The channel's history cannot be read, so whether a digest was posted is unknown."""


def _poster_client(client: WebClient) -> WebClient:
    """The same client minus the 5xx retries: a retried post after a 5xx could be a second message,
    so a 5xx goes through the history check instead. 429s are safe to retry (nothing was posted)."""
    copy = WebClient(token=client.token, base_url=client.base_url, timeout=client.timeout)
    copy.retry_handlers = [h for h in client.retry_handlers if isinstance(h, RateLimitErrorRetryHandler)] \
        or [RateLimitErrorRetryHandler(max_retry_count=2)]
    return copy


def _epoch(moment: datetime) -> str:
    return f"{moment.replace(tzinfo=timezone.utc).timestamp():.6f}"


def find_posted(client: WebClient, channel: str, claim: ClaimedDigest, since: datetime) -> str | None:
    """The ts of the digest's message in `channel` posted after `since`, or None; raises _Unknown."""
    cursor = None
    for _ in range(HISTORY_PAGES):
        try:
            page = client.conversations_history(channel=channel, oldest=_epoch(since - CLOCK_SLACK), include_all_metadata=True,
                                                limit=200, **({"cursor": cursor} if cursor else {}))
        except (SlackApiError, OSError) as error:
            reason = error.response.get("error") if isinstance(error, SlackApiError) else str(error)
            raise _Unknown(f"conversations.history: {reason}") from error
        for message in page.get("messages") or []:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if metadata.get("event_type") == DIGEST_EVENT and payload.get("digest") == claim.key:
                return message.get("ts")
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return None
    return None


def _mentions(client: WebClient, config: BotConfig, service: MinutesService) -> dict[str, str]:
    """{normalised person name: Slack user id} as reminders match people (the mapping file, then users.list)."""
    from bot.reminders import slack_users_by_person

    try:
        return {normalise_name(person): user for person, user in slack_users_by_person(client, config, service).items()}
    except (SlackApiError, OSError) as error:  # mentions are a nicety: names are shown instead
        logger.warning("digest: could not list Slack users (%s); owners are named, not mentioned", error)
        return {}


def post_pending_digests(service: MinutesService, client: WebClient, config: BotConfig, pause: float = PAUSE) -> DigestRun:
    """Post every queued digest not yet posted (nothing when MINUTES_DIGEST_CHANNEL is unset)."""
    run = DigestRun()
    channel = config.digest_channel
    if not channel:
        return run
    outbox = DigestOutbox(service.store.engine)
    due = outbox.due()
    if not due:
        return run
    service.store.refresh_pending_history()  # an interrupted batch's "reported done" links first
    poster = _poster_client(client)
    users: dict[str, str] | None = None
    for digest_id in due:
        claim = outbox.claim(digest_id, channel)
        if claim is None:
            run.taken.append(str(digest_id))
            continue
        if claim.maybe_posted:
            try:
                ts = find_posted(poster, channel, claim, claim.maybe_posted_since)
            except _Unknown as error:
                run.failed.append((claim.source, f"{error}; not posted, in case it was already (checked again later)"))
                continue
            if _recorded_as_found(outbox, run, claim, channel, ts):
                continue
        news = meeting_news(service.store.engine, outbox.source_of(claim))
        if news is None:
            outbox.drop(claim)
            run.dropped.append(claim.source)
            continue
        if users is None:
            users = _mentions(poster, config, service)
        message = digest_message(news, claim.key, users)
        posted_from = datetime.now(timezone.utc).replace(tzinfo=None)
        try:
            response = poster.chat_postMessage(channel=channel, text=message.text, blocks=message.blocks,
                                               metadata=message.metadata, unfurl_links=False, unfurl_media=False)
        except (SlackApiError, OSError) as error:
            _after_failed_post(poster, outbox, run, claim, channel, posted_from, error)
            continue
        outbox.record_posted(claim, channel, response.get("ts") or "")
        run.posted.append(news.source)
        if pause:
            time.sleep(pause)
    return run


def _after_failed_post(client: WebClient, outbox: DigestOutbox, run: DigestRun, claim: ClaimedDigest, channel: str,
                       posted_from: datetime, error: Exception) -> None:
    refused = isinstance(error, SlackApiError) and error.response.status_code < 500
    reason = error.response.get("error") if isinstance(error, SlackApiError) else str(error)
    if refused:  # Slack answered and did not post it
        outbox.release(claim)
        run.failed.append((claim.source, str(reason)))
        return
    try:
        ts = find_posted(client, channel, claim, posted_from)
    except _Unknown as unknown:
        run.failed.append((claim.source, f"{reason}; {unknown}; checked again later"))
        return
    if not _recorded_as_found(outbox, run, claim, channel, ts):
        outbox.release(claim)
        run.failed.append((claim.source, str(reason)))


def _recorded_as_found(outbox: DigestOutbox, run: DigestRun, claim: ClaimedDigest, channel: str, ts: str | None) -> bool:
    """Record a digest found already in the channel's history (`ts`); False when it was not found."""
    if ts is None:
        return False
    outbox.record_posted(claim, channel, ts)
    run.found_posted.append(claim.source)
    return True


def log_run(run: DigestRun) -> None:
    if run.posted or run.found_posted:
        logger.info("digests posted", extra={"posted": len(run.posted), "found_posted": len(run.found_posted)})
    for source, reason in run.failed:
        logger.warning("digest of %s not posted: %s (the next run tries again)", source, reason)


def start_digest_poster(service: MinutesService, client: WebClient, config: BotConfig,
                        every: float = POLL_EVERY) -> threading.Thread | None:
    """`minutes serve`: post what is queued now, then every `every` seconds (failed posts, stale claims)."""
    if not config.digest_channel:
        return None

    def loop() -> None:
        while True:
            try:
                log_run(post_pending_digests(service, client, config))
            except Exception:  # the bot keeps answering; the next round tries again
                logger.exception("posting digests failed")
            time.sleep(every)

    thread = threading.Thread(target=loop, name="digest-poster", daemon=True)
    thread.start()
    return thread
