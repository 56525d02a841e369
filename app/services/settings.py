"""Per-file settings: the letterhead, this office's name, the secretary's name."""
import base64

from sqlalchemy.orm import Session

from app.domain.errors import ValidationError
from app.storage.models import Setting

from ._rows import live, optional_text
from .directory import PNG_MAGIC
from .dto import Changes, SettingsDTO

_KEYS = {"office_name": "office.name", "letterhead_org": "letterhead.org",
         "letterhead_title": "letterhead.title", "logo_png": "letterhead.logo", "secretary_name": "secretary.name"}
_OFFICE_ID = "office.id"


def _values(s: Session) -> dict[str, str | None]:
    return {r.key: r.value for r in s.scalars(live(Setting))}


def get_settings(s: Session) -> SettingsDTO:
    v = _values(s)
    logo = v.get(_KEYS["logo_png"])
    return SettingsDTO(office_id=v.get(_OFFICE_ID), office_name=v.get(_KEYS["office_name"]),
                       letterhead_org=v.get(_KEYS["letterhead_org"]),
                       letterhead_title=v.get(_KEYS["letterhead_title"]),
                       logo_png=base64.b64decode(logo) if logo else None,
                       secretary_name=v.get(_KEYS["secretary_name"]))


def update_settings(s: Session, **fields) -> Changes:
    """Set any of office_name, letterhead_org, letterhead_title, logo_png (PNG bytes), secretary_name.
    None clears a value."""
    unknown = set(fields) - set(_KEYS)
    if unknown:
        raise ValidationError(", ".join(sorted(unknown)), "تنظیم ناشناخته", "unknown setting")
    rows = {r.key: r for r in s.scalars(live(Setting))}
    for name, value in fields.items():
        if name == "logo_png":
            if value is not None and not value.startswith(PNG_MAGIC):
                raise ValidationError("logo", "نشان باید تصویر PNG باشد", "logo must be a PNG image")
            value = base64.b64encode(value).decode() if value else None
        else:
            value = optional_text(value)
        key = _KEYS[name]
        if key in rows:
            if rows[key].value != value:
                rows[key].value = value
        else:
            s.add(Setting(key=key, value=value))
    s.flush()
    return Changes(frozenset({"setting"}), ())
