"""A central database on a PostgreSQL server (issue 13), behind the same `open_database` as a file.

The backend is chosen by what the user names: a `postgresql://…` URL is a server, anything else a
.dabir file. Everything SQLite-file-specific (header bytes, the -journal, quick_check,
trusted_schema, user_version, the record of a clean close) applies to files only; a server's
equivalents live here:

- the schema version is its `alembic_version` row: a revision this Dabir does not know is a newer
  schema, refused with one line (exit 2); an older one is upgraded by the same Alembic revisions;
  an empty database is given the schema when the command may create (demo, import);
- "who" in the audit log is the server's `current_user`, the PostgreSQL role the secretary logged
  in as; Dabir stores no password (the URL, ~/.pgpass, PGPASSWORD or a service file supply it);
- a server that cannot be reached is one line naming it (without any password).
"""
import os

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError, OperationalError

from app.domain.errors import DabirFileError

from .office import seed_office_id
from .target import display_url, is_server_url  # noqa: F401  (callers reach them through server as well)

CONNECT_TIMEOUT_S = int(os.environ.get("DABIR_PG_CONNECT_TIMEOUT") or 10)


def sqlalchemy_url(url: str) -> str:
    """The psycopg 3 driver, whichever of the accepted schemes the user wrote."""
    rest = url.split("://", 1)[1]
    return "postgresql+psycopg://" + rest


def make_server_engine(url: str, read_only: bool = False) -> Engine:
    # READ COMMITTED, PostgreSQL's default: each statement sees what others committed. Writes that
    # must not race take row locks (meeting numbers, edits checked against row_version).
    engine = create_engine(sqlalchemy_url(url), pool_pre_ping=True,
                           connect_args={"connect_timeout": CONNECT_TIMEOUT_S,
                                         "application_name": "dabir"})
    engine.dabir_read_only = read_only
    if read_only:
        @event.listens_for(engine, "begin")
        def _read_only(conn):
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")
    return engine


def server_error(url: str, e: Exception) -> DabirFileError:
    """A driver error as one line naming the server."""
    where = display_url(url)
    orig = getattr(e, "orig", e)
    diag = getattr(orig, "diag", None)
    primary = getattr(diag, "message_primary", None) or ""
    if primary.startswith("dabir:") and " | " in primary:
        # the server's own refusal (app/storage/server_acl.py): its one line, without CONTEXT or SQL
        fa, en = primary[len("dabir:"):].split(" | ", 1)
        return DabirFileError(where, fa, en)
    if primary.startswith("new row violates row-level security policy for table "):
        table = primary.rsplit(" ", 1)[-1].strip('"')
        return DabirFileError(
            where, f"این ردیف از جدول «{table}» از آنِ کمیته دبیرخانه دیگری است و نقش شما آن را نمی‌نویسد",
            f"permission denied: this {table} row belongs to another secretariat's committee")
    if primary.startswith("permission denied for "):
        # "permission denied for table meeting_seal", "… for schema dabir_acl", "… for function seal"
        kind, _, name = primary[len("permission denied for "):].partition(" ")
        kind_fa = {"table": "جدول", "schema": "طرح‌واره", "function": "تابع", "sequence": "دنباله"}.get(kind, kind)
        return DabirFileError(where, f"نقش شما اجازه این کار را در {kind_fa} «{name}» ندارد", primary)
    msg = " ".join((primary or str(orig)).split())
    if "statement timeout" in msg or "lock timeout" in msg or "idle-in-transaction timeout" in msg:
        # an office role's time limits (app/storage/server_acl.py OFFICE_SETTINGS)
        return DabirFileError(where, "سرور این کار را پس از زمان مجاز نقش شما متوقف کرد؛ کمی بعد دوباره امتحان کنید",
                              f"the server cancelled it after your role's time limit ({msg}); try again shortly")
    if isinstance(e, (OperationalError,)) and ("connect" in msg or "timeout" in msg or "No such file" in msg
                                               or "could not translate host" in msg):
        return DabirFileError(where, "سرور پایگاه داده در دسترس نیست", f"cannot reach the database server ({msg})")
    if "permission denied" in msg or "must be owner" in msg or "row-level security" in msg:
        return DabirFileError(where, f"نقش شما اجازه این کار را ندارد ({msg})", f"permission denied ({msg})")
    if "could not serialize" in msg or "deadlock" in msg:
        return DabirFileError(where, "کاربر دیگری هم‌زمان همین را تغییر داد؛ دوباره امتحان کنید",
                              "another user changed the same rows at the same time; try again")
    return DabirFileError(where, f"پایگاه داده خطا داد ({msg})", f"database error ({msg})")


def _revision(conn) -> str | None:
    exists = conn.exec_driver_sql("SELECT to_regclass('alembic_version') IS NOT NULL").scalar()
    if not exists:
        return None
    revs = [r[0] for r in conn.exec_driver_sql("SELECT version_num FROM alembic_version")]
    return revs[0] if len(revs) == 1 else "?" + ",".join(revs)


def _has_tables(conn) -> bool:
    return conn.exec_driver_sql(
        "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()").scalar() > 0


def upgrade_lock(conn) -> None:
    """The lock one schema upgrade (or `dabir server init`) holds at a time. Once the schema exists it
    is a lock on alembic_version, which needs a write right there, so an office (which may only read
    it) cannot hold it and stall the owner's upgrade, as it could an advisory lock anyone may take; an
    empty database has nobody else's data to protect, and takes the advisory lock."""
    if conn.exec_driver_sql("SELECT to_regclass('alembic_version') IS NOT NULL").scalar():
        conn.exec_driver_sql("LOCK TABLE alembic_version IN EXCLUSIVE MODE")
    else:
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7263)")


def prepare(url: str, create: bool, read_only: bool) -> None:
    """Check the server's schema version, and create or upgrade the schema when that is the job.
    Raises DabirFileError (one line) for an unreachable server, a newer or foreign schema."""
    from .migrate import SCHEMA_VERSION, revision_chain, upgrade
    where = display_url(url)
    engine = make_server_engine(url)
    try:
        with engine.connect() as conn:
            rev = _revision(conn)
            conn.rollback()
        known = None
        if rev is not None:
            from .migrate import revision_number
            known = revision_number(rev)
            if known is None:
                raise DabirFileError(where, "ساختار این پایگاه داده از نسخه جدیدتری از دبیر است؛ دبیر را به‌روز کنید",
                                     f"the server's schema ({rev}) is newer than this Dabir's "
                                     f"({SCHEMA_VERSION}); upgrade Dabir")
            if known == SCHEMA_VERSION:
                return
        elif not create:
            with engine.connect() as conn:
                foreign = _has_tables(conn)
            if foreign:
                raise DabirFileError(where, "این پایگاه داده از دبیر نیست", "this database is not Dabir's")
            raise DabirFileError(where, "پایگاه داده هنوز ساختار دبیر را ندارد؛ نخست dabir demo یا import",
                                 "the database has no Dabir schema yet; run dabir demo or import first")
        else:
            with engine.connect() as conn:
                if _has_tables(conn):
                    raise DabirFileError(where, "این پایگاه داده از دبیر نیست", "this database is not Dabir's")
        if read_only and known is not None:
            raise DabirFileError(where, "ساختار پایگاه داده قدیمی است؛ یک دستور نوشتنی آن را به‌روز می‌کند",
                                 "the server's schema is older; a writing command upgrades it")
        with engine.begin() as conn:
            # one client upgrades at a time; the others wait here, then find it done
            upgrade_lock(conn)
            if _revision(conn) != revision_chain()[-1]:
                new = _revision(conn) is None
                upgrade(conn)
                if new:
                    seed_office_id(conn, "now()")
    except DBAPIError as e:
        raise server_error(url, e) from None
    finally:
        engine.dispose()


# --- `dabir check` on a server: PostgreSQL checks its own pages and foreign keys; what is left is
# whether the schema is still Dabir's (a DBA may have changed it by hand) and whether the rows are
# ones Dabir could have written.

SEARCH_OBJECTS = {  # what migration 0002 makes on a server besides the models' tables
    "table": {"search_dirty", "search_doc", "alembic_version"},
    "index": {"search_doc_trgm", "ix_resolution_meeting_status", "ix_resolution_deadline",
              "ix_meeting_committee_date", "ix_meeting_status_date"},
}


def schema_problems(conn) -> list[str]:
    """Tables and columns of Dabir's models missing or extra, the search index's objects missing,
    and triggers on Dabir's tables that are not Dabir's."""
    from . import merge_models  # noqa: F401  (their tables are part of Base.metadata)
    from .models import Base
    problems = []
    columns: dict[str, set[str]] = {}
    for table, column in conn.exec_driver_sql(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()"):
        columns.setdefault(table, set()).add(column)
    for table in Base.metadata.sorted_tables:
        have = columns.get(table.name)
        if have is None:
            problems.append(f"Dabir's table {table.name} is missing")
            continue
        want = {c.name for c in table.c} | ({"rowid"} if table.name == "audit_entry" else set())
        problems += [f"column {table.name}.{c} is missing" for c in sorted(want - have)]
        problems += [f"column {table.name}.{c} is not Dabir's" for c in sorted(have - want)]
    for name in sorted(SEARCH_OBJECTS["table"] - set(columns)):
        problems.append(f"Dabir's table {name} is missing")
    extra = set(columns) - set(Base.metadata.tables) - SEARCH_OBJECTS["table"]
    problems += [f"table {name} is not Dabir's" for name in sorted(extra)]
    indexes = {r[0] for r in conn.exec_driver_sql(
        "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")}
    problems += [f"Dabir's index {name} is missing" for name in sorted(SEARCH_OBJECTS["index"] - indexes)]
    for name, table in conn.exec_driver_sql(
            "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace"):
        # the administrator's own access rules (docs/central.md) are dabir_acl_*
        if not name.startswith((f"search_q_{table}_", "dabir_acl_")):
            problems.append(f"trigger {name} on {table} is not Dabir's")
    return problems


def check_server(url: str, broken_seals, seal_problems):
    """`dabir check` on a central database: its schema against Dabir's, every row's values (the
    checks a received file's rows pass), and the seals of approved meetings and amendments, which
    `broken_seals(conn)` and `seal_problems(conn)` list (app.services.seals, handed in by the caller:
    storage does not import services). Read-only."""
    from .filecheck import CheckReport
    from .validate import convert_row, read_raw, row_tables
    prepare(url, create=False, read_only=True)
    engine = make_server_engine(url, read_only=True)
    try:
        with engine.connect() as conn:
            schema = schema_problems(conn)
            values = []
            if not schema:
                for table in row_tables():
                    for raw in read_raw(conn, table):
                        values += [p.one_line() for p in convert_row(table, raw)[1]]
                        if len(values) >= 100:
                            break
                amended = {r[0] for r in conn.exec_driver_sql("SELECT id FROM amendment")}
                values += [f"{'amendment' if m in amended else 'meeting'} {m}: changed since it was approved "
                           "(its seal does not match)" for m in broken_seals(conn)]
                values += seal_problems(conn)
    except DBAPIError as e:
        raise server_error(url, e) from None
    finally:
        engine.dispose()
    return CheckReport(display_url(url), schema=schema, values=values[:100])


# --- `dabir server init | add-office | check` (issue 23): the access rules of app/storage/server_acl.py

def _as_owner(conn, where: str) -> None:
    owner = conn.exec_driver_sql("SELECT pg_get_userbyid(relowner) = current_user FROM pg_class "
                                 "WHERE oid = to_regclass('public.meeting')").scalar()
    if not owner:
        raise DabirFileError(where, "این دستور را نقش مالک جدول‌های دبیر (مثلاً dabir_admin) اجرا می‌کند",
                             "run this as the role that owns Dabir's tables (e.g. dabir_admin)")


def _run(conn, statements: list[str]) -> None:
    # the driver's own cursor without parameters: the SQL's % signs (format()) stay as written
    import psycopg
    with conn.connection.dbapi_connection.cursor() as cursor:
        for statement in statements:
            try:
                cursor.execute(statement)
            except psycopg.Error as e:
                raise DBAPIError(statement[:80], None, e) from None


def install_acl(url: str) -> None:
    """Install (or repair) the roles, grants, policies, triggers and functions, as the owner, in one
    transaction. An older schema is upgraded first; a missing one is refused."""
    from . import server_acl
    where = display_url(url)
    prepare(url, create=False, read_only=False)
    engine = make_server_engine(url)
    try:
        with engine.begin() as conn:
            upgrade_lock(conn)                          # one installer at a time
            _as_owner(conn, where)
            search = [r[0] for r in conn.exec_driver_sql(
                "SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace "
                "AND starts_with(proname, 'search_q_')")]
            _run(conn, server_acl.init_statements(search))
    except DBAPIError as e:
        raise server_error(url, e) from None
    finally:
        engine.dispose()


def add_office(url: str, office: str, committees: list[str]) -> None:
    """An office role (made if missing) writing these committees; their earlier office loses them."""
    from . import server_acl
    where = display_url(url)
    server_acl.check_role_name(office)
    prepare(url, create=False, read_only=True)
    engine = make_server_engine(url)
    try:
        with engine.begin() as conn:
            _as_owner(conn, where)
            if server_acl.missing(conn, offices=False):
                raise DabirFileError(where, "نخست dabir server init", "run dabir server init first")
            known = {r[0] for r in conn.execute(text("SELECT id FROM committee WHERE deleted_at IS NULL"))}
            unknown = [c for c in committees if c not in known]
            if unknown:
                raise DabirFileError(where, f"کمیته‌ای با شناسه «{unknown[0]}» نیست",
                                     f"no committee '{unknown[0]}'")
            _run(conn, server_acl.add_office_statements(office, committees))
    except DBAPIError as e:
        raise server_error(url, e) from None
    finally:
        engine.dispose()


def acl_problems(url: str) -> list[str]:
    """What `dabir server init` would install that the server lacks."""
    from . import server_acl
    prepare(url, create=False, read_only=True)
    engine = make_server_engine(url, read_only=True)
    try:
        with engine.connect() as conn:
            return server_acl.missing(conn)
    except DBAPIError as e:
        raise server_error(url, e) from None
    finally:
        engine.dispose()
