"""German formats for everything the UI and exports show. Pure.

One place decides how a number, a date or a time looks, so a table, a chart's tooltip, the PDF
and a CSV say the same thing in the same way:

- Times: Europe/Berlin, "09.03.2026, 13:01 Uhr"; dates "09.03.2026"; months "März 2026".
- Decimal comma and thousands point (Babel, locale ``de_DE``): "1.234,5".
- Precision (:data:`SCORE_DECIMALS`, :data:`EXPORT_DECIMALS`): values on the 0–100 scale are
  whole numbers on screen and in the PDF. One rating step of one statement moves a criterion
  by 5 points, and a group mean by less than its uncertainty: a decimal would only pretend
  precision. Files that people compute with (CSV, Excel) keep one decimal of group means.
  Counts and percentages are always whole numbers.

Charts get the same rules through :data:`VEGA_LOCALE` (the d3 locale of Vega): counts use the
d3 format "d" (whole numbers only), months :data:`MONTH_FORMAT`.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal
from numbers import Real
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_decimal

BERLIN = ZoneInfo("Europe/Berlin")
LOCALE = "de_DE"
MISSING = "–"

SCORE_DECIMALS = 0
"""Decimals of 0–100 values (scores, means, quartiles, changes) on screen and in the PDF."""
EXPORT_DECIMALS = 1
"""Decimals of group means in CSV and Excel files."""

MONTH_FORMAT = "%b %Y"
"""d3 time format of a month on an axis ("Mär 2026")."""
MONTH_LONG_FORMAT = "%B %Y"

_MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
_SHORT_MONTHS = (
    "Jan",
    "Feb",
    "Mär",
    "Apr",
    "Mai",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Okt",
    "Nov",
    "Dez",
)
_DAYS = ("Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag")

VEGA_LOCALE: dict[str, Any] = {
    "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", "\u00a0€"]},
    "time": {
        "dateTime": "%A, %e. %B %Y, %H:%M Uhr",
        "date": "%d.%m.%Y",
        "time": "%H:%M",
        "periods": ["", ""],
        "days": list(_DAYS),
        "shortDays": [d[:2] for d in _DAYS],
        "months": list(_MONTHS),
        "shortMonths": list(_SHORT_MONTHS),
    },
}
"""German number and time locale for Vega (``config.locale`` of a Vega-Lite spec)."""


def _aware(value: dt.datetime) -> dt.datetime:
    """Stored times are naive UTC; aware times are taken as they are."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def local_time(value: dt.datetime) -> str:
    """A stored time (naive UTC) in German local time, e.g. '09.03.2026, 13:01 Uhr'."""
    return _aware(value).astimezone(BERLIN).strftime("%d.%m.%Y, %H:%M Uhr")


def local_date(value: dt.date | dt.datetime) -> str:
    """A date, e.g. '09.03.2026'; a stored time (naive UTC) counts on its Berlin day."""
    if isinstance(value, dt.datetime):
        value = _aware(value).astimezone(BERLIN).date()
    return value.strftime("%d.%m.%Y")


def month_name(value: dt.date | dt.datetime) -> str:
    """A month in words, e.g. 'März 2026'."""
    return format_date(value, "MMMM yyyy", locale=LOCALE)


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, pd.NA (raises TypeError)
    except TypeError:
        return True


def rounded(value: float, decimals: int = 0) -> Decimal:
    """``value`` rounded half up, as people round (76,65 → 76,7; Python's round() gives 76,6)."""
    quantum = Decimal(1).scaleb(-decimals)
    result = Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)
    return result if result != 0 else abs(result)  # no "-0"


def number(value: Any, decimals: int = 1, *, missing: str = MISSING) -> str:
    """A number with decimal comma and thousands point, e.g. '1.234,5'; ``missing`` for None/NaN."""
    if _missing(value):
        return missing
    if not isinstance(value, Real | Decimal) or math.isinf(float(value)):
        return str(value)
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(rounded(float(value), decimals), format=pattern, locale=LOCALE)


def score(value: Any, *, missing: str = MISSING) -> str:
    """A 0–100 value as shown on screen and in the PDF: '82'."""
    return number(value, SCORE_DECIMALS, missing=missing)


def signed(value: Any, decimals: int = SCORE_DECIMALS, *, missing: str = MISSING) -> str:
    """A change with its sign: '+12', '−5' (typographic minus), '±0'."""
    if _missing(value):
        return missing
    amount = rounded(float(value), decimals)
    if amount == 0:
        return "±" + number(0, decimals)
    return ("+" if amount > 0 else "\u2212") + number(abs(amount), decimals)


def count(value: Any, *, missing: str = MISSING) -> str:
    """A count: '1.234' (never a decimal)."""
    if _missing(value):
        return missing
    return format_decimal(int(value), format="#,##0", locale=LOCALE)


def yes_no(value: Any) -> str:
    """A truth value in words (exports and tables never say True/False)."""
    if _missing(value):
        return MISSING
    return "ja" if bool(value) else "nein"


def plural(n: int, singular: str, plural_form: str) -> str:
    """'1 Kriterium', '4 Kriterien' (the number formatted as a count)."""
    return f"{count(n)} {singular if n == 1 else plural_form}"
