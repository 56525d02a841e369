"""Values reach SQL only through SQLAlchemy's binds, which each dialect compiles itself (SQLite's `?`,
psycopg's `%s`). `exec_driver_sql` hands its text to the driver as written, so under app/ it may run
only fixed, dialect-specific statements (PRAGMA, SET TRANSACTION, sqlite_master…): no parameters, and
no `?` or `%` that one of the two drivers would read as a placeholder. Statements with values use
`conn.execute(text(...) with :named binds, or bindparam(expanding=True) for IN lists)` or Core."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _literal_text(node: ast.AST) -> str:
    """The constant parts of a string argument (an f-string's literal pieces, a concatenation's parts)."""
    return "".join(n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str))


def driver_sql_offences(source: str, name: str = "<source>") -> list[str]:
    """Each use of exec_driver_sql in `source` that passes parameters, carries a placeholder character, or
    escapes the check (the method passed around other than by a plain alias that is then called)."""
    tree = ast.parse(source)
    aliases: set[str] = set()
    for node in ast.walk(tree):   # `sql = conn.exec_driver_sql`: calls of `sql` are checked the same
        if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Attribute)
                and node.value.attr == "exec_driver_sql"):
            aliases |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    called, offences = set(), []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        if not ((isinstance(f, ast.Attribute) and f.attr == "exec_driver_sql")
                or (isinstance(f, ast.Name) and f.id in aliases)):
            continue
        called.add(id(f))
        where = f"{name}:{node.lineno}"
        if len(node.args) != 1 or node.keywords:
            offences.append(f"{where}: exec_driver_sql with parameters")
        elif any(ch in _literal_text(node.args[0]) for ch in "?%"):
            offences.append(f"{where}: exec_driver_sql text with a '?' or '%'")
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "exec_driver_sql" and id(node) not in called:
            parent_is_alias = any(isinstance(a, ast.Assign) and a.value is node for a in ast.walk(tree))
            if not parent_is_alias:
                offences.append(f"{name}:{node.lineno}: exec_driver_sql used other than by a call")
    return offences


def test_no_exec_driver_sql_in_app_passes_parameters():
    offences = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        offences += driver_sql_offences(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert offences == []


def test_the_check_catches_parameters_placeholders_and_aliases():
    bad = {
        'conn.exec_driver_sql("SELECT id FROM meeting WHERE id = ?", (i,))': "with parameters",
        'conn.exec_driver_sql("INSERT INTO t VALUES (:a)", rows)': "with parameters",
        'conn.exec_driver_sql(f\'SELECT "{col}" FROM t WHERE id = ?\')': "'?' or '%'",
        "conn.exec_driver_sql(\"SELECT 1 WHERE 'a' LIKE '%a'\")": "'?' or '%'",
        'sql = conn.exec_driver_sql\nsql("DELETE FROM t WHERE id = ?", (1,))': "with parameters",
        'run(conn.exec_driver_sql)': "other than by a call",
    }
    for source, what in bad.items():
        found = driver_sql_offences(source)
        assert len(found) == 1 and what in found[0], (source, found)
    fine = ('conn.exec_driver_sql("PRAGMA user_version=5")\n'
            'conn.exec_driver_sql(f"PRAGMA application_id={APP}")\n'
            'sql = conn.exec_driver_sql\nsql("ANALYZE")\n'
            'conn.execute(text("SELECT id FROM meeting WHERE id = :id"), {"id": i})')
    assert driver_sql_offences(fine) == []
