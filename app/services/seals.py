"""Approval seals. Approving a meeting records a fingerprint of what was approved: the meeting, its
live attendance, agenda and resolutions, and the resolutions' responsible parties and named votes
(issue 14; a meeting without named votes hashes as it did before they existed). While the meeting
is approved a merge never changes anything under the seal without a conflict the secretary sees; the
fingerprint, taken again after every merge, proves it (a merge that would change it is rolled back).
Follow-ups are not under the seal: following up approved resolutions is the point.

An approved amendment (issue 14) is sealed the same way, over the amendment row and its live change
rows. A seal is keyed by the sealed record's id (`meeting_seal.meeting_id` holds a meeting's or an
amendment's id; both are UUIDs), so every rule below, and the merge's, holds for both kinds alike. An
amendment's rows are not under its meeting's seal: amending approved minutes is the point."""
import hashlib
from collections import defaultdict

from sqlalchemy import Connection, bindparam, select, text

from app.domain.canon import canon
from app.domain.enums import AmendmentStatus, MeetingStatus
from app.storage.merge_models import MeetingSeal
from app.storage.models import Base, Key, utcnow, with_keys
from app.storage.validate import convert_row, read_raw

from .row_signing import sign_seals

META = {"created_at", "updated_at", "row_version", "changed_in"}
# the records that are sealed when approved, with the status that means approved
SEALED = {"meeting": MeetingStatus.APPROVED.value, "amendment": AmendmentStatus.APPROVED.value}
# what is under a seal, and the column by which each table reaches its sealed record
PARTS = {"agenda_item": "meeting_id", "attendance": "meeting_id", "resolution": "meeting_id",
         "amendment_change": "amendment_id"}
# rows under a resolution (so under its meeting's seal), reached by resolution_id
RESOLUTION_PARTS = ("resolution_party", "resolution_vote")
IGNORED = {"resolution": {"status"}}  # derived from follow-ups, which stay open after approval
# Columns added after seals existed (issue 14's votes): hashed only when set, so a meeting sealed by an
# older Dabir keeps its seal (`check` would otherwise call every approved meeting changed).
ONLY_WHEN_SET = {"resolution": {"votes_for", "votes_against", "votes_abstain", "amendment_id"}}


def _row_text(table: str, row: dict) -> str:
    skip = META | IGNORED.get(table, set())
    optional = ONLY_WHEN_SET.get(table, set())
    return "\x1f".join(f"{k}={canon(row[k])}" for k in sorted(row)
                       if k not in skip and not (k in optional and row[k] is None))


def _lenient(table, raw):
    values, problems = convert_row(table, raw)
    for p in problems:
        values[p.field] = raw.get(p.field)
    return values


def fingerprints(conn: Connection, meeting_ids) -> dict[str, str]:
    """Fingerprint of each sealed record (meeting or amendment) in `meeting_ids`, reading each table once."""
    wanted = set(meeting_ids)
    if not wanted:
        return {}
    tables = Base.metadata.tables
    parts: dict[str, list[str]] = defaultdict(list)
    # a few meetings (an approval): by index; many (a merge): one pass over each table
    few = len(wanted) <= 50
    ids = tuple(sorted(wanted))

    def rows(name, key):
        if few:
            return read_raw(conn, tables[name], key, ids)
        return read_raw(conn, tables[name])
    for name in SEALED:
        for raw in rows(name, "id"):
            if raw["id"] in wanted:
                parts[raw["id"]].append(f"{name}:" + _row_text(name, _lenient(tables[name], raw)))
    resolution_meeting = {}
    for name, key in PARTS.items():
        found = rows(name, key)
        if name == "resolution" and few:    # and those that approved amendments added (each row once)
            found = {r["id"]: r for r in (*found, *read_raw(conn, tables[name], "amendment_id", ids))}.values()
        for raw in found:
            owner = sealed_under(name, raw)
            if owner in wanted and raw["deleted_at"] is None:
                parts[owner].append(f"{name}:{raw['id']}:" + _row_text(name, _lenient(tables[name], raw)))
                if name == "resolution":
                    resolution_meeting[raw["id"]] = owner
    res_ids = tuple(resolution_meeting)
    # a resolution's own rows: its responsible parties, and its named votes (issue 14; a meeting without
    # them hashes exactly as before they existed, so older seals hold)
    for child in RESOLUTION_PARTS:
        if not res_ids:     # no resolution (an amendment's seal): "IN ()" is an error on a PostgreSQL server
            child_rows = []
        elif not few or len(res_ids) > 500:
            child_rows = read_raw(conn, tables[child])
        else:
            child_rows = read_raw(conn, tables[child], "resolution_id", res_ids)
        for raw in child_rows:
            meeting = resolution_meeting.get(raw["resolution_id"])
            if meeting and raw["deleted_at"] is None:
                parts[meeting].append(f"{child}:{raw['id']}:" + _row_text(child, _lenient(tables[child], raw)))
    return {m: hashlib.sha256("\x1e".join(sorted(parts[m])).encode()).hexdigest() for m in wanted}


def sealed_under(name: str, row) -> str | None:
    """The sealed record a row of a PARTS table is under: a resolution an amendment added is its
    amendment's (the meeting's minutes do not hold it), every other row its column's."""
    if name == "resolution" and row.get("amendment_id"):
        return row["amendment_id"]
    return row[PARTS[name]]


def keyed(sql: str, width: int = 1):
    """A textual statement whose `width` result columns are all row ids, and its `:id` parameter, if
    any, one too: typed models.Key, so that they bind and read as text over a file's packed ids (issue
    28) as over a server's text ones."""
    stmt = text(sql)
    if ":id" in sql:
        stmt = stmt.bindparams(bindparam("id", type_=Key))
    return with_keys(stmt, width)


def approved_meetings(conn: Connection) -> set[str]:
    """Ids of the approved, live records that are sealed: meetings and amendments."""
    return {r[0] for name, status in SEALED.items() for r in conn.execute(
        keyed(f'SELECT id FROM "{name}" WHERE status = :status AND deleted_at IS NULL'), {"status": status})}


def seal(conn: Connection, meeting_ids, office_id: str | None) -> dict[str, str]:
    """Record (or record again) the seal of these meetings as they are now."""
    t = MeetingSeal.__table__
    prints = fingerprints(conn, meeting_ids)
    if _sealed_by_server(conn):
        # a server with Dabir's access rules (issue 23): its approval function is the only writer of
        # seals, and it never replaces one (the sealed rows cannot have changed: its trigger refuses)
        for m, fp in prints.items():
            conn.execute(text("SELECT dabir_acl.seal(:m, :fp, :office)"), {"m": m, "fp": fp, "office": office_id})
        return prints
    now = utcnow()
    rows = [dict(meeting_id=m, fingerprint=fp, sealed_at=now, office_id=office_id) for m, fp in prints.items()]
    ids = list(prints)
    for i in range(0, len(ids), 500):        # SQLite's bound-variable limit
        conn.execute(t.delete().where(t.c.meeting_id.in_(ids[i:i + 500])))
    if rows:
        conn.execute(t.insert(), rows)
    sign_seals(conn, office_id, rows)
    return prints


def _sealed_by_server(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql" and conn.exec_driver_sql(
        "SELECT to_regprocedure('dabir_acl.seal(text,text,text)') IS NOT NULL").scalar()


def drop_seal(conn: Connection, meeting_id: str) -> None:
    """Forget the seal of a record that is no longer approved (a merge's decision). A server with
    Dabir's access rules never has one: approved records stay approved there."""
    t = MeetingSeal.__table__
    if conn.execute(select(t.c.meeting_id).where(t.c.meeting_id == meeting_id)).first() is not None:
        conn.execute(t.delete().where(t.c.meeting_id == meeting_id))


def seals(conn: Connection) -> dict[str, str]:
    t = MeetingSeal.__table__
    return dict(conn.execute(select(t.c.meeting_id, t.c.fingerprint)).all())


def ensure_seals(conn: Connection, office_id: str | None) -> dict[str, str]:
    """Every approved meeting's and amendment's seal; those approved before seals existed (meetings
    before issue 11, amendments before this seal) or approved in another office and taken in a merge
    are sealed as they are now. Returns {record id: fingerprint}."""
    approved = approved_meetings(conn)
    known = seals(conn)
    missing = approved - set(known)
    if missing:
        known.update(seal(conn, missing, office_id))
    return {m: known[m] for m in approved}


def broken_seals(conn: Connection) -> list[str]:
    """Approved meetings whose content no longer matches the fingerprint recorded at approval (changed
    outside Dabir, or by a bug): for `check` and the tests."""
    known = seals(conn)
    approved = approved_meetings(conn) & set(known)
    now = fingerprints(conn, approved)
    return sorted(m for m in approved if now[m] != known[m])


def meeting_of(conn: Connection, entity: str, row_id: str) -> str | None:
    """The sealed record (meeting or amendment) a row is under (for re-sealing after a conflict decision)."""
    if entity in SEALED:
        return row_id
    if entity == "resolution":
        return conn.execute(keyed("SELECT coalesce(amendment_id, meeting_id) FROM resolution WHERE id = :id"),
                            {"id": row_id}).scalar()
    if entity in PARTS:
        return conn.execute(keyed(f'SELECT "{PARTS[entity]}" FROM "{entity}" WHERE id = :id'), {"id": row_id}).scalar()
    if entity in RESOLUTION_PARTS:
        return conn.execute(keyed(f'SELECT coalesce(r.amendment_id, r.meeting_id) FROM "{entity}" p '
                                 "JOIN resolution r ON r.id = p.resolution_id WHERE p.id = :id"), {"id": row_id}).scalar()
    return None


def seal_problems(conn) -> list[str]:
    """Approved records without a seal, and seals of records that are not approved (or not there):
    `dabir check` on a central server (issue 23), handed to app.storage.server.check_server."""
    approved, sealed = approved_meetings(conn), set(seals(conn))
    amended = set(conn.scalars(keyed("SELECT id FROM amendment")))
    kind = lambda m: "amendment" if m in amended else "meeting"   # noqa: E731
    return ([f"{kind(m)} {m}: approved but not sealed" for m in sorted(approved - sealed)]
            + [f"seal {m}: its {kind(m)} is not approved" for m in sorted(sealed - approved)])
