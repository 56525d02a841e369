"""One hook that every write passes through: it stamps rows (updated_at, row_version, the office)
and appends an audit entry saying who changed what. Rows are never hard-deleted: services set
`deleted_at`, which keeps a tombstone for sharing and shows up here as a 'delete'."""
import datetime as dt
import json

from sqlalchemy import event, inspect, text
from sqlalchemy.orm import Session

from .models import AuditEntry, Row, utcnow


def plain_value(value):
    """A column value as JSON-friendly data (dates as ISO text, bytes as their size)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"   # an undo never puts bytes back from here (see services/undo.py)
    return value


_SKIP = {"created_at", "updated_at", "row_version", "changed_in"}


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _ctx, _instances) -> None:
    actor = session.info.get("actor") or "dabir"
    office = session.info.get("office_id")
    now = utcnow()
    entries = []
    for obj in list(session.new):
        if not isinstance(obj, Row) or isinstance(obj, AuditEntry):
            continue
        obj.changed_in = office
        obj.created_at = obj.created_at or now
        obj.updated_at = now
        if obj.id is None:
            from .models import new_id
            obj.id = new_id()
        state = inspect(obj)
        values = {a.key: plain_value(getattr(obj, a.key)) for a in state.mapper.column_attrs
                  if a.key not in _SKIP and a.key != "id"}
        entries.append(("create", obj, values))
    for obj in list(session.dirty):
        if not isinstance(obj, Row) or isinstance(obj, AuditEntry) or not session.is_modified(obj):
            continue
        state = inspect(obj)
        changes = {}
        for attr in state.mapper.column_attrs:
            hist = state.attrs[attr.key].history
            if attr.key in _SKIP or not hist.has_changes():
                continue
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if old != new:
                changes[attr.key] = [plain_value(old), plain_value(new)]
        if not changes:
            continue
        obj.updated_at = now
        obj.row_version = (obj.row_version or 0) + 1
        obj.changed_in = office
        action = "delete" if "deleted_at" in changes and obj.deleted_at is not None else "update"
        entries.append((action, obj, changes))
    for obj in session.deleted:
        if isinstance(obj, Row):
            raise RuntimeError(f"{type(obj).__tablename__} rows are tombstoned, never deleted")
    if not entries:
        return
    # one batch per session (a GUI operation, a CLI command): the unit an undo takes back
    from .models import new_id
    batch = session.info.setdefault("audit_batch", new_id())
    if session.info.get("server_audits"):
        # the server writes these entries itself (its triggers, app/storage/server_acl.py), in our batch
        if not session.info.get("batch_named"):
            session.connection().execute(text("SELECT set_config('dabir.batch', :b, true)"), {"b": batch})
            session.info["batch_named"] = True
        return
    for action, obj, changes in entries:
        session.add(AuditEntry(at=now, actor=actor, action=action, entity=type(obj).__tablename__, batch=batch,
                               entity_id=obj.id, changes=json.dumps(changes, ensure_ascii=False,
                                                                    sort_keys=True),
                               changed_in=office, created_at=now, updated_at=now))
