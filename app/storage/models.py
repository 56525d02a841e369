"""SQLAlchemy 2.0 typed models. Every row has a UUID key, timestamps, a row version, the office it
was last changed in, and a tombstone (`deleted_at`) instead of being deleted: sharing needs all four."""
import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, ForeignKey, Index, UniqueConstraint, column
from sqlalchemy import LargeBinary as _LargeBinary
from sqlalchemy import Date as _Date, DateTime as _DateTime, Integer as _Integer, String as _String, Text as _Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from .search_keys import pack_id, unpack_id
from .timestamps import read as read_time, to_micros

PLACEHOLDER = "؟"  # what a value no Dabir writes reads as, in a text column


class _Lenient(TypeDecorator):
    """Reading survives a value no Dabir writes (a file edited with other tools, or from an older
    Dabir before received values were checked): one bad cell reads as a placeholder (None for dates and
    numbers, «؟» for text) instead of failing the whole list. Writing is unchanged. The column types are
    SQLite's own, so the migrations and the files stay as they were."""
    cache_ok = True

    def result_processor(self, dialect, coltype):
        inner = self.impl_instance.result_processor(dialect, coltype)
        bad = self._bad

        def process(value):
            if value is None:
                return None
            try:
                value = inner(value) if inner else value
            except (ValueError, TypeError):
                return bad
            return self._check(value)
        return process

    _bad = None

    @property
    def python_type(self):
        return self.impl_instance.python_type

    def _check(self, value):
        return value


class Date(_Lenient):
    impl = _Date
    cache_ok = True

    def _check(self, value):
        return value if isinstance(value, dt.date) else None


class DateTime(_Lenient):
    """A moment. In a .dabir file, an INTEGER of microseconds since 1970 (issue 28, schema 11,
    app/storage/timestamps.py) where schema 10 kept 26 characters; a text one (an older file's, or
    SQLite's datetime('now')) still reads. The declared type stays DATETIME (schema.py compares it);
    PostgreSQL keeps its timestamps."""
    impl = _DateTime
    cache_ok = True

    def bind_processor(self, dialect):
        if dialect.name != "sqlite":
            return super().bind_processor(dialect)
        return lambda value: None if value is None else to_micros(value)

    def result_processor(self, dialect, coltype):
        lenient = super().result_processor(dialect, coltype)
        if dialect.name != "sqlite":
            return lenient

        def process(value):
            return read_time(value) if type(value) is int else lenient(value)
        return process

    def _check(self, value):
        return value if isinstance(value, dt.datetime) else None


class Integer(_Lenient):
    impl = _Integer
    cache_ok = True

    def _check(self, value):
        return value if isinstance(value, int) else None


class String(_Lenient):
    impl = _String
    cache_ok = True
    _bad = PLACEHOLDER

    def _check(self, value):
        return value if isinstance(value, str) else PLACEHOLDER


class Text(String):
    impl = _Text
    cache_ok = True


class Key(TypeDecorator):
    """A row's UUID (issue 28, schema 10). In a .dabir file it is stored as its 16 bytes
    (app/storage/search_keys.pack_id; an id that is not a canonical UUID, from a file edited elsewhere,
    is kept whole after a marker byte), where schema 9 stored 36 characters in every key, foreign key and
    index. Python, the DTOs, exports and PostgreSQL (whose access rules name the ids as text) see the
    text. The declared type stays VARCHAR(36): SQLite keeps a blob as it is whatever the column's
    affinity, so migration 0010 converts the values in place instead of rebuilding every table.
    Raw SQL on a file binds `pack_id(...)` and reads `unpack_id(...)` (or types its parameters and
    columns with Key)."""
    impl = _String(36)
    cache_ok = True

    @property
    def python_type(self):
        return str

    def process_bind_param(self, value, dialect):
        if value is None or dialect.name != "sqlite":
            return value
        return pack_id(value)

    def process_result_value(self, value, dialect):
        if isinstance(value, bytes):
            try:
                return unpack_id(value)
            except (ValueError, UnicodeDecodeError):
                return PLACEHOLDER + value.hex()   # a blob no Dabir packs reads as no real id
        return value


def with_keys(stmt, width: int, keys=None):
    """A textual statement's `width` result columns, matched by position, those at `keys` (every one
    by default) read as ids (Key), the others as the driver gives them: raw SQL reads a file's packed
    ids as text, as it reads a server's."""
    return stmt.columns(*(column(f"c{i}", Key if keys is None or i in keys else None) for i in range(width)))


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class Row:
    """Columns every table has."""
    id: Mapped[str] = mapped_column(Key, primary_key=True, default=new_id)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    row_version: Mapped[int] = mapped_column(Integer, default=1)
    changed_in: Mapped[str | None] = mapped_column(Key, default=None)  # office id


class Setting(Row, Base):
    """Per-file settings: this office's id and name, the letterhead, the secretary's name."""
    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(100), unique=True)
    value: Mapped[str | None] = mapped_column(Text)


class Organization(Row, Base):
    __tablename__ = "organization"
    name: Mapped[str] = mapped_column(String(300))
    short_name: Mapped[str | None] = mapped_column(String(100))
    name_key: Mapped[str] = mapped_column(String(300), index=True)


class Person(Row, Base):
    __tablename__ = "person"
    full_name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    post: Mapped[str | None] = mapped_column(String(200))
    organization_id: Mapped[str | None] = mapped_column(ForeignKey("organization.id"))
    phone: Mapped[str | None] = mapped_column(String(50))
    email: Mapped[str | None] = mapped_column(String(200))
    signature_png: Mapped[bytes | None] = mapped_column(default=None)

    organization: Mapped[Organization | None] = relationship(lazy="joined")


class Committee(Row, Base):
    __tablename__ = "committee"
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300), index=True)
    organization_id: Mapped[str | None] = mapped_column(ForeignKey("organization.id"))
    description: Mapped[str | None] = mapped_column(Text)
    # issue 14: the agenda every new meeting of the committee starts with, one item per line
    agenda_template: Mapped[str | None] = mapped_column(Text, default=None)

    organization: Mapped[Organization | None] = relationship(lazy="joined")


class Membership(Row, Base):
    __tablename__ = "membership"
    committee_id: Mapped[str] = mapped_column(ForeignKey("committee.id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)

    person: Mapped[Person] = relationship(lazy="joined")


class Meeting(Row, Base):
    __tablename__ = "meeting"
    __table_args__ = (Index("ix_meeting_committee_number", "committee_id", "number"),
                      Index("ix_meeting_date", "date"))
    committee_id: Mapped[str] = mapped_column(ForeignKey("committee.id"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(String(500))
    date: Mapped[dt.date | None] = mapped_column(Date)
    start_time: Mapped[str | None] = mapped_column(String(5))
    end_time: Mapped[str | None] = mapped_column(String(5))
    location: Mapped[str | None] = mapped_column(String(300))
    chair_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"))
    secretary_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"))
    summary: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="draft")

    committee: Mapped[Committee] = relationship(lazy="joined")


class AgendaItem(Row, Base):
    __tablename__ = "agenda_item"
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    presenter: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)


class Attendance(Row, Base):
    __tablename__ = "attendance"
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    role: Mapped[str] = mapped_column(String(20), default="member")
    status: Mapped[str] = mapped_column(String(20), default="present")
    on_behalf_of_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"))

    person: Mapped[Person] = relationship(foreign_keys=[person_id], lazy="joined")
    on_behalf_of: Mapped[Person | None] = relationship(foreign_keys=[on_behalf_of_id], lazy="joined")


class Resolution(Row, Base):
    __tablename__ = "resolution"
    # no (status, deadline) index since schema 9: no query used it (EXPLAIN QUERY PLAN of every list,
    # tracker, search, export and merge query, docs/storage.md); ix_resolution_deadline serves
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    # base_status is what the secretary set; status is derived (latest follow-up, else base_status)
    # and kept here only so the tracker can filter on an index. rules.derive_status is its one source.
    base_status: Mapped[str] = mapped_column(String(20), default="pending")
    status: Mapped[str] = mapped_column(String(20), default="pending")
    # issue 14: an optional tally (موافق / مخالف / ممتنع); None: not recorded
    votes_for: Mapped[int | None] = mapped_column(Integer, default=None)
    votes_against: Mapped[int | None] = mapped_column(Integer, default=None)
    votes_abstain: Mapped[int | None] = mapped_column(Integer, default=None)
    # a resolution an approved amendment added (مصوبه افزوده): listed in that amendment, not in the
    # meeting's minutes, and sealed with the amendment. A plain column, not a foreign key: adding one
    # would rebuild the table on SQLite and drop its search triggers (validate.REFERENCES checks it).
    amendment_id: Mapped[str | None] = mapped_column(Key, default=None)
    # in a file, only the rows an amendment added are in its index (schema 11): every other row's NULL
    # was most of it, and the one query (resolutions.amended) asks for added rows alone
    __table_args__ = (Index("ix_resolution_amendment_id", "amendment_id",
                            sqlite_where=column("amendment_id").is_not(None)),)


class ResolutionParty(Row, Base):
    __tablename__ = "resolution_party"
    __table_args__ = (CheckConstraint("(organization_id IS NULL) <> (person_id IS NULL)",
                                      name="ck_party_one_kind"),)
    resolution_id: Mapped[str] = mapped_column(ForeignKey("resolution.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    organization_id: Mapped[str | None] = mapped_column(ForeignKey("organization.id"), index=True)
    # no index on person_id since schema 11: no query looks parties up by person (the tracker's
    # filters go through the resolution; docs/storage-plan.md "drop_idx")
    person_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"))


class ResolutionVote(Row, Base):
    """Who voted how on a resolution (issue 14). One row per (resolution, person), never a second: a
    new vote updates `choice`, a withdrawn one is a tombstone, so two offices' rows for the same voter
    meet as twins in a merge. The resolution's tally is kept equal to these rows' counts."""
    __tablename__ = "resolution_vote"
    __table_args__ = (UniqueConstraint("resolution_id", "person_id"),)
    resolution_id: Mapped[str] = mapped_column(ForeignKey("resolution.id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True)
    choice: Mapped[str] = mapped_column(String(20))


class FollowUp(Row, Base):
    """Append-only: a follow-up is never edited, so both offices' entries survive a merge."""
    __tablename__ = "follow_up"
    resolution_id: Mapped[str] = mapped_column(ForeignKey("resolution.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str | None] = mapped_column(String(200))
    letter_number: Mapped[str | None] = mapped_column(String(100), default=None)   # شماره نامه (issue 14)


class Topic(Row, Base):
    __tablename__ = "topic"
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)


class MeetingTopic(Row, Base):
    __tablename__ = "meeting_topic"
    __table_args__ = (UniqueConstraint("meeting_id", "topic_id"),)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    topic_id: Mapped[str] = mapped_column(ForeignKey("topic.id"), index=True)


class ResolutionTopic(Row, Base):
    __tablename__ = "resolution_topic"
    __table_args__ = (UniqueConstraint("resolution_id", "topic_id"),)
    resolution_id: Mapped[str] = mapped_column(ForeignKey("resolution.id"), index=True)
    topic_id: Mapped[str] = mapped_column(ForeignKey("topic.id"), index=True)


class AuditEntry(Row, Base):
    """Who changed what, when. Written by the session hook in audit.py, never by hand."""
    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(10))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[str] = mapped_column(Key)
    changes: Mapped[str] = mapped_column(Text)  # JSON {field: [old, new]}
    # one unit of work (a session): what one undo takes back. None for entries a merge wrote.
    batch: Mapped[str | None] = mapped_column(Key, default=None, index=True)


class Attachment(Row, Base):
    """A file attached to a meeting, a resolution or a follow-up (issue 14), kept inside the .dabir file
    with its sha256. Exactly one owner is set. Dabir never runs it: opening hands a temporary copy to
    the operating system."""
    __tablename__ = "attachment"
    meeting_id: Mapped[str | None] = mapped_column(ForeignKey("meeting.id"), index=True)
    resolution_id: Mapped[str | None] = mapped_column(ForeignKey("resolution.id"), index=True)
    follow_up_id: Mapped[str | None] = mapped_column(ForeignKey("follow_up.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    content: Mapped[bytes] = mapped_column(_LargeBinary)


class Amendment(Row, Base):
    """اصلاحیه: a numbered correction of an approved meeting's minutes (issue 14). The meeting's own
    rows are never changed: the amendment lists its changes against them, prints as its own document,
    and its own approval locks it."""
    __tablename__ = "amendment"
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(Text)          # why, in the secretary's words
    status: Mapped[str] = mapped_column(String(20), default="draft")   # draft | approved


class AmendmentChange(Row, Base):
    """One change an amendment makes: a resolution's text or deadline, a new or cancelled resolution,
    someone's attendance, or a passage of the text. Values are as printed (text; dates ISO)."""
    __tablename__ = "amendment_change"
    amendment_id: Mapped[str] = mapped_column(ForeignKey("amendment.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(30))
    target_id: Mapped[str | None] = mapped_column(Key)   # a resolution's or a person's id
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)


class OfficeCertificate(Row, Base):
    """An office's public signing certificate (PEM). Travels inside the file and through merges, so
    any office can check another's signed documents offline. The private key never enters the file."""
    __tablename__ = "office_certificate"
    office_id: Mapped[str | None] = mapped_column(Key, index=True)
    office_name: Mapped[str | None] = mapped_column(String(300))
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)    # sha256 of the DER certificate
    certificate_pem: Mapped[str] = mapped_column(Text)


class IssuedDocument(Row, Base):
    """The register of documents this file has issued: answers "was this exact file issued here?"."""
    __tablename__ = "issued_document"
    kind: Mapped[str] = mapped_column(String(20))               # minutes, report, attendance, invitation
    meeting_id: Mapped[str | None] = mapped_column(Key, index=True)
    number: Mapped[str | None] = mapped_column(String(50))
    issued_on: Mapped[dt.date] = mapped_column(Date)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    issued_by: Mapped[str | None] = mapped_column(String(300))
    signed: Mapped[int] = mapped_column(Integer, default=0)    # 1: a signed copy of an issued document
