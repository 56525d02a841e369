"""The bench runner's bookkeeping (no timing here: benchmarks run only under `make bench`)."""
from bench.__main__ import _rows, markdown, table
from bench.common import Row


def test_rows_of_any_shape_become_one_table_and_a_report():
    rows = _rows("search", [Row("query median", 4.25, "ms", "< 30", True),
                            {"metric": "ratio", "value": 1.7, "unit": "×", "target": "≤ 1.5", "ok": False},
                            ("peak memory", 0.13, "MB")])
    assert [r.bench for r in rows] == ["search"] * 3
    t = table(rows)
    assert t[1] == ["search", "query median", "4.25", "ms", "< 30", "yes"] and t[2][-1] == "NO"
    md = markdown(rows, {"search": "How it is measured."}, {"cpus (nproc)": "2"}, {"pdf": "Traceback: boom"})
    assert "- cpus (nproc): 2" in md and "| search | ratio | 1.7 | × | ≤ 1.5 | NO |" in md
    assert "## search\n\nHow it is measured." in md and "## pdf: FAILED" in md
