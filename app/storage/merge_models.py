"""Tables that belong to merging itself. They are per file and never travel in a merge: a conflict is
this office's to decide, and the peer list is this office's memory of whom it merged with."""
import datetime as dt

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, DateTime, Key, new_id, utcnow  # DateTime: microseconds in a file (schema 11)


class MergeConflict(Base):
    """One thing a merge would not decide alone. kind: 'field' (same field changed differently on
    both sides), 'locked' (an approved meeting, or something in it, changed in the other office),
    'number' (two meetings of one committee with the same number), 'attachment' (a received attachment
    of a kind Dabir does not take, held tombstoned; app/domain/file_kinds.py). `mine`/`theirs` are JSON values;
    the local value stayed in the row, the other office's is kept here until the secretary decides."""
    __tablename__ = "merge_conflict"
    __table_args__ = (Index("ix_merge_conflict_open", "resolved_at", "entity", "row_id"),)
    id: Mapped[str] = mapped_column(Key, primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(10))
    entity: Mapped[str] = mapped_column(String(50))
    row_id: Mapped[str] = mapped_column(Key)
    field: Mapped[str | None] = mapped_column(String(50))
    mine: Mapped[str | None] = mapped_column(Text)
    theirs: Mapped[str | None] = mapped_column(Text)
    other_row_id: Mapped[str | None] = mapped_column(Key)  # 'number': the other meeting
    other_office: Mapped[str | None] = mapped_column(Key)
    detected_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    resolution: Mapped[str | None] = mapped_column(String(10))  # 'mine' | 'theirs'


class MergePeer(Base):
    """Each office this file has merged from, and when."""
    __tablename__ = "merge_peer"
    office_id: Mapped[str] = mapped_column(Key, primary_key=True)
    office_name: Mapped[str | None] = mapped_column(String(300))
    last_merged_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    merges: Mapped[int] = mapped_column(Integer, default=0)
    last_file: Mapped[str | None] = mapped_column(Text)
    # this file's audit log position (rowid) at the end of the last merge from that office: the
    # entries after it are this office's changes since then
    audit_mark: Mapped[int | None] = mapped_column(Integer)


class MergeBase(Base):
    """What this office last accepted from another office, per row: the base of the next three-way
    merge with that office. Kept in *this* file, so the other file cannot choose it (its audit log is
    information, never authority). `seen` holds a short hash of each field of their row as read at the
    last merge; `kept` the same for this row right after that merge, NULL when it equalled `seen`."""
    __tablename__ = "merge_base"
    office_id: Mapped[str] = mapped_column(Key, primary_key=True)
    entity: Mapped[str] = mapped_column(String(50), primary_key=True)
    row_id: Mapped[str] = mapped_column(Key, primary_key=True)
    row_version: Mapped[int] = mapped_column(Integer)
    seen: Mapped[str] = mapped_column(Text)            # JSON {field: hash}
    kept: Mapped[str | None] = mapped_column(Text)     # JSON {field: hash}, or NULL: as `seen`
    merged_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class MeetingSeal(Base):
    """An approved meeting's seal: the fingerprint of the meeting, its attendance, agenda and
    resolutions (and their responsible parties) at approval. While the meeting is approved, nothing a
    merge brings in changes what is under the seal without a conflict the secretary decides."""
    __tablename__ = "meeting_seal"
    meeting_id: Mapped[str] = mapped_column(Key, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    sealed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    office_id: Mapped[str | None] = mapped_column(Key)


from . import signed_models  # noqa: E402,F401  (row signatures travel beside merges: part of Base.metadata)
