"""Attachments (پیوست‌ها), issue 14: files kept inside the .dabir file, on a meeting, a resolution or a
follow-up (the letter itself). Each row holds the bytes, their size and sha256; rows merge like any
other (app/services/merge_rows.py), and a received row whose sha256, size or name does not hold is
refused before anything is stored (app/storage/validate.py).

A meeting's and a resolution's attachments are part of the minutes: locked once it is approved. A
follow-up's may be added after approval, as the follow-up itself. Opening one writes a copy into a
private temporary folder and hands that path to the caller (the GUI gives it to the operating system);
Dabir never runs anything from it."""
import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import file_kinds
from app.domain.errors import ValidationError
from app.domain.persian import to_persian_digits
from app.storage import tempdirs
from app.storage.models import Attachment, FollowUp, Meeting, Resolution

from ._rows import get_live, tombstone
from .dto import Changes
from .guards import editable_meeting

MAX_SIZE = 20 * 2 ** 20        # bytes; app/storage/validate.BLOB_LIMITS allows received rows a little more
OWNERS = {"meeting": ("meeting_id", Meeting), "resolution": ("resolution_id", Resolution),
          "follow_up": ("follow_up_id", FollowUp)}


@dataclass(frozen=True)
class AttachmentDTO:
    id: str
    owner_kind: str
    owner_id: str
    name: str
    size: int
    sha256: str
    added_at: dt.datetime | None


def megabytes(size: int) -> str:
    """'۱۲٫۵ مگابایت'."""
    return f"{to_persian_digits(f'{size / 2 ** 20:.1f}').replace('.', '٫')} مگابایت"


def safe_name(name: str) -> str:
    """A plain file name: no folders, no characters a file system refuses, no hidden leading dot, no
    invisible characters, one extension (file_kinds.clean_name)."""
    return file_kinds.clean_name(name)


def _owner(s: Session, kind: str, owner_id: str, writing: bool):
    if kind not in OWNERS:
        raise ValidationError("owner", f"پیوست به «{kind}» نمی‌خورد", f"attachments belong to {', '.join(OWNERS)}")
    col, model = OWNERS[kind]
    row = get_live(s, model, owner_id)
    if writing and kind == "meeting":
        editable_meeting(s, row.id)
    elif writing and kind == "resolution":
        editable_meeting(s, row.meeting_id)
    return col, row


def _too_big(name: str, size: int) -> ValidationError:
    return ValidationError("attachment", f"پرونده «{name}» {megabytes(size)} است؛ بیشترین اندازه پیوست "
                                         f"{megabytes(MAX_SIZE)} است",
                           f"'{name}' is {size} bytes; an attachment may be at most {MAX_SIZE} bytes")


def add_attachment(s: Session, owner_kind: str, owner_id: str, name: str, content: bytes) -> Changes:
    """Attach bytes under a file name. Refused past MAX_SIZE, on an approved meeting's minutes, and
    unless it is a document of an allowed kind whose content matches its extension (file_kinds)."""
    col, _ = _owner(s, owner_kind, owner_id, writing=True)
    name = safe_name(name)
    if not isinstance(content, bytes | bytearray):
        raise ValidationError("attachment", "محتوای پیوست نامعتبر است", "invalid attachment content")
    if len(content) > MAX_SIZE:
        raise _too_big(name, len(content))
    content = bytes(content)
    name = file_kinds.check(name, content)      # documents only, by extension and by content
    a = Attachment(name=name, size=len(content), sha256=hashlib.sha256(content).hexdigest(), content=content,
                   **{col: owner_id})
    s.add(a)
    s.flush()
    return Changes(frozenset({"attachment"}), (a.id, owner_id))


def add_attachment_file(s: Session, owner_kind: str, owner_id: str, path) -> Changes:
    """Attach a file from disk (its size is looked at before a byte is read)."""
    return add_attachment(s, owner_kind, owner_id, *read_file(path))


def read_file(path) -> tuple[str, bytes]:
    """(name, bytes) of a file to attach; refused past MAX_SIZE before a byte is read."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if not p.is_file():
            raise OSError("not a file")
        if size > MAX_SIZE:
            raise _too_big(p.name, size)
        data = p.read_bytes()
    except OSError as e:
        raise ValidationError("attachment", f"پرونده «{p.name}» خوانده نشد ({e.strerror or e})",
                              f"cannot read '{p}': {e.strerror or e}") from None
    return p.name, data


def list_attachments(s: Session, owner_kind: str, owner_id: str) -> list[AttachmentDTO]:
    col, _ = _owner(s, owner_kind, owner_id, writing=False)
    c = getattr(Attachment, col)
    rows = s.execute(select(Attachment.id, Attachment.name, Attachment.size, Attachment.sha256,
                            Attachment.created_at)
                     .where(c == owner_id, Attachment.deleted_at.is_(None))
                     .order_by(Attachment.created_at, Attachment.id)).all()
    return [AttachmentDTO(r.id, owner_kind, owner_id, r.name, r.size, r.sha256, r.created_at) for r in rows]


def contents_by_owner(s: Session, owner_kind: str, owner_id: str) -> list[tuple[str, str, bytes]]:
    """(name, sha256, bytes) of an owner's attachments, oldest first: for the exchange format."""
    col, _ = _owner(s, owner_kind, owner_id, writing=False)
    c = getattr(Attachment, col)
    return [(r.name, r.sha256, r.content) for r in s.execute(
        select(Attachment.name, Attachment.sha256, Attachment.content)
        .where(c == owner_id, Attachment.deleted_at.is_(None)).order_by(Attachment.created_at, Attachment.id))]


def _meeting_locked_for(s: Session, a: Attachment) -> None:
    if a.meeting_id:
        editable_meeting(s, a.meeting_id)
    elif a.resolution_id:
        editable_meeting(s, get_live(s, Resolution, a.resolution_id).meeting_id)


def delete_attachment(s: Session, id: str) -> Changes:
    a = get_live(s, Attachment, id)
    _meeting_locked_for(s, a)
    tombstone(a)
    return Changes(frozenset({"attachment"}), (id, a.meeting_id or a.resolution_id or a.follow_up_id))


def _content(s: Session, id: str) -> tuple[str, bytes]:
    a = get_live(s, Attachment, id)
    return safe_name(a.name), a.content


def save_attachment(s: Session, id: str, dest) -> Path:
    """Write the attachment's bytes to `dest` (a file path; a folder gets the attachment's own name)."""
    name, data = _content(s, id)
    p = Path(dest)
    if p.is_dir():
        p = p / name
    try:
        p.write_bytes(data)
    except OSError as e:
        raise ValidationError("attachment", f"در «{p}» نوشته نشد ({e.strerror or e})",
                              f"cannot write '{p}': {e.strerror or e}") from None
    return p


def may_open(s: Session, id: str) -> bool:
    """May this attachment be handed to the operating system? Only an allowed document kind whose
    content is what its name says (one received in an older file may be anything)."""
    a = get_live(s, Attachment, id)
    return file_kinds.may_open(a.name, a.content)


def temporary_copy(s: Session, id: str) -> Path:
    """A read-only copy in a private temporary folder (removed once this process is gone), to hand to
    the operating system's viewer. Refused (ValidationError) for anything but an allowed document
    kind whose content matches its name: the system would run a program, not show it."""
    a = get_live(s, Attachment, id)
    if not file_kinds.may_open(a.name, a.content):
        found = file_kinds.problem(safe_name(a.name), a.content) or (
            "نام پیوست پاک نیست", "the attachment's name is not clean")
        raise ValidationError("attachment", f"{found[0]}؛ دبیر آن را باز نمی‌کند، فقط می‌توان ذخیره‌اش کرد",
                              f"{found[1]}; Dabir does not open it, it can only be saved")
    name, data = _content(s, id)
    p = tempdirs.make("open") / name
    p.write_bytes(data)
    os.chmod(p, 0o400)
    return p
