"""Issue 26: the per-body chart, read back from the PDF: one bar per body and series in the series'
colour, each as long as its figure on the chart's scale, the names and the legend in the text layer;
`dabir stats --chart`, the follow-up report opening with it, and a chart longer than a page."""
import pdfplumber
from reportlab.lib import colors

from app.domain.jalali import parse_date as J
from app.services.files import open_database
from app.services.stats import BodyStats
from reports import chart
from tests.app.services.test_stats import EXPECTED, build
from tests.reports.extractors import expected, pdftotext, searchable

FIELDS = ("total", "done", "done_on_time", "cancelled", "open", "overdue")


def _rgb(hex_colour: str) -> tuple:
    c = colors.HexColor(hex_colour)
    return (round(c.red, 3), round(c.green, 3), round(c.blue, 3))


def bars(pdf) -> dict[str, list[list]]:
    """Per series, its bars on each page as [x0, x1, top], read from the PDF's filled rectangles."""
    by_colour = {_rgb(colour): key for key, _, colour in chart.SERIES}
    out = {key: [] for key, _, _ in chart.SERIES}
    with pdfplumber.open(pdf) as doc:
        for n, page in enumerate(doc.pages):
            for r in page.rects:
                colour = r.get("non_stroking_color")
                key = by_colour.get(tuple(round(v, 3) for v in colour)) if isinstance(colour, (list, tuple)) \
                    and len(colour) == 3 else None
                if key and abs(r["height"] - chart.BAR_H) < 0.01:     # not the legend's 8×8 swatches
                    out[key].append([n, r["x0"], r["x1"], r["top"], r["width"]])
    for v in out.values():
        v.sort(key=lambda b: (b[0], b[3]))
    return out


def _stats_file(tmp_path):
    path = tmp_path / "stats.dabir"
    db = open_database(path, create=True)
    with db.session() as s:
        build(s)
    db.close()
    return path


def _check_bars(found: dict, figures: dict[str, tuple]) -> None:
    """One bar per body and series, top to bottom in the bodies' order, lengths in proportion."""
    names = list(figures)
    top = chart.scale_max([BodyStats(n, **dict(zip(FIELDS, f))) for n, f in figures.items()])
    for key, _, _ in chart.SERIES:
        rows = found[key]
        assert len(rows) == len(names), (key, found[key])
        values = [figures[n][FIELDS.index(key)] for n in names]
        unit = max(r[4] for r in rows) / max(values) if max(values) else None
        right = {round(r[2], 1) for r in rows}
        assert len(right) == 1                      # every bar grows leftwards from one line
        for r, v in zip(rows, values):
            assert abs(r[4] - (unit or 0) * v) < 0.01, (key, r, v)
    # one scale for all: a figure of `top` would span the whole plot
    assert top >= max(max(f[1], f[4], f[5]) for f in figures.values())


def test_stats_chart_bars_and_labels(cli, tmp_path):
    path = _stats_file(tmp_path)
    out = tmp_path / "chart.pdf"
    r = cli("stats", "--db", path, "--committee", "کمیته آب", "--as-of", "1405/06/01", "--chart", out)
    assert r.returncode == 0, r.stderr
    _check_bars(bars(out), EXPECTED)
    text = searchable(pdftotext(out))
    for s in ["پیشرفت مصوبات به تفکیک دستگاه", "انجام‌شده", "معوق", "استانداری", "جهاد کشاورزی",
              "وضعیت در تاریخ ۱۴۰۵/۰۶/۰۱", "کمیته آب"]:
        assert expected(s) in text, s
    # widths against the figures themselves: استانداری's done bar (2) is twice its overdue bar (1)
    b = bars(out)
    assert abs(b["done"][0][4] - 2 * b["overdue"][0][4]) < 0.01


def test_follow_up_report_opens_with_the_chart(cli, tmp_path):
    path = _stats_file(tmp_path)
    out = tmp_path / "report.pdf"
    r = cli("report", "--db", path, "--committee", "کمیته آب", "--status", "all", "-o", out)
    assert r.returncode == 0, r.stderr
    found = bars(out)
    assert all(len(found[key]) == len(EXPECTED) and {b[0] for b in found[key]} == {0}
               for key, _, _ in chart.SERIES)
    with pdfplumber.open(out) as doc:
        first = searchable(doc.pages[0].extract_text() or "")
    assert first  # the first page has a text layer (the chart's labels are checked above with poppler)
    assert expected("پیشرفت مصوبات به تفکیک دستگاه") in searchable(pdftotext(out))


def test_a_long_chart_runs_over_pages_on_one_scale(tmp_path):
    rows = [BodyStats(f"دستگاه شماره {i}", total=i + 3, done=i, open=3, overdue=i % 3) for i in range(1, 61)]
    out = tmp_path / "long.pdf"
    with open(out, "wb") as f:
        chart.render_stats(rows, f, J("1405/06/01"))
    found = bars(out)
    for key, _, _ in chart.SERIES:
        assert len(found[key]) == 60 and len({b[0] for b in found[key]}) >= 2      # a bar per body
    done = found["done"]
    unit = done[0][4] / 1
    assert all(abs(b[4] - unit * v) < 0.01 for b, v in zip(done, range(1, 61)))   # same scale on every page


def test_stats_chart_is_registered_and_verified(cli, tmp_path):
    """`stats --chart` issues a PDF like every other output: its exact bytes are entered in the
    register of issued documents, so `dabir verify` accepts it and refuses a changed copy. The figures
    alone still leave the file byte-identical."""
    from app.services import issued
    from app.services.files import open_database
    path = _stats_file(tmp_path)
    before = path.read_bytes()
    assert cli("stats", "--db", path, "--json").returncode == 0
    assert path.read_bytes() == before                   # no chart: read only
    out = tmp_path / "chart.pdf"
    r = cli("stats", "--db", path, "--as-of", "1405/06/01", "--chart", out)
    assert r.returncode == 0, r.stderr
    db = open_database(path)
    try:
        with db.session() as s:
            entry = issued.find_issued(s, issued.file_sha256(out))
    finally:
        db.close()
    assert entry is not None and entry.kind == "chart" and entry.meeting_id is None
    v = cli("verify", "--db", path, out)
    assert v.returncode == 0 and "register of issued documents" in v.stdout, v.stdout + v.stderr
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(out.read_bytes().replace(b"/Producer", b"/Producex"))
    assert cli("verify", "--db", path, changed).returncode == 2
    # a chart that cannot be written (no such folder) registers nothing and exits 2 with one line
    bad = cli("stats", "--db", path, "--chart", tmp_path / "nowhere" / "c.pdf")
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1 and "Traceback" not in bad.stderr
