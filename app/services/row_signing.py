"""Signed trust-bearing rows (issue 22; design in docs/security-trust.md, "Signed rows").

Every register entry (`issued_document`), seal (`meeting_seal`), amendment approval and tombstone made
HERE is signed, as it is flushed, by this office's row key (row_keys.py) over a canonical serialisation
of (entity, row id, counter, office id, the row's content fields with `deleted_at`). The counter is this
office's own, kept in this file (`row_counter`) and never merged: each signature takes the next one.

Another office's row of those kinds is accepted by a merge only when one of its signatures checks, over
the row exactly as it arrives, against a key this machine trusts (trust.py) for the office the signature
names; anything else is held as before (merge_guard.py). Of two signed states of a row from one office,
the higher counter is the newer: an older one is never taken (replay). Only signatures that check are
copied into this file, and they are checked again whenever they are used."""
import json
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Connection, event, inspect, select, text
from sqlalchemy.orm import Session

from app.domain.canon import canon
from app.storage.models import Amendment, AuditEntry, Base, IssuedDocument, Row, Setting, new_id, utcnow
from app.storage.signed_models import RowCounter, RowSignature
from app.storage.validate import convert_row, read_raw

from .row_keys import row_key, row_key_path


# not content: bookkeeping any file writes, and values derived here from other rows
_NOT_CONTENT = {"id", "created_at", "updated_at", "row_version", "changed_in"}
_DERIVED = {"resolution": {"status"}}
_CHUNK = 500


def content(entity: str, values) -> dict[str, str]:
    """The signed fields of a row (a mapping of column → value), each as `canon` writes it. Empty fields
    are left out, so a column a later migration adds (empty in rows signed before it) keeps their
    signatures good; setting a field that was empty, or emptying one, still changes the signed bytes."""
    table = Base.metadata.tables[entity]
    skip = _NOT_CONTENT | _DERIVED.get(entity, set())
    return {c.name: canon(values.get(c.name)) for c in table.c
            if c.name not in skip and values.get(c.name) is not None}


def message(entity: str, row_id: str, counter: int, office_id: str, values) -> bytes:
    return json.dumps(["dabir-row-1", entity, row_id, counter, office_id, content(entity, values)],
                      ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


# --- signing here -------------------------------------------------------------------------------
def reserve_counters(conn: Connection, office_id: str, n: int = 1) -> int:
    """`n` consecutive counters of this office, taken in one statement; returns the first."""
    t = RowCounter.__table__
    if conn.execute(t.update().where(t.c.office_id == office_id).values(counter=t.c.counter + n)).rowcount == 0:
        s = RowSignature.__table__
        highest = conn.scalar(select(s.c.counter).where(s.c.office_id == office_id)
                              .order_by(s.c.counter.desc()).limit(1)) or 0
        conn.execute(t.insert().values(office_id=office_id, counter=highest + n))
    return conn.scalar(select(t.c.counter).where(t.c.office_id == office_id)) - n + 1


def sign_rows(conn: Connection, office_id: str, entity: str, rows: list[tuple[str, dict]]) -> int:
    """Sign states of rows as this office, (row id, values) each, with consecutive counters taken at
    once (a first merge into an older file seals and signs thousands of meetings); returns the first."""
    # the office's name goes into the key's certificate: read only when the key is about to be made
    key = row_key(office_id, None if row_key_path(office_id).exists() else _office_name(conn))
    first = reserve_counters(conn, office_id, len(rows))
    now = utcnow()
    conn.execute(RowSignature.__table__.insert(), [dict(
        office_id=office_id, counter=first + i, entity=entity, row_id=row_id, key_fingerprint=key.fingerprint,
        signed_at=now, signature=key.private.sign(message(entity, row_id, first + i, office_id, values)).hex())
        for i, (row_id, values) in enumerate(rows)])
    return first


def sign_row(conn: Connection, office_id: str, entity: str, row_id: str, values) -> int:
    """Sign one state of a row as this office; returns the counter it took."""
    return sign_rows(conn, office_id, entity, [(row_id, values)])


def sign_seals(conn: Connection, office_id: str | None, seals: list[dict]) -> None:
    """Sign seals this office has just recorded (seals.seal); a central server's seals are its own."""
    if office_id and seals and conn.dialect.name == "sqlite":
        sign_rows(conn, office_id, "meeting_seal", [(v["meeting_id"], v) for v in seals])


def _office_name(conn: Connection) -> str | None:
    return conn.scalar(text("SELECT value FROM setting WHERE key = 'office.name'"))


def _values(obj) -> dict:
    """An object's column values as they will be stored (a column's plain default where still unset)."""
    out = {}
    for attr in inspect(obj).mapper.column_attrs:
        column = attr.columns[0]
        value = getattr(obj, attr.key)
        if value is None and column.default is not None and column.default.is_scalar:
            value = column.default.arg
        out[column.name] = value
    return out


def _to_sign(session: Session):
    """(entity, object) for the trust-bearing states this flush makes: new register entries, amendments
    becoming approved, and rows becoming tombstones."""
    for obj in session.new:
        if isinstance(obj, IssuedDocument):
            yield "issued_document", obj
    for obj in session.dirty:
        if not isinstance(obj, Row) or isinstance(obj, (AuditEntry, Setting)):
            continue
        state = inspect(obj)
        gone = state.attrs.deleted_at.history
        if gone.added and gone.added[0] is not None and not (gone.deleted and gone.deleted[0] is not None):
            yield type(obj).__tablename__, obj
        elif isinstance(obj, Amendment) and obj.status == "approved" and state.attrs.status.history.added:
            yield "amendment", obj


@event.listens_for(Session, "before_flush")
def _sign_on_flush(session: Session, _ctx, _instances) -> None:
    office = session.info.get("office_id")
    if not office or session.info.get("server_audits") or session.info.get("actor") == "merge":
        return   # a central server's rows are guarded by its own rules (docs/central.md), not signed
    todo = list(_to_sign(session))
    if not todo:
        return
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return
    for entity, obj in todo:
        if obj.id is None:
            obj.id = new_id()
        sign_row(conn, office, entity, obj.id, _values(obj))


# --- checking what arrives --------------------------------------------------------------------------
@dataclass(frozen=True)
class Signed:
    office_id: str
    office_name: str | None
    counter: int


class Verifier:
    """The Ed25519 row keys this machine trusts, read once: {fingerprint: (office id, name, public key)}."""

    def __init__(self):
        from cryptography import x509
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        from . import trust
        from cryptography.x509.oid import NameOID
        self.keys = {}
        for k in trust.trusted_keys():
            try:
                cert = x509.load_pem_x509_certificate(k.certificate_pem.encode())
            except ValueError:
                continue
            public = cert.public_key()
            # the office as the store names it; else the one the certificate names (UID), which the
            # person who trusted this very certificate by its fingerprint accepted with it
            uid = cert.subject.get_attributes_for_oid(NameOID.USER_ID)
            office = k.office_id or (str(uid[0].value) if uid else None)
            if isinstance(public, Ed25519PublicKey) and office:
                self.keys[k.fingerprint] = (office, k.office_name, public)

    def check(self, sig, values) -> Signed | None:
        """`sig` (a row_signature row) if it is a good signature over `values` by a key trusted here for
        the office it names."""
        from cryptography.exceptions import InvalidSignature
        found = self.keys.get(sig["key_fingerprint"])
        if found is None or found[0] != sig["office_id"] or values is None:
            return None
        try:
            found[2].verify(bytes.fromhex(sig["signature"]),
                            message(sig["entity"], sig["row_id"], sig["counter"], sig["office_id"], values))
        except (InvalidSignature, ValueError, TypeError, KeyError):
            return None
        return Signed(sig["office_id"], found[1], sig["counter"])

    def best(self, sigs, values) -> Signed | None:
        """The newest (highest counter) of `sigs` that checks over `values`."""
        good = [g for g in (self.check(sig, values) for sig in sigs) if g is not None]
        return max(good, key=lambda g: g.counter) if good else None


def _signatures(conn: Connection, where=None) -> dict[tuple[str, str], list[dict]]:
    s = RowSignature.__table__
    stmt = select(*s.c)
    if where is not None:
        stmt = stmt.where(where)
    out = defaultdict(list)
    try:
        rows = conn.execute(stmt).mappings().all()
    except Exception:      # a file from before signed rows (its copy is upgraded first: never expected)
        return out
    for r in rows:
        out[(r["entity"], r["row_id"])].append(dict(r))
    return out


class Received:
    """The other file's row signatures in a merge, checked against this machine's trust store."""

    def __init__(self, mine: Connection, theirs: Connection):
        self.mine, self.theirs = mine, theirs
        self.verifier = Verifier()
        self.theirs_signed = _signatures(theirs)
        self._mine_signed: dict | None = None

    def signed(self, entity: str, t) -> Signed | None:
        """Whether their row `t` (as it arrives, typed) carries a good signature by a trusted office."""
        sigs = self.theirs_signed.get((entity, t["id"]))
        return self.verifier.best(sigs, t) if sigs else None

    def order(self, entity: str, t) -> str | None:
        """"older" or "newer" when their row is signed by an office whose signature on the same row this
        file also holds: decided by that office's counter (a file may write any `row_version`, never a
        counter under a trusted signature). None when the counters say nothing."""
        got = self.signed(entity, t)
        if got is None:
            return None
        if self._mine_signed is None:
            self._mine_signed = _signatures(self.mine)
        held = [sig["counter"] for sig in self._mine_signed.get((entity, t["id"]), ())
                if sig["office_id"] == got.office_id]
        if not held or got.counter == max(held):
            return None
        return "older" if got.counter < max(held) else "newer"

    def copy_good(self) -> int:
        """Copy into this file their signatures that check over their rows; returns how many."""
        s = RowSignature.__table__
        have = {tuple(k) for k in self.mine.execute(select(s.c.office_id, s.c.counter))}
        wanted = defaultdict(set)
        for (entity, row_id), sigs in self.theirs_signed.items():
            if entity in Base.metadata.tables and any((g["office_id"], g["counter"]) not in have for g in sigs):
                wanted[entity].add(row_id)
        copied = 0
        for entity, ids in wanted.items():
            table, ids = Base.metadata.tables[entity], sorted(ids)
            key_column = table.primary_key.columns.values()[0].name   # `meeting_id` for a seal
            for i in range(0, len(ids), _CHUNK):
                for raw in read_raw(self.theirs, table, key_column, ids[i:i + _CHUNK]):
                    values, problems = convert_row(table, raw)
                    if problems:
                        continue
                    for sig in self.theirs_signed[(entity, values[key_column])]:
                        key = (sig["office_id"], sig["counter"])
                        if key not in have and self.verifier.check(sig, values) is not None:
                            self.mine.execute(s.insert().values(**sig))
                            have.add(key)
                            copied += 1
        return copied


def signed_register_entries(conn: Connection, sha256: str) -> list[tuple[dict, Signed]]:
    """Register rows for these bytes in this file, each with the newest good signature on it by an
    office this machine trusts: "issued by that office". None on a central server, where nothing is
    signed and an office role may not read the signatures (docs/central.md)."""
    if conn.dialect.name != "sqlite":
        return []
    table = IssuedDocument.__table__
    rows = []
    for raw in read_raw(conn, table, "sha256", [sha256]):
        values, problems = convert_row(table, raw)
        if not problems:
            rows.append(values)
    if not rows:
        return []
    verifier = Verifier()
    sigs = _signatures(conn, RowSignature.__table__.c.entity == "issued_document")
    out = []
    for values in rows:
        got = verifier.best(sigs.get(("issued_document", values["id"]), ()), values)
        if got is not None:
            out.append((values, got))
    return out
