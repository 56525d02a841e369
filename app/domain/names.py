"""Names are values, not lists (issue 25): splitting a field or a cell that names several people or
organisations without cutting a name that itself holds «،», as «سازمان صنعت، معدن و تجارت» does.

One rule for every road in: the window's parties field (ui/widgets/pickers) and a tracker's cell
(app/services/tracker_import) differ only in what always separates names."""
import re

from app.domain.persian import name_key, normalize_input

COMMA = "، "
COMMAS = re.compile(r"\s*[،,]\s*")          # inside a name too: «سازمان صنعت، معدن و تجارت»
LIST_BREAKS = re.compile(r"\s*[;؛]\s*")     # only between names


def split_names(text: str, known: list[str], breaks: re.Pattern = LIST_BREAKS) -> list[str]:
    """The names in `text`. `breaks` always separates; «،» separates only where the pieces on each
    side are known names. A known name that itself contains «،» is matched whole (longest first), and
    a run of unknown pieces stays one name as typed, so «سازمان صنعت، معدن و تجارت» is one name, known
    or new."""
    keys = {comma_key(n) for n in known}
    out: list[str] = []
    for chunk in breaks.split(text or ""):
        pieces = COMMAS.split(chunk)
        unknown: list[str] = []
        i = 0
        while i < len(pieces):
            j = next((j for j in range(len(pieces), i, -1)
                      if comma_key(COMMA.join(pieces[i:j])) in keys), None)
            if j is None:
                unknown.append(pieces[i])
                i += 1
                continue
            if unknown:
                out.append(COMMA.join(unknown))
                unknown = []
            out.append(COMMA.join(pieces[i:j]))
            i = j
        if unknown:
            out.append(COMMA.join(unknown))
    return [n for n in (normalize_input(x.strip(" ،,")) for x in out) if n]


def comma_key(name: str) -> str:
    """The name key with every comma written one way, so «الف,ب» and «الف، ب» are one name."""
    return name_key(COMMAS.sub(COMMA, name or "").strip(" ،,"))
