"""The SQL schema (SQLAlchemy 2.0 typed models); portable across SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Document(Base):
    """A file of minutes as ingested; `source` is its file name."""

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(255), unique=True)
    path: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(16))
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer)
    ingested_at: Mapped[datetime] = mapped_column(DateTime)
    meeting: Mapped["Meeting"] = relationship(back_populates="document", cascade="all, delete-orphan", passive_deletes=True)


class Meeting(Base):
    __tablename__ = "meetings"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), unique=True)
    board: Mapped[str] = mapped_column(Text)
    board_key: Mapped[str] = mapped_column(String(255), index=True)
    organisation: Mapped[str | None] = mapped_column(Text)
    date: Mapped[date | None] = mapped_column(Date, index=True)
    time: Mapped[str | None] = mapped_column(String(32))
    location: Mapped[str | None] = mapped_column(Text)
    header_text: Mapped[str] = mapped_column(Text)
    # Added after the first release: `index.store.add_missing_columns` adds them to older databases.
    next_meeting: Mapped[date | None] = mapped_column(Date)
    next_meeting_text: Mapped[str | None] = mapped_column(Text)
    next_meeting_place: Mapped[str | None] = mapped_column(Text)
    document: Mapped[Document] = relationship(back_populates="meeting")
    items: Mapped[list["Item"]] = relationship(cascade="all, delete-orphan", passive_deletes=True, order_by="Item.position")
    attendance: Mapped[list["Attendance"]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    actions: Mapped[list["Action"]] = relationship(cascade="all, delete-orphan", passive_deletes=True, order_by="Action.position")
    updates: Mapped[list["ActionUpdate"]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class Person(Base):
    """Someone named in minutes, across meetings, keyed on their normalised full name."""

    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(String(255), unique=True)


class Attendance(Base):
    __tablename__ = "attendance"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    position: Mapped[str | None] = mapped_column(Text)
    organisation: Mapped[str | None] = mapped_column(Text)
    initials: Mapped[str | None] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(String(64))
    person: Mapped[Person] = relationship()


class Item(Base):
    __tablename__ = "items"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[str | None] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)


class Action(Base):
    __tablename__ = "actions"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(Integer)
    ref: Mapped[str | None] = mapped_column(String(32), index=True)
    description: Mapped[str] = mapped_column(Text)
    due: Mapped[str | None] = mapped_column(String(10))
    due_text: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    parsed_status: Mapped[str] = mapped_column(String(16))
    from_log: Mapped[bool] = mapped_column(Boolean, default=False)
    owners: Mapped[list["ActionOwner"]] = relationship(cascade="all, delete-orphan", passive_deletes=True, order_by="ActionOwner.position")
    item: Mapped[Item | None] = relationship()
    progress: Mapped[list["ActionProgress"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, foreign_keys="ActionProgress.action_id")


class ActionOwner(Base):
    __tablename__ = "action_owners"
    __table_args__ = (UniqueConstraint("action_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(Text)
    initials: Mapped[str | None] = mapped_column(String(16))
    as_written: Mapped[str] = mapped_column(Text)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)


class ActionUpdate(Base):
    """What a meeting's action log says about an action (often one from an earlier meeting)."""

    __tablename__ = "action_updates"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    ref: Mapped[str] = mapped_column(String(32), index=True)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(String(16))
    item_number: Mapped[str | None] = mapped_column(String(32))


class ActionProgress(Base):
    """A later meeting's words on an earlier action, linked by ref (action logs) or by meaning.

    `status` is what those words say: "done", "carried forward", or "open" (reported on,
    no change). Rows are recomputed for a whole board whenever one of its meetings changes.
    """

    __tablename__ = "action_progress"
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    item_number: Mapped[str | None] = mapped_column(String(32))
    quote: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    method: Mapped[str] = mapped_column(String(16))  # "ref" or "meaning"
    score: Mapped[float | None] = mapped_column(Float)
    meeting: Mapped[Meeting] = relationship()


class ReminderDelivery(Base):
    """One person's reminder digest for one day: claimed ("sending") before posting, then "sent".

    The unique (person, day) row is what makes reminders at most once a day, even when two
    runs overlap; a failed post removes its claim so the next run tries again.
    """

    __tablename__ = "reminder_deliveries"
    __table_args__ = (UniqueConstraint("person_key", "day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_key: Mapped[str] = mapped_column(String(255))
    person: Mapped[str] = mapped_column(Text)
    slack_user: Mapped[str] = mapped_column(String(32))
    day: Mapped[date] = mapped_column(Date, index=True)
    state: Mapped[str] = mapped_column(String(16))  # "sending" or "sent"
    actions: Mapped[int] = mapped_column(Integer)
    claimed_at: Mapped[datetime] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)


class ReminderPreference(Base):
    """A Slack user's choice about reminder DMs (`/actions remind off|on`); no row means on."""

    __tablename__ = "reminder_preferences"
    slack_user: Mapped[str] = mapped_column(String(32), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean)
    changed_at: Mapped[datetime] = mapped_column(DateTime)


class ReminderRun(Base):
    """One `minutes remind` run, for `minutes doctor`."""

    __tablename__ = "reminder_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    dry_run: Mapped[bool] = mapped_column(Boolean)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    sent: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)


class IndexVersion(Base):
    """A built search-index version; the newest row is the live one for every process."""

    __tablename__ = "index_versions"
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    built_at: Mapped[datetime] = mapped_column(DateTime)
    passages: Mapped[int] = mapped_column(Integer)
    documents: Mapped[int] = mapped_column(Integer)


class HistoryRefresh(Base):
    """A board whose action history is owed a refresh from `since` (None: all of it).

    A batch ingest writes one with each file, in the file's transaction, and refreshes each
    board once at the end (removing them); a batch that was interrupted leaves them for the
    next ingest or start to finish.
    """

    __tablename__ = "history_refreshes"
    id: Mapped[int] = mapped_column(primary_key=True)
    board_key: Mapped[str] = mapped_column(String(255), index=True)
    since: Mapped[date | None] = mapped_column(Date)


class MeetingDigest(Base):
    """The outbox of new-minutes digests: one row per new meeting, written by the ingest that
    stored it (in the same transaction), posted once to the digest channel.

    `state`: "pending" (to post), "posting" (claimed by a poster at `claimed_at`), "posted"
    (`channel`, `ts`), or "dropped" (its minutes were removed before it was posted). A twin
    that replaces the file moves a pending row to the new file rather than adding one.
    """

    __tablename__ = "meeting_digests"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)  # random: names the posted message (its metadata)
    source: Mapped[str] = mapped_column(String(255), unique=True)
    board: Mapped[str] = mapped_column(Text)
    meeting_date: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    claim: Mapped[str | None] = mapped_column(String(64))  # the claiming poster's token: only it records the post
    channel: Mapped[str | None] = mapped_column(String(64))
    ts: Mapped[str | None] = mapped_column(String(32))
    posted_at: Mapped[datetime | None] = mapped_column(DateTime)


class AnswerFeedback(Base):
    """A 👍 or 👎 on an answer the bot posted (one per user and message: a later vote replaces it).

    `kind`: "helpful", "not_helpful" (a 👎 whose reason was not given), "wrong_answer",
    "wrong_meeting" or "should_say_not_found". `citations` is a JSON list of the answer's
    sources (source, board, date, item); `board` is the first one's, for reports. `question`
    is kept only when the workspace opts in (MINUTES_KEEP_QUESTIONS).
    """

    __tablename__ = "answer_feedback"
    __table_args__ = (UniqueConstraint("channel", "message_ts", "slack_user"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    slack_user: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(64))
    message_ts: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(DateTime)
    board: Mapped[str | None] = mapped_column(Text)
    citations: Mapped[str] = mapped_column(Text)
    question: Mapped[str | None] = mapped_column(Text)


class ActionCorrection(Base):
    """An admin's correction of an action record, kept apart from what the reader produced.

    Keyed by what survives re-reading the minutes (never by an action row's id, which a
    re-ingest recreates): the meeting (board and date, which a DOCX/PDF twin shares; the
    source for undated minutes), then the action's ref, else its description as read.
    `kind`: "change" (owner, due or status; None leaves that field as read), "not_action"
    (the reader's record is not an action) or "add" (an action the reader missed, in `item`).
    """

    __tablename__ = "action_corrections"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    board_key: Mapped[str] = mapped_column(String(255), index=True)
    meeting_date: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(255))  # the file it was made on (undated minutes are found by it)
    ref: Mapped[str | None] = mapped_column(String(32))
    item: Mapped[str | None] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text)  # as read ("change", "not_action") or as the admin wrote it ("add")
    owner: Mapped[str | None] = mapped_column(Text)
    owner_initials: Mapped[str | None] = mapped_column(String(16))
    due: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str | None] = mapped_column(String(16))
    original: Mapped[str] = mapped_column(Text)  # JSON: the owners, due and status as the reader had them
    corrected_by: Mapped[str] = mapped_column(String(64))
    corrected_at: Mapped[datetime] = mapped_column(DateTime)
    orphan_notified_at: Mapped[datetime | None] = mapped_column(DateTime)  # when its author was told it no longer applies
