"""Dates, numbers and percentages as people read them in the page's language (Flemish
Dutch: "1 juni 2025, 02:00", "1.234,5", "12,5 %"), in Brussels time, with Babel (CLDR)
rather than hand-made formats. Registered as Jinja filters by ``api.pages.rendering``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

BRUSSELS = ZoneInfo("Europe/Brussels")
LOCALES = {"nl": "nl_BE", "en": "en_GB"}


def _locale(lang: str) -> str:
    return LOCALES.get(str(lang), "nl_BE")


def as_moment(value: datetime | str | None) -> datetime | None:
    """An ISO text ("Z" allowed) or a datetime as an aware datetime; None for nothing."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def when(value: datetime | str | None, lang: str) -> str:
    """A moment to the minute, in Brussels time: "1 juni 2025 om 02:00"."""
    moment = as_moment(value)
    if moment is None:
        return ""
    return format_datetime(moment, "d MMMM y, HH:mm", tzinfo=BRUSSELS, locale=_locale(lang))


def day(value: date | datetime | str | None, lang: str) -> str:
    """A day: "1 juni 2025" (a moment is read in Brussels time)."""
    if isinstance(value, str) and len(value) == 10:
        value = date.fromisoformat(value)
    elif not isinstance(value, date) or isinstance(value, datetime):
        moment = as_moment(value)
        if moment is None:
            return ""
        value = moment.astimezone(BRUSSELS).date()
    return format_date(value, "d MMMM y", locale=_locale(lang))


def number(value: float | int | None, lang: str, digits: int = 1) -> str:
    """A number with the language's separators: "1.234,5" in Dutch."""
    if value is None:
        return "—"
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=_locale(lang))


def percent(value: float | None, lang: str) -> str:
    """A share as a percentage: "12,5 %" in Dutch."""
    if value is None:
        return "—"
    return format_percent(value, format="#,##0.#\u00a0%", locale=_locale(lang))
