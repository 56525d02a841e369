"""Issue 28's measured plan: how small could a .dabir file get, and by which change?

Run: `python -m bench.storage_plan [--scale N] [--file F] [--work DIR] [--no-trace]`.
It takes (or builds with `dabir demo --scale N`) a demo file, measures its export, traces every SQL
statement that the lists, the tracker filters, search, export and a merge of two demo copies run
(EXPLAIN QUERY PLAN names the indexes each uses), then applies candidate conversions to copies with
plain SQL (sqlite3, no app code changed), VACUUMs each and prints its size, its ratio to the export,
the biggest dbstat changes and whether the search service's SQL (copied from app/services/search.py)
still finds the same hits in the same order; a term shorter than a trigram on a copy without
search_doc.body is answered from the index's own vocabulary (_vocab_scan). The results also go to
DIR/plan-N.json; docs/storage-plan.md is written from them. The trace is bench/storage_trace.py.

Candidates (each alone, then combined; see CANDIDATES and COMBOS):
  blob16    every column whose every value is a canonical UUID as its 16 bytes, in place
  intid     every keyed table rebuilt with `id INTEGER PRIMARY KEY` (its rowid) and the UUID once in
            `uid` (UNIQUE); foreign keys as integers; `changed_in` as an integer into a new `office`
            table; search_doc's ref/meeting as integers
  ts_int    every DATETIME column as an integer (microseconds since the epoch, UTC as stored)
  ts_text   every DATETIME column as lossless shorter text, 'YYYYMMDDTHHMMSSffffff' (21, not 26)
  fts_nobody search_fts contentless (content=''), search_doc without its body copy
  drop_idx  the plain indexes no traced statement uses
SQLite 3.40 has no unhex(), so the UUID and timestamp conversions are small Python functions
registered on the connection and called from the SQL."""
import argparse
import datetime as dt
import json
import os
import re
import shutil
import sqlite3
import statistics
import sys
import time
import uuid
from pathlib import Path

WORK = Path(os.environ.get("DABIR_BENCH_CACHE") or "/tmp/storage-plan")
os.environ.setdefault("DABIR_BENCH_CACHE", str(WORK))
os.environ.setdefault("DABIR_USER", "bench")

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.domain.search_text import MIN_TERM, query_terms  # noqa: E402
from app.storage.search_keys import KINDS, unpack_id, unpack_ref  # noqa: E402
from bench.storage_trace import QUERIES, explain, plain_indexes, trace  # noqa: E402

UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SKIP = ("search_", "sqlite_")          # derived tables and SQLite's own: no UUID columns to convert
EPOCH = dt.datetime(1970, 1, 1)
KIND_TABLE = {"resolution": "resolution", "follow_up": "follow_up", "agenda": "agenda_item",
              "meeting": "meeting", "committee": "committee", "person": "person"}
# references that are not declared as foreign keys (models.py says why) but always name one table
SOFT_FKS = {("resolution", "amendment_id"): "amendment", ("issued_document", "meeting_id"): "meeting",
            ("meeting_seal", "meeting_id"): "meeting"}
NOT_KEYS = {("setting", "value")}      # a free value column that may hold a UUID among other values


# ---------------------------------------------------------------- helpers on a connection

def _u16(v):
    return uuid.UUID(v).bytes if isinstance(v, str) and UUID_RE.fullmatch(v) else v


def _ts_int(v):
    if not isinstance(v, str):
        return v
    d = dt.datetime.fromisoformat(v)
    return (d - EPOCH) // dt.timedelta(microseconds=1)


def _ts_text(v):
    if not isinstance(v, str):
        return v
    return dt.datetime.fromisoformat(v).strftime("%Y%m%dT%H%M%S%f")


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.create_function("u16", 1, _u16, deterministic=True)
    conn.create_function("ts_int", 1, _ts_int, deterministic=True)
    conn.create_function("ts_text", 1, _ts_text, deterministic=True)
    conn.execute("PRAGMA foreign_keys=OFF")
    return conn


def tables(conn) -> list[str]:
    return [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
            if not n.startswith(SKIP) and n != "alembic_version"]


def columns(conn, table) -> list[tuple]:
    """(name, declared type, notnull, default, pk) of each column."""
    return [(c[1], c[2], c[3], c[4], c[5]) for c in conn.execute(f'PRAGMA table_xinfo("{table}")')]


def uuid_columns(conn) -> list[tuple[str, str]]:
    """(table, column) whose every non-null value is a canonical UUID in text (and at least one is)."""
    out = []
    for t in tables(conn):
        for name, *_ in columns(conn, t):
            n, good = conn.execute(f'SELECT count("{name}"), sum(is_uuid("{name}")) FROM "{t}"').fetchone()
            if n and n == good and (t, name) not in NOT_KEYS:
                out.append((t, name))
    return out


def datetime_columns(conn) -> list[tuple[str, str]]:
    return [(t, c[0]) for t in tables(conn) for c in columns(conn, t) if c[1].upper() == "DATETIME"]


def size_by_object(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return dict(conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"))
    finally:
        conn.close()


# ---------------------------------------------------------------- the candidates

def blob16(conn, notes: dict) -> None:
    conn.create_function("is_uuid", 1, lambda v: int(isinstance(v, str) and bool(UUID_RE.fullmatch(v))))
    found = uuid_columns(conn)
    notes["blob16 columns"] = [f"{t}.{c}" for t, c in found]
    for t, c in found:
        conn.execute(f'UPDATE "{t}" SET "{c}" = u16("{c}") WHERE "{c}" IS NOT NULL')


def ts_int(conn, notes: dict) -> None:
    _timestamps(conn, notes, "ts_int")


def ts_text(conn, notes: dict) -> None:
    _timestamps(conn, notes, "ts_text")


def _timestamps(conn, notes, fn) -> None:
    # DATETIME has NUMERIC affinity: an integer stays an integer, and 'YYYYMMDDT...' (a letter inside)
    # stays text rather than being read as a number
    found = datetime_columns(conn)
    notes[f"{fn} columns"] = [f"{t}.{c}" for t, c in found]
    for t, c in found:
        conn.execute(f'UPDATE "{t}" SET "{c}" = {fn}("{c}") WHERE typeof("{c}") = \'text\'')


def _keyed(conn) -> list[str]:
    """Tables keyed by a text UUID `id` alone."""
    conn.create_function("is_uuid", 1, lambda v: int(isinstance(v, str) and bool(UUID_RE.fullmatch(v))))
    out = []
    for t in tables(conn):
        cols = {c[0]: c for c in columns(conn, t)}
        if "id" in cols and cols["id"][4] == 1 and sum(c[4] > 0 for c in cols.values()) == 1:
            n, good = conn.execute(f'SELECT count(id), sum(is_uuid(id)) FROM "{t}"').fetchone()
            if n == (good or 0):
                out.append(t)
    return out


def intid(conn, notes: dict) -> None:
    """Integer row ids: each keyed table's old rowid becomes its INTEGER PRIMARY KEY `id`, the UUID
    stays once in `uid`; declared (and SOFT_FKS) foreign keys become integers; `changed_in` an integer
    into `office`. Polymorphic references (audit_entry.entity_id, row_signature.row_id, merge_base,
    amendment_change.target_id) and office ids outside `changed_in` keep their UUIDs."""
    keyed = set(_keyed(conn))
    conn.execute("CREATE TEMP TABLE office_map (n INTEGER PRIMARY KEY, uid TEXT UNIQUE)")
    for t in tables(conn):
        if any(c[0] == "changed_in" for c in columns(conn, t)):
            conn.execute(f'INSERT OR IGNORE INTO office_map (uid) SELECT DISTINCT changed_in FROM "{t}" '
                         f'WHERE changed_in IS NOT NULL')
    fks, dangling = {}, {}
    for t in tables(conn):
        for row in conn.execute(f'PRAGMA foreign_key_list("{t}")'):
            if row[2] in keyed and row[4] == "id":
                fks[(t, row[3])] = row[2]
    fks.update({k: v for k, v in SOFT_FKS.items() if v in keyed})
    for (t, c), p in fks.items():
        dangling[f"{t}.{c}"] = conn.execute(
            f'SELECT count(*) FROM "{t}" o WHERE o."{c}" IS NOT NULL AND NOT EXISTS '
            f'(SELECT 1 FROM "{p}" p WHERE p.id = o."{c}")').fetchone()[0]
    notes["intid keyed tables"] = sorted(keyed)
    notes["intid foreign keys"] = sorted(f"{t}.{c} -> {p}" for (t, c), p in fks.items())
    notes["intid dangling references (become NULL)"] = {k: v for k, v in dangling.items() if v}
    indexes = []
    for t in tables(conn):
        cols = columns(conn, t)
        pk = [c[0] for c in sorted(cols, key=lambda c: c[4]) if c[4]]
        decls, exprs = [], []
        for name, decl, notnull, default, ispk in cols:
            nn = " NOT NULL" if notnull else ""
            if t in keyed and name == "id":
                decls += ['"id" INTEGER PRIMARY KEY', '"uid" TEXT NOT NULL UNIQUE']
                exprs += ["o.rowid", "o.id"]
            elif (t, name) in fks:
                single_pk = pk == [name]
                decls.append(f'"{name}" INTEGER' + (" PRIMARY KEY" if single_pk else nn))
                exprs.append(f'(SELECT p.rowid FROM "{fks[(t, name)]}" p WHERE p.id = o."{name}")')
            elif name == "changed_in":
                decls.append('"changed_in" INTEGER')
                exprs.append("(SELECT m.n FROM temp.office_map m WHERE m.uid = o.changed_in)")
            else:
                decls.append(f'"{name}" {decl}{nn}' + (f" DEFAULT {default}" if default is not None else ""))
                exprs.append(f'o."{name}"')
        if t not in keyed and pk and not (len(pk) == 1 and (t, pk[0]) in fks):
            decls.append("PRIMARY KEY (" + ", ".join(f'"{c}"' for c in pk) + ")")
        conn.execute(f'CREATE TABLE "{t}__new" ({", ".join(decls)})')
        conn.execute(f'INSERT INTO "{t}__new" SELECT {", ".join(exprs)} FROM "{t}" o ORDER BY o.rowid')
        indexes += [s for (s,) in conn.execute("SELECT sql FROM sqlite_master WHERE type='index' "
                                                "AND tbl_name=? AND sql IS NOT NULL", (t,))]
        for i, (_, name, unique, origin, _) in enumerate(conn.execute(f'PRAGMA index_list("{t}")').fetchall()):
            if origin == "u":
                cols_ = [r[2] for r in conn.execute(f'PRAGMA index_info("{name}")')]
                indexes.append(f'CREATE UNIQUE INDEX "uq_{t}_{i}" ON "{t}" ('
                               + ", ".join(f'"{c}"' for c in cols_) + ")")
    # search_doc names a row by kind * 2^40 + its integer id, and its meeting by the meeting's id
    conn.execute("CREATE TABLE search_doc__new (doc_id INTEGER PRIMARY KEY, ref INTEGER NOT NULL, "
                 "meeting INTEGER, body TEXT NOT NULL)")
    conn.create_function("kind_of", 1, lambda ref: bytes(ref)[0])
    conn.create_function("uuid_of", 1, lambda ref: unpack_ref(ref)[1])
    conn.create_function("uuid_id", 1, unpack_id)
    parts = " ".join(f"WHEN {i} THEN (SELECT rowid FROM \"{KIND_TABLE[k]}\" WHERE id = uuid_of(d.ref))"
                     for i, k in enumerate(KINDS))
    conn.execute(f"INSERT INTO search_doc__new SELECT d.doc_id, kind_of(d.ref) * 1099511627776 + "
                 f"CASE kind_of(d.ref) {parts} END, (SELECT rowid FROM meeting WHERE id = uuid_id(d.meeting)), "
                 f"d.body FROM search_doc d ORDER BY d.doc_id")
    triggers = _drop_triggers(conn)
    conn.execute("PRAGMA legacy_alter_table=ON")
    for t in tables(conn) + ["search_doc"]:
        if t.endswith("__new"):
            continue
        conn.execute(f'DROP TABLE "{t}"')
        conn.execute(f'ALTER TABLE "{t}__new" RENAME TO "{t}"')
    for s in indexes:
        conn.execute(s)
    conn.execute("CREATE UNIQUE INDEX search_doc_ref ON search_doc (ref)")
    conn.execute("CREATE TABLE office (id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE)")
    conn.execute("INSERT INTO office SELECT n, uid FROM temp.office_map")
    notes["intid triggers not recreated"] = _make_triggers(conn, triggers)


def fts_nobody(conn, notes: dict) -> None:
    """search_fts contentless over the same doc ids; search_doc keeps only (doc_id, ref, meeting)."""
    fts = conn.execute("SELECT sql FROM sqlite_master WHERE name='search_fts'").fetchone()[0]
    contentless = re.sub(r"content='search_doc', content_rowid='doc_id'", "content=''", fts)
    assert contentless != fts, fts
    ref_type = dict((c[0], c[1]) for c in columns(conn, "search_doc"))["ref"]
    conn.execute("DROP TABLE search_fts")
    conn.execute(contentless)
    conn.execute("INSERT INTO search_fts (rowid, body) SELECT doc_id, body FROM search_doc")
    conn.execute(f"CREATE TABLE search_doc__new (doc_id INTEGER PRIMARY KEY, ref {ref_type} NOT NULL, meeting {ref_type})")
    conn.execute("INSERT INTO search_doc__new SELECT doc_id, ref, meeting FROM search_doc")
    conn.execute("DROP TABLE search_doc")
    conn.execute("ALTER TABLE search_doc__new RENAME TO search_doc")
    conn.execute("CREATE UNIQUE INDEX search_doc_ref ON search_doc (ref)")
    notes["fts_nobody"] = contentless


UNUSED: list[str] = []   # filled by trace() before the candidates run


def drop_idx(conn, notes: dict) -> None:
    there = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    notes["drop_idx dropped"] = [i for i in UNUSED if i in there]
    for name in notes["drop_idx dropped"]:
        conn.execute(f'DROP INDEX "{name}"')


def _drop_triggers(conn) -> list[str]:
    found = conn.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger'").fetchall()
    for name, _ in found:
        conn.execute(f'DROP TRIGGER "{name}"')
    return [s for _, s in found]


def _make_triggers(conn, triggers) -> int:
    failed = 0
    for s in triggers:
        try:
            conn.execute(s)
        except sqlite3.Error:
            failed += 1
    return failed


CANDIDATES = {"blob16": blob16, "intid": intid, "ts_int": ts_int, "ts_text": ts_text,
              "fts_nobody": fts_nobody, "drop_idx": drop_idx}
# applied in this order: intid rebuilds the tables, blob16 then packs the UUIDs left (uid, polymorphic)
COMBOS = [("blob16", "ts_int"), ("blob16", "ts_int", "drop_idx"), ("blob16", "fts_nobody"), ("blob16", "drop_idx"), ("fts_nobody", "drop_idx"),
          ("blob16", "fts_nobody", "drop_idx"), ("blob16", "ts_int", "fts_nobody", "drop_idx"),
          ("intid", "blob16"), ("intid", "blob16", "fts_nobody"), ("intid", "blob16", "drop_idx"),
          ("intid", "blob16", "ts_int"), ("intid", "blob16", "fts_nobody", "drop_idx"),
          ("intid", "blob16", "ts_int", "fts_nobody", "drop_idx")]


def make_variant(base: Path, names: tuple[str, ...], dest: Path) -> tuple[dict, float]:
    shutil.copyfile(base, dest)
    conn = connect(dest)
    notes: dict = {}
    t = time.perf_counter()
    triggers = _drop_triggers(conn) if "intid" not in names else []
    conn.execute("BEGIN")
    for name in names:
        CANDIDATES[name](conn, notes)
    conn.execute("DELETE FROM search_dirty")
    _make_triggers(conn, triggers)
    conn.execute("COMMIT")
    conn.execute("VACUUM")
    seconds = time.perf_counter() - t
    problems = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    notes["integrity_check"] = problems[:3]
    conn.close()
    return notes, seconds


# ---------------------------------------------------------------- search, on any variant

def _uid_maps(conn) -> dict[str, dict]:
    out = {}
    for t in set(KIND_TABLE.values()):
        if any(c[0] == "uid" for c in columns(conn, t)):
            out[t] = dict(conn.execute(f'SELECT id, uid FROM "{t}"'))
    return out


def _canon(maps, table, v):
    if isinstance(v, int):
        v = maps[table][v]
    if isinstance(v, bytes) and len(v) == 16:
        return str(uuid.UUID(bytes=v))
    return v


def _hit(maps, ref, meeting):
    if isinstance(ref, int):
        kind = KINDS[ref >> 40]
        rid = _canon(maps, KIND_TABLE[kind], ref & ((1 << 40) - 1))
    else:
        kind, rid = unpack_ref(ref)
    return kind, rid, _canon(maps, "meeting", meeting) if meeting is not None else None


def _vocab_scan(conn, term: str, limit: int):
    """A term shorter than a trigram without search_doc.body: every trigram of the index holding the
    term (fts5vocab) ORed in one MATCH, newest document first. The same documents as instr(body, term)
    except a body shorter than three letters, which has no trigram (the run counts them)."""
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab USING fts5vocab(main, search_fts, row)")
    grams = [g for (g,) in conn.execute("SELECT term FROM temp.search_vocab WHERE instr(term, ?) > 0", (term,))]
    if not grams:
        return []
    match = " OR ".join('"' + g.replace('"', '""') + '"' for g in grams)
    return conn.execute("SELECT d.ref, d.meeting FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH ? "
                        "ORDER BY rowid DESC LIMIT ?) f JOIN search_doc d ON d.doc_id = f.rowid "
                        "ORDER BY f.rowid DESC", (match, limit)).fetchall()


def search_hits(path: Path, query: str, limit: int = 50) -> tuple[list, float]:
    """The hits app/services/search.py finds (its SQL, copied), as (kind, id, meeting id) text."""
    conn = sqlite3.connect(path)      # not read-only: fts5vocab is a (temp) table of the connection
    try:
        maps = _uid_maps(conn)
        terms = query_terms(query)
        has_body = any(c[0] == "body" for c in columns(conn, "search_doc"))
        t = time.perf_counter()
        if all(len(x) >= MIN_TERM for x in terms):
            match = " AND ".join('"' + x.replace('"', '""') + '"' for x in terms)
            rows = conn.execute(
                "SELECT d.ref, d.meeting FROM (SELECT rowid, rank FROM search_fts "
                "WHERE search_fts MATCH :match ORDER BY rowid DESC LIMIT :ranked) f "
                "JOIN search_doc d ON d.doc_id = f.rowid ORDER BY f.rank, f.rowid DESC LIMIT :limit",
                {"match": match, "ranked": max(1000, limit), "limit": limit}).fetchall()
        elif has_body:
            rows = conn.execute("SELECT ref, meeting FROM search_doc WHERE instr(body, :term) > 0 "
                                "ORDER BY doc_id DESC LIMIT :limit", {"term": terms[0], "limit": limit}).fetchall()
        else:
            rows = _vocab_scan(conn, terms[0], limit)
        seconds = time.perf_counter() - t
        return [_hit(maps, r, m) for r, m in rows], seconds
    finally:
        conn.close()


# ---------------------------------------------------------------- the run

def export_size(path: Path) -> int:
    """Bytes of `dabir export --meeting all` of the file."""
    import subprocess
    out = path.with_suffix(".export.json")
    with open(out, "w") as f:
        subprocess.run([sys.executable, "-m", "app.cli.main", "export", "--db", str(path), "--meeting", "all"],
                       stdout=f, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT)
    size = out.stat().st_size
    out.unlink()
    return size


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=int, default=2000)
    ap.add_argument("--file", type=Path, help="a .dabir file to measure instead of a new demo")
    ap.add_argument("--work", type=Path, default=WORK)
    ap.add_argument("--no-trace", action="store_true", help="reuse the unused-index list of an earlier run")
    ap.add_argument("--trace-from", type=Path, help="with --no-trace: the plan-N.json whose index list to reuse")
    ap.add_argument("--only", help="comma-separated variant names to build (default: all)")
    args = ap.parse_args(argv)
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    if args.file:
        source = args.file
    else:
        from bench.common import demo_file
        source = demo_file(args.scale)
    result_path = work / f"plan-{args.scale if not args.file else args.file.stem}.json"   # one per scale
    earlier = args.trace_from or result_path
    previous = json.loads(earlier.read_text()) if earlier.exists() else {}
    tag = args.scale if not args.file else args.file.stem
    base = work / f"base-{tag}.dabir"
    shutil.copyfile(source, base)
    conn = connect(base)
    conn.execute("VACUUM")
    conn.close()
    export = export_size(base)
    print(f"source {source} {source.stat().st_size / 1e6:.2f} MB as built; VACUUMed {base.stat().st_size / 1e6:.2f} MB; "
          f"export {export / 1e6:.2f} MB; target ≤ 2.0× = {2 * export / 1e6:.2f} MB", flush=True)
    result = {"scale": args.scale, "source_bytes": source.stat().st_size, "export_bytes": export,
              "sqlite": sqlite3.sqlite_version, "variants": {}}
    if args.no_trace and "indexes" in previous:
        result["indexes"] = previous["indexes"]
    else:
        traced = trace(base, work)
        ex = explain(base, traced["statements"])
        plain = plain_indexes(base)
        sizes = size_by_object(base)
        result["indexes"] = {
            "statements": len(traced["statements"]), "explained": ex["explained"], "not_explained": ex["failed"],
            "workload_seconds": round(traced["seconds"], 1),
            "used": {i: sorted(s) for i, s in sorted(ex["uses"].items())},
            "unused_plain": {i: round(sizes.get(i, 0) / 1e6, 3) for i in sorted(plain) if i not in ex["uses"]},
            "full_scans": {t: sorted(s) for t, s in sorted(ex["scans"].items())}}
        result["statements"] = traced["statements"]
        before_scans = ex["per"]
    UNUSED[:] = list(result["indexes"]["unused_plain"])
    print(f"traced {result['indexes']['statements']} statements; unused plain indexes: "
          f"{result['indexes']['unused_plain']}", flush=True)
    base_sizes = size_by_object(base)
    baseline_hits = {q: search_hits(base, q)[0] for q in QUERIES}
    variants = [("base",)] + [(n,) for n in CANDIDATES] + COMBOS
    if args.only:
        wanted = set(args.only.split(","))
        variants = [v for v in variants if "+".join(v) in wanted or v == ("base",)]
    print(f"{'variant':45s} {'MB':>7s} {'× export':>8s} {'Δ MB':>7s}  search  biggest changes (MB)", flush=True)
    for names in variants:
        label = "+".join(names)
        if names == ("base",):
            path, notes, seconds = base, {}, 0.0
        else:
            path = work / f"v-{tag}-{label}.dabir"
            notes, seconds = make_variant(base, names, path)
        size = path.stat().st_size
        sizes = size_by_object(path)
        delta = {k: (sizes.get(k, 0) - base_sizes.get(k, 0)) / 1e6 for k in set(sizes) | set(base_sizes)}
        top = sorted(delta.items(), key=lambda kv: kv[1])[:6]
        same, times = True, []
        for q in QUERIES:
            hits, s = search_hits(path, q)
            times.append(s)
            same &= hits == baseline_hits[q]
        row = {"bytes": size, "ratio": round(size / export, 3), "delta_mb": round((size - base.stat().st_size) / 1e6, 2),
               "search_same": same, "search_ms_median": round(statistics.median(times) * 1000, 1),
               "search_ms_max": round(max(times) * 1000, 1), "convert_seconds": round(seconds, 1),
               "top_changes_mb": {k: round(v, 2) for k, v in top if v},
               "objects_mb": {k: round(v / 1e6, 3) for k, v in sorted(sizes.items(), key=lambda kv: -kv[1])[:25]},
               "notes": notes}
        if names == ("drop_idx",) and "statements" in result:
            # a statement that scans a table whole without the dropped indexes, where it did not before
            after = explain(path, result["statements"])["per"]
            row["new_full_scans"] = [f"{sorted(t - before_scans.get(q, set()))}: {q[:150]}"
                                     for q, t in after.items() if t - before_scans.get(q, set())]
        result["variants"][label] = row
        print(f"{label:45s} {size / 1e6:7.2f} {size / export:8.2f} {row['delta_mb']:7.2f}  "
              f"{'same' if same else 'DIFF'}    " + ", ".join(f"{k} {v:+.2f}" for k, v in top if v), flush=True)
        if path != base:
            path.unlink()
    for st in result.get("statements", {}).values():
        st["steps"] = sorted(st["steps"])
        st["params"] = repr(st["params"])[:200]
    result_path.write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str))
    print(f"written {result_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
