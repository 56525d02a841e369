"""Render resources/icons/dabir.svg into the PNGs (window icon, Linux menus) and the Windows .ico.

`make icons` runs it; the renders are committed, so building Dabir never needs it. It uses Qt's own
SVG renderer (PySide6, already a dependency) and Pillow (reportlab's dependency) for the .ico.
"""
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(svg: Path = ICONS / "dabir.svg", out: Path = ICONS) -> list[Path]:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer
    app = QGuiApplication.instance() or QGuiApplication(["render_icon", "-platform", "offscreen"])  # noqa: F841
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"not a valid SVG: {svg}")
    written = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = out / f"dabir-{size}.png"
        image.save(str(path), "PNG")
        written.append(path)
    from PIL import Image
    ico = out / "dabir.ico"
    Image.open(out / "dabir-256.png").save(ico, sizes=[(s, s) for s in SIZES])
    return written + [ico]


if __name__ == "__main__":
    for p in render(*(Path(a) for a in sys.argv[1:])):
        print(p)
