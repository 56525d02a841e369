"""The tables of signed trust-bearing rows (issue 22; the design is docs/security-trust.md, "Signed
rows"). A `row_signature` is one office's Ed25519 signature over one state of one row: a register entry,
a seal, an amendment's approval or a tombstone. Signatures travel with the file but are never trusted as
they arrive: a merge copies only those that check against a key this machine trusts for the office they
name (app/services/row_signing.py). `row_counter` is this office's own monotonic counter, per file and
never merged: every signature this office makes takes the next number, so a newer signed state of a row
always carries a higher counter than an older one from the same office."""
import datetime as dt

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, DateTime, Key, utcnow  # DateTime: microseconds in a file (schema 11)


class RowSignature(Base):
    __tablename__ = "row_signature"
    __table_args__ = (Index("ix_row_signature_row", "entity", "row_id"),)
    office_id: Mapped[str] = mapped_column(Key, primary_key=True)   # the office that signed
    counter: Mapped[int] = mapped_column(Integer, primary_key=True)       # that office's counter
    entity: Mapped[str] = mapped_column(String(50))
    row_id: Mapped[str] = mapped_column(Key)
    key_fingerprint: Mapped[str] = mapped_column(String(64))   # sha256 of the row key's certificate (DER)
    signed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    signature: Mapped[str] = mapped_column(String(128))        # Ed25519, hex


class RowCounter(Base):
    __tablename__ = "row_counter"
    office_id: Mapped[str] = mapped_column(Key, primary_key=True)
    counter: Mapped[int] = mapped_column(Integer)
