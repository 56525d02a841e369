"""Full-text search over resolutions, follow-up notes, agenda items, meetings, committees and people,
tolerant of how Persian is typed (see app/domain/search_text.py for what counts as the same)."""
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import bindparam, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.domain.errors import SearchIndexDamaged
from app.domain.jalali import format_date
from app.domain.persian import to_persian_digits
from app.domain.rules import resolution_code
from app.domain.search_text import MIN_TERM, locate, query_terms, search_key
from app.storage import search_index
from app.storage.models import Key, with_keys
from app.storage.search_keys import unpack_ref

SNIPPET_CONTEXT = 60  # characters shown either side of the match
RANKED = 1000         # how many of the newest matches are ranked for relevance

KIND_LABELS = {"resolution": "مصوبه", "follow_up": "پیگیری", "agenda": "دستور جلسه",
               "meeting": "جلسه", "committee": "کمیته", "person": "شخص", "issued": "سند صادرشده"}
LETTER_LABEL = "نامه شماره {number}"
RESPONSIBLE_LABEL = "مسئول اجرا: {names}"
ISSUED_LABEL = "شماره {number} — {kind}"


@dataclass(frozen=True)
class SearchHitDTO:
    kind: str                              # resolution | follow_up | agenda | meeting | committee | person
    id: str                                # the row's id (the follow-up's, the agenda item's, ...)
    snippet: str                           # the text around the match, as the user wrote it
    match: tuple[int, int] | None = None   # the matched words' span within snippet
    meeting_id: str | None = None
    committee: str | None = None           # the meeting's committee, or the committee hit's own name
    meeting_number: int | None = None
    meeting_date: dt.date | None = None
    resolution_id: str | None = None       # a resolution hit's id, or a follow-up's resolution
    code: str | None = None                # '۷-۳' for a resolution or a follow-up of one

    @property
    def meeting_label(self) -> str | None:
        """«کمیته … · جلسه ۷ · ۱۴۰۵/۰۹/۰۵», for a hit inside a meeting."""
        if self.meeting_id is None:
            return None
        parts = [self.committee or "", f"جلسه {to_persian_digits(self.meeting_number)}"]
        if self.meeting_date:
            parts.append(format_date(self.meeting_date))
        return " · ".join(p for p in parts if p)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


def search(s: Session, query: str, limit: int = 50) -> list[SearchHitDTO]:
    """Hits for every word of `query` (each may be part of a longer word, and spelling variants
    match: ي/ی, ك/ک, harakat, digits, ZWNJ, space or none). Tombstoned rows, and rows of tombstoned
    meetings or resolutions, are never found. Best matches first; at most `limit`."""
    terms = query_terms(query)
    if not terms or limit <= 0:
        return []
    conn = s.connection()
    search_index.refresh_if_writable(conn)
    if conn.dialect.name == "postgresql":
        # pg_trgm's GIN index serves each LIKE '%term%' (a term shorter than a trigram scans): the
        # same documents as FTS5's trigram MATCH of every term; newest first
        where, params = _like_all(terms)
        docs = conn.execute(text(f"SELECT kind, ref_id, meeting_id FROM search_doc WHERE {where} "
                                 f"ORDER BY doc_id DESC LIMIT :limit"), {**params, "limit": limit}).all()
        return _with_named(conn, docs, terms, limit)
    if all(len(t) >= MIN_TERM for t in terms):
        docs = _indexed(conn, lambda: _ranked(conn, terms, limit))
    else:
        # One term shorter than a trigram: the index cannot help, so scan the keys, newest first.
        docs = _unpacked(conn.execute(text(
            "SELECT ref FROM search_doc WHERE instr(body, :term) > 0 "
            "ORDER BY doc_id DESC LIMIT :limit"), {"term": terms[0], "limit": limit}))
    return _with_named(conn, docs, terms, limit)


def _unpacked(rows) -> list[tuple]:
    """(kind, id, None) of documents read from a .dabir file, which packs them (search_keys.py). The
    file's index names no meeting (schema 11 dropped search_doc.meeting): `_hits` reads it from the row."""
    return [(*unpack_ref(ref), None) for ref, in rows]


def _indexed(conn, query):
    """query() over the FTS5 index; a damaged index (a crafted structure record made search crash)
    is rebuilt when the file is writable and the query asked again, else SearchIndexDamaged."""
    try:
        with conn.begin_nested():
            return query()
    except DBAPIError as e:
        if not search_index.damaged(e):
            raise
    if search_index.is_read_only(conn):
        raise SearchIndexDamaged()
    search_index.rebuild_index(conn)
    return query()


def _ranked(conn, terms: list[str], limit: int):
    match = " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)
    # Ranking every match of a common word costs ~1 µs each (tens of ms on a file of years), so
    # the best `limit` are picked among the RANKED newest matches (a document's id grows each time
    # it is written); FTS5 walks its lists newest first at no extra cost.
    return _unpacked(conn.execute(text(
        "SELECT d.ref FROM (SELECT rowid, rank FROM search_fts "
        "WHERE search_fts MATCH :match ORDER BY rowid DESC LIMIT :ranked) f "
        "JOIN search_doc d ON d.doc_id = f.rowid ORDER BY f.rank, f.rowid DESC LIMIT :limit"),
        {"match": match, "ranked": max(RANKED, limit), "limit": limit}))


def count(s: Session, query: str) -> int:
    """How many documents `search` would find without a limit."""
    terms = query_terms(query)
    if not terms:
        return 0
    conn = s.connection()
    return _indexed_count(conn, terms) + sum(1 for _ in _named(conn, terms, set()))


def _indexed_count(conn, terms: list[str]) -> int:
    search_index.refresh_if_writable(conn)
    if conn.dialect.name == "postgresql":
        where, params = _like_all(terms)
        return conn.execute(text(f"SELECT count(*) FROM search_doc WHERE {where}"), params).scalar_one()
    if all(len(t) >= MIN_TERM for t in terms):
        match = " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)
        return _indexed(conn, lambda: conn.execute(text("SELECT count(*) FROM search_fts WHERE search_fts MATCH :match"),
                                                   {"match": match}).scalar_one())
    return conn.execute(text("SELECT count(*) FROM search_doc WHERE instr(body, :term) > 0"),
                        {"term": terms[0]}).scalar_one()


# kind -> (id, text shown, resolution id, resolution number, meeting id) of the hits; the meeting is
# the one search_index._LIVE indexes the row under, read here because a .dabir file's index keeps none
_TEXT = {
    "resolution": "SELECT id, text, id, number, meeting_id FROM resolution WHERE id IN ({ids})",
    "follow_up": "SELECT f.id, f.note, r.id, r.number, r.meeting_id FROM follow_up f "
                 "JOIN resolution r ON r.id = f.resolution_id WHERE f.id IN ({ids})",
    "agenda": "SELECT id, title || coalesce(' — ' || presenter, '') || coalesce('\n' || notes, ''), "
              "NULL, NULL, meeting_id FROM agenda_item WHERE id IN ({ids})",
    "meeting": "SELECT id, coalesce(title, '') || coalesce('\n' || summary, '') "
               "|| coalesce('\n' || location, ''), NULL, NULL, id FROM meeting WHERE id IN ({ids})",
    "committee": "SELECT id, name || coalesce('\n' || description, ''), NULL, NULL, NULL "
                 "FROM committee WHERE id IN ({ids})",
    "person": "SELECT id, full_name || coalesce(' — ' || post, ''), NULL, NULL, NULL FROM person "
              "WHERE id IN ({ids})",
    "issued": "SELECT id, coalesce(number, ''), NULL, NULL, meeting_id FROM issued_document WHERE id IN ({ids})",
}


def _with_named(conn, docs, terms: list[str], limit: int) -> list[SearchHitDTO]:
    """The index's hits, then what the index does not hold: numbers and names (`_named`), up to `limit`."""
    docs = list(docs)
    shown = {(d[0], d[1]) for d in docs}
    extra: dict[tuple[str, str], str] = {}
    for kind, ref_id, meeting_id, label in _named(conn, terms, shown):
        if len(docs) >= limit:
            break
        docs.append((kind, ref_id, meeting_id))
        shown.add((kind, ref_id))
        extra[(kind, ref_id)] = label
    return _hits(conn, docs, terms, extra)


def _named(conn, terms: list[str], skip: set):
    """Hits by a letter's number (a follow-up's «۹۸۷۶/۵۴۳»), an issued document's number in the register,
    or the name of an organisation responsible for a resolution: (kind, id, meeting id, label). Matched
    here with the search key (numbers are few, and names change without their resolutions being
    re-indexed), so they are found in files indexed before they were searchable."""
    def wanted(*texts) -> bool:
        key = search_key(" ".join(t for t in texts if isinstance(t, str)))
        return all(t in key for t in terms)
    letters = conn.execute(with_keys(text(
        "SELECT f.id, r.meeting_id, f.letter_number, f.note FROM follow_up f "
        "JOIN resolution r ON r.id = f.resolution_id JOIN meeting m ON m.id = r.meeting_id "
        "WHERE f.letter_number IS NOT NULL AND f.deleted_at IS NULL AND r.deleted_at IS NULL "
        "AND m.deleted_at IS NULL"), 4, (0, 1))).all()
    for fid, meeting_id, number, note in letters:
        if ("follow_up", fid) not in skip and wanted(number, note):
            yield "follow_up", fid, meeting_id, LETTER_LABEL.format(number=number)
    register = conn.execute(with_keys(text(
        "SELECT id, meeting_id, number, kind FROM issued_document WHERE number IS NOT NULL AND deleted_at IS NULL"),
        4, (0, 1))).all()
    for iid, meeting_id, number, kind in register:
        if wanted(number):
            yield "issued", iid, meeting_id, ISSUED_LABEL.format(number=number, kind=kind)
    orgs = {oid: name for oid, name in conn.execute(with_keys(text(
        "SELECT id, name FROM organization WHERE deleted_at IS NULL"), 2, (0,))).all() if wanted(name)}
    if orgs:
        rows = _rows_in(conn, "SELECT r.id, r.meeting_id, p.organization_id FROM resolution_party p "
                              "JOIN resolution r ON r.id = p.resolution_id JOIN meeting m ON m.id = r.meeting_id "
                              "WHERE p.deleted_at IS NULL AND r.deleted_at IS NULL AND m.deleted_at IS NULL "
                              "AND p.organization_id IN ({ids}) ORDER BY m.date DESC, r.number", orgs,
                        keys=(0, 1, 2), width=3).all()
        seen = set()
        for rid, meeting_id, oid in rows:
            if ("resolution", rid) not in skip and rid not in seen:
                seen.add(rid)
                yield "resolution", rid, meeting_id, RESPONSIBLE_LABEL.format(names=orgs[oid])


def _like_all(terms: list[str]) -> tuple[str, dict]:
    """WHERE every term is inside the document's key (search keys are case-folded already, and
    FTS5's trigram MATCH folds case too, hence ILIKE)."""
    where = " AND ".join(f"body ILIKE :t{i} ESCAPE '\\'" for i in range(len(terms)))
    escaped = (t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for t in terms)
    return where, {f"t{i}": f"%{t}%" for i, t in enumerate(escaped)}


def _rows_in(conn, sql: str, values, keys=(0, 2, 4), width=5):
    """`sql` with {ids} bound to `values` (ids), on either backend; the columns at `keys` are ids."""
    stmt = text(sql.replace("({ids})", ":ids")).bindparams(bindparam("ids", type_=Key, expanding=True))
    return conn.execute(with_keys(stmt, width, keys), {"ids": list(values)})


def _as_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _hits(conn, docs, terms: list[str], labels: dict | None = None) -> list[SearchHitDTO]:
    """`docs`: (kind, id, meeting id), the meeting None where the row's own is wanted (`_unpacked`).
    `labels`: for hits found by a number or a name, what the snippet starts with (the letter's
    number, the responsible organisation), since their text may not hold it."""
    labels = labels or {}
    texts: dict[tuple[str, str], tuple] = {}
    for kind in {d[0] for d in docs}:
        ids = {d[1] for d in docs if d[0] == kind}
        for ref_id, text_, res_id, res_number, meeting_id in _rows_in(conn, _TEXT[kind], ids):
            texts[(kind, ref_id)] = (text_ or "", res_id, res_number, meeting_id)
    # PostgreSQL's documents and `_named`'s hits name their meeting; a .dabir file's take the row's
    docs = [(k, i, texts.get((k, i), (None,) * 4)[3] if m is None else m) for k, i, m in docs]
    meetings = {}
    meeting_ids = {d[2] for d in docs if d[2]}
    if meeting_ids:
        for row in _rows_in(conn, "SELECT m.id, m.number, m.date, c.name FROM meeting m JOIN committee c "
                                  "ON c.id = m.committee_id WHERE m.id IN ({ids})", meeting_ids,
                            keys=(0,), width=4):
            meetings[row[0]] = (row[1], _as_date(row[2]), row[3])
    hits = []
    for kind, ref_id, meeting_id in docs:
        text, res_id, res_number, _ = texts.get((kind, ref_id), ("", None, None, None))
        label = labels.get((kind, ref_id))
        if label:
            text = f"{label} — {text}" if text and kind != "issued" else label
        snippet, match = make_snippet(text, terms)
        number, date, committee = meetings.get(meeting_id, (None, None, None))
        if kind == "committee":
            committee = text.split("\n")[0]
        code = resolution_code(number, res_number) if res_number is not None and number else None
        hits.append(SearchHitDTO(kind=kind, id=ref_id, snippet=snippet, match=match,
                                 meeting_id=meeting_id, committee=committee, meeting_number=number,
                                 meeting_date=date, resolution_id=res_id, code=code))
    return hits


def make_snippet(text: str, terms: list[str], context: int = SNIPPET_CONTEXT) -> tuple[str, tuple | None]:
    """The words around the first match, on one line, with '…' where cut, and the match's span within
    it. The whole query where its words stand together, else the first term found."""
    text = " ".join(text.split())
    candidates = (["".join(terms)] if len(terms) > 1 else []) + terms
    span = next((sp for sp in (locate(text, t) for t in candidates) if sp), None)
    if span is None:
        cut = text[:2 * context]
        return (cut + "…" if len(cut) < len(text) else cut), None
    start, end = span
    lo, hi = max(0, start - context), min(len(text), end + context)
    # Cut at spaces, not inside a word.
    if lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space >= 0 else hi
    prefix = "…" if lo > 0 else ""
    snippet = prefix + text[lo:hi] + ("…" if hi < len(text) else "")
    return snippet, (start - lo + len(prefix), end - lo + len(prefix))
