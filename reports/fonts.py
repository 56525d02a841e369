"""The bundled Vazirmatn font, registered once with reportlab under fixed names."""
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

import resources

FONT_DIR = Path(resources.__file__).resolve().parent / "fonts"
REGULAR = "Vazirmatn"
BOLD = "Vazirmatn-Bold"
_FILES = {REGULAR: "Vazirmatn-Regular.ttf", BOLD: "Vazirmatn-Bold.ttf"}


def register_fonts() -> None:
    """Idempotent: reportlab keeps a process-wide registry, so a second call is a dict lookup."""
    registered = pdfmetrics.getRegisteredFontNames()
    for name, file in _FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    if "Vazirmatn-Family" not in pdfmetrics.getRegisteredFontNames():
        from reportlab.lib.fonts import addMapping
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
