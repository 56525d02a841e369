"""Is this file's schema exactly Dabir's? A received file is untrusted input: a trigger planted in it
would run inside Dabir's own writes, a view standing in for a table could hang every query, an extra
column or a changed CHECK would let values in that no Dabir writes. So before anything reads a file,
its sqlite_master (tables and their columns, indexes, triggers, views, the FTS5 index's shadow
tables) is compared with what Dabir's own migrations create for the file's user_version.

The expected schema is not written down by hand: the migrations are run into a scratch in-memory
database, one revision at a time, and each version's sqlite_master is kept (in memory, and in the
user cache folder keyed by the migrations' source, so a new migration is covered without any edit
here and a command does not pay for Alembic). Definitions are compared with whitespace normalised.
Tables SQLite itself adds after ANALYZE (sqlite_stat1/4) are allowed with their fixed definitions."""
import hashlib
import importlib.util
import json
import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.domain.errors import DabirFileError
from .migrate import MIGRATIONS

_OPTIONAL = {  # made by ANALYZE (stats.py), with the definitions SQLite writes
    "sqlite_stat1": "CREATE TABLE sqlite_stat1(tbl,idx,stat)",
    "sqlite_stat4": "CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)",
}
_KINDS_FA = {"table": "جدول", "index": "نمایه", "trigger": "تریگر", "view": "نما"}


@dataclass(frozen=True)
class SchemaProblem:
    name: str
    fa: str
    en: str


class SchemaRefused(DabirFileError):
    """The file's schema is not Dabir's. `repairable`: `dabir check --repair` can copy its data."""
    repairable = True

    def __init__(self, path, problems: list[SchemaProblem]):
        first, more = problems[0], len(problems) - 1
        fa, en = first.fa, first.en
        if more:
            fa += f" (و {more} مورد دیگر؛ dabir check همه را نشان می‌دهد)"
            en += f" (and {more} more; dabir check lists them)"
        super().__init__(str(path), f"ساختار پرونده از دبیر نیست: {fa}؛ می‌توان از آن پرونده سالمی ساخت",
                         f"the file's schema is not Dabir's: {en}; dabir check --repair builds a clean copy")
        self.problems = problems


def normalise(sql: str | None) -> str | None:
    if sql is None:
        return None
    sql = re.sub(r"\s+", " ", sql.strip())
    return re.sub(r"\s*([(),])\s*", r"\1", sql)


def _objects(conn: sqlite3.Connection, columns: bool = True) -> dict[str, dict]:
    out = {}
    for type_, name, tbl, sql in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"):
        out[name] = {"type": type_, "tbl": tbl, "sql": sql}
    for name, obj in out.items():
        if columns and obj["type"] == "table" and not obj["sql"].startswith("CREATE VIRTUAL"):
            obj["columns"] = _columns(conn, name)
    return out


def _columns(conn: sqlite3.Connection, table: str) -> list:
    # table_xinfo reads the declaration only; never called on a view (that would compile it)
    return [[c[1], c[2], c[3], c[5]] for c in conn.execute(f'PRAGMA table_xinfo("{table}")')]


def _alembic_version() -> str:
    """alembic.__version__, read from its source. Importing alembic for it cost every open of a file
    120–340 ms (issue 28) though only the cached schemas are read; importlib.metadata scans every
    installed distribution (about 100 ms), so it comes second. A bundle holding byte-code and no
    metadata imports it, as before."""
    try:
        spec = importlib.util.find_spec("alembic")
        found = re.search(r"^__version__\s*=\s*['\"]([^'\"]+)['\"]",
                          Path(spec.origin).read_text(encoding="utf-8"), re.M)
        if found:
            return found.group(1)
    except (AttributeError, TypeError, OSError, UnicodeDecodeError):
        pass
    from importlib import metadata
    try:
        return metadata.version("alembic")
    except metadata.PackageNotFoundError:
        import alembic
        return alembic.__version__


def _source_key() -> str:
    import sqlalchemy
    h = hashlib.sha256(f"2 {sqlalchemy.__version__} {_alembic_version()} {sqlite3.sqlite_version}".encode())
    # every module of the migrations, with the steps that a revision calls (compact_steps.py)
    for p in sorted(MIGRATIONS.rglob("*.py")):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _build_all() -> dict[int, dict]:
    """Run the migrations into memory, one revision at a time: {user_version: objects}."""
    from alembic import command
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    from .migrate import alembic_config, revisions
    engine = create_engine("sqlite://", poolclass=StaticPool)
    result = {0: {}}
    try:
        with engine.begin() as conn:
            for version, rev in enumerate(revisions(), start=1):
                cfg = alembic_config()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, rev)
                result[version] = _objects(conn.connection.driver_connection)
                result[version]["alembic_version"]["revision"] = rev
    finally:
        engine.dispose()
    return result


@lru_cache(maxsize=1)
def expected_schemas() -> dict[int, dict]:
    """Every version's schema, from the cache folder when the migrations have not changed."""
    from .places import cache_folder
    key = _source_key()
    try:
        cache = cache_folder() / f"schema-{key}.json"
        return {int(v): objs for v, objs in json.loads(cache.read_text(encoding="utf-8")).items()}
    except (OSError, ValueError, DabirFileError):
        pass
    built = _build_all()
    try:
        tmp = cache.with_name(f".{cache.name}.tmp")
        tmp.write_text(json.dumps(built), encoding="utf-8")
        tmp.replace(cache)
    except (OSError, NameError):
        pass
    return built


def compare(conn: sqlite3.Connection, version: int) -> list[SchemaProblem]:
    """Every difference between the open file's schema and Dabir's schema `version`."""
    expected = expected_schemas().get(version)
    if expected is None:
        return [SchemaProblem("user_version", f"نسخه ساختار {version} شناخته نیست", f"unknown schema version {version}")]
    actual = _objects(conn, columns=False)     # the same text as Dabir's needs no closer look
    problems = []
    for name, obj in actual.items():
        kind = obj["type"]
        fa_kind = _KINDS_FA.get(kind, kind)
        want = expected.get(name)
        on = f" on {obj['tbl']}" if kind in ("index", "trigger") else ""
        if want is None:
            if name in _OPTIONAL and normalise(obj["sql"]) == normalise(_OPTIONAL[name]):
                continue
            if name.startswith("sqlite_autoindex_"):
                problems.append(SchemaProblem(name, f"قید یکتایی اضافی روی {obj['tbl']}",
                                              f"an extra unique constraint on {obj['tbl']}"))
                continue
            problems.append(SchemaProblem(name, f"{fa_kind} «{name}» از دبیر نیست",
                                          f"{kind} {name}{on} is not Dabir's"))
        elif want["type"] != kind:
            problems.append(SchemaProblem(name, f"«{name}» باید {_KINDS_FA[want['type']]} باشد، {fa_kind} است",
                                          f"{name} is a {kind}; Dabir's is a {want['type']}"))
        elif want["tbl"] != obj["tbl"]:
            problems.append(SchemaProblem(name, f"{fa_kind} «{name}» روی جدول دیگری است",
                                          f"{kind} {name} is on {obj['tbl']}, not {want['tbl']}"))
        elif want["sql"] != obj["sql"] and normalise(want["sql"]) != normalise(obj["sql"]):
            if kind == "table" and not obj["sql"].startswith("CREATE VIRTUAL"):
                obj["columns"] = _columns(conn, name)
            problems.append(_differs(name, kind, fa_kind, want, obj))
    for name, want in expected.items():
        if name not in actual:
            fa_kind = _KINDS_FA.get(want["type"], want["type"])
            problems.append(SchemaProblem(name, f"{fa_kind} «{name}» دبیر در پرونده نیست",
                                          f"Dabir's {want['type']} {name} is missing"))
    if not problems and "revision" in expected.get("alembic_version", {}):
        revs = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
        if revs != [expected["alembic_version"]["revision"]]:
            problems.append(SchemaProblem("alembic_version", "نسخه مهاجرت پرونده با نسخه ساختار آن نمی‌خواند",
                                          f"alembic_version {revs} does not match schema version {version}"))
    return problems


def _differs(name, kind, fa_kind, want, obj) -> SchemaProblem:
    """Say which column differs, when a table's columns do."""
    if kind == "table" and "columns" in want and "columns" in obj:
        mine = {c[0]: c for c in want["columns"]}
        theirs = {c[0]: c for c in obj["columns"]}
        for col in theirs.keys() - mine.keys():
            return SchemaProblem(name, f"ستون «{col}» در جدول {name} از دبیر نیست",
                                 f"column {name}.{col} is not Dabir's")
        for col in mine.keys() - theirs.keys():
            return SchemaProblem(name, f"ستون «{col}» جدول {name} نیست", f"column {name}.{col} is missing")
        for col in mine:
            if mine[col] != theirs[col]:
                return SchemaProblem(name, f"ستون «{col}» جدول {name} با تعریف دبیر فرق دارد",
                                     f"column {name}.{col} is declared {theirs[col][1] or 'untyped'}"
                                     f"{' NOT NULL' if theirs[col][2] else ''}, not as Dabir declares it "
                                     f"({mine[col][1]}{' NOT NULL' if mine[col][2] else ''})")
    return SchemaProblem(name, f"تعریف {fa_kind} «{name}» با تعریف دبیر فرق دارد",
                         f"the definition of {kind} {name} differs from Dabir's (constraints or body)")


def validate(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """Raise SchemaRefused naming the first foreign or missing object."""
    problems = compare(conn, version)
    if problems:
        raise SchemaRefused(path, problems)


def data_tables(version: int) -> list[str]:
    """Dabir's real tables at `version` (not its FTS index, not SQLite's), for row budgets and copies."""
    return [n for n, o in expected_schemas()[version].items()
            if o["type"] == "table" and not o["sql"].startswith("CREATE VIRTUAL")
            and not n.startswith(("sqlite_", "search_fts_"))]
