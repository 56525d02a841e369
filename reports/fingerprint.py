"""A document fingerprint: a hash of a meeting's content, printed in the minutes' footer, stored in
the PDF's metadata and QR code, and read back by `dabir verify`.

What is hashed is what the minutes record about the meeting. Left out on purpose, because they change
without changing the printed minutes: timestamps (updated_at, recorded_at), counters, contact details
(phone, email), signature presence, topics, the meeting's workflow status (approving signed minutes
must not invalidate them) and the resolutions' derived status, overdue flag and follow-ups, and what
later amendments changed in them (the original minutes stay as approved).
No reportlab here: verify must work on the bytes alone."""
import dataclasses
import enum
import hashlib
import json
import re
from pathlib import Path

from app.domain.errors import DabirFileError

SHORT = 12
_DROP = {"updated_at", "row_version", "meeting_count", "overdue", "follow_ups", "recorded_at", "has_signature",
         "phone", "email", "topics", "description", "agenda_template",
         "amended"}  # an approved amendment's text/deadline: the tracker's, never the original minutes'
# Printed since issue 14, hashed only when there is something: minutes without votes (named or not) or attachments
# keep the fingerprint they were printed with, so `verify` still accepts them.
_ONLY_WHEN_SET = {"votes", "attachments", "letter_number", "voters"}
_STATUS_IS_CONTENT = {"AttendanceDTO"}     # present/absent is printed; other statuses are workflow
_STAMP = re.compile(rb"dabir-meeting:([0-9a-f-]{36}) dabir-fingerprint:([0-9a-f]{64})")


def _canonical(value):
    if dataclasses.is_dataclass(value):
        out = {}
        for f in dataclasses.fields(value):
            if f.name in _DROP:
                continue
            if f.name in _ONLY_WHEN_SET and not getattr(value, f.name):
                continue
            if f.name == "status" and type(value).__name__ not in _STATUS_IS_CONTENT:
                continue
            out[f.name] = _canonical(getattr(value, f.name))
        return out
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)                                  # dates


def meeting_fingerprint(meeting) -> str:
    """sha256 (hex) of a canonical JSON serialisation of the MeetingDTO."""
    data = json.dumps(_canonical(meeting), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def short(fingerprint: str) -> str:
    return fingerprint[:SHORT]


def stamp(meeting_id: str, fingerprint: str) -> str:
    """The PDF keywords that carry the fingerprint (ASCII, so the Info dictionary keeps it verbatim)."""
    return f"dabir-meeting:{meeting_id} dabir-fingerprint:{fingerprint}"


def read_stamp(path: Path) -> tuple[str, str] | None:
    """(meeting_id, fingerprint) from a PDF written by Dabir, or None if it carries none."""
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise DabirFileError(str(path), "فایل PDF خوانده نشد", f"cannot read the PDF ({e.strerror})") from None
    if not data.startswith(b"%PDF"):
        raise DabirFileError(str(path), "این فایل PDF نیست", "not a PDF file")
    found = _STAMP.findall(data)
    if not found:
        return None
    meeting_id, fp = found[-1]
    return meeting_id.decode(), fp.decode()
