"""Dates and validity periods as carriers write them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
import re

from .found import Found

type DateValue = date | datetime

# Countries that write the month before the day in numeric dates.
MONTH_FIRST_COUNTRIES = frozenset(
    {"US", "PH", "FM", "MH", "PW", "GU", "PR", "AS", "VI"}
)

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "jan january janvier januar januari janeiro enero ene gennaio gen styczeń stycznia sty январь января янв január",
        "feb february février fevrier februar februari fevereiro fev febrero febbraio luty lutego lut февраль февраля фев február",
        "mar march mars märz maerz marzo março mar marca marzec мар март марта március",
        "apr april avril abril aprile abr kwiecień kwietnia kwi апрель апреля апр április",
        "may mai maj maio mayo maggio mag maja май мая május",
        "jun june juin juni junho junio giugno giu czerwiec czerwca cze июнь июня июн június",
        "jul july juillet juli julho julio luglio lug lipiec lipca lip июль июля июл július",
        "aug august août aout augusti agosto ago sierpień sierpnia sie авг август августа augusztus",
        "sep sept september septembre setembro septiembre set settembre wrzesień września wrz сен сентябрь сентября szeptember",
        "oct october octobre oktober outubro out octubre ottobre ott październik października paź окт октябрь октября október okt",
        "nov november novembre novembro noviembre listopad listopada lis ноя ноябрь ноября",
        "dec december décembre decembre dezember dezembro dez diciembre dic dicembre grudzień grudnia gru дек декабрь декабря",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number

_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_LETTER = r"A-Za-z\u00c0-\u024f\u0400-\u04ff"
_TIME = (
    r"(?:[ T,]+(?:at |um |à |alle |ore |o |в |kl\.? )?"
    r"(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?(?!\d))?"
)

_ISO_LIKE = re.compile(
    rf"(?<!\d)(?P<year>\d{{4}})\s?(?P<sep>[-/.])\s?(?P<month>\d{{1,2}})\s?(?P=sep)\s?(?P<day>\d{{1,2}})(?!\d){_TIME}"
)
_CHINESE = re.compile(
    rf"(?P<year>\d{{4}})年(?P<month>\d{{1,2}})月(?P<day>\d{{1,2}})[日号]?{_TIME}"
)
_NUMERIC = re.compile(
    rf"(?<![\d.,/-])(?P<first>\d{{1,2}})(?P<sep>[./-])(?P<second_part>\d{{1,2}})(?P=sep)(?P<year>\d{{4}}|\d{{2}})(?![\d]|[.,/-]\d){_TIME}"
)
_DAY_MONTH_NAME = re.compile(
    rf"(?<!\d)(?P<day>\d{{1,2}})(?:st|nd|rd|th|er|\.)?[\s-]*(?:de\s+)?(?i:(?P<month>{_MONTH_NAMES}))(?![{_LETTER}])\.?[\s,-]*(?:de\s+)?(?P<year>\d{{4}})(?!\d){_TIME}"
)
_MONTH_NAME_DAY = re.compile(
    rf"(?<![{_LETTER}])(?i:(?P<month>{_MONTH_NAMES}))(?![{_LETTER}])\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})(?!\d){_TIME}"
)
_YEAR_MONTH_NAME = re.compile(
    rf"(?<!\d)(?P<year>\d{{4}})\.?\s+(?i:(?P<month>{_MONTH_NAMES}))(?![{_LETTER}])\.?\s+(?P<day>\d{{1,2}})(?!\d){_TIME}"
)
# Every form but d/m/yy carries a four-digit year: without one, they are skipped.
_FOUR_DIGIT_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_FOUR_DIGIT_YEAR_FORMS = (
    _ISO_LIKE,
    _CHINESE,
    _DAY_MONTH_NAME,
    _MONTH_NAME_DAY,
    _YEAR_MONTH_NAME,
)
_CLOCK_TIME = re.compile(r"(?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\d:])")


def day_first_for(country: str | None) -> bool | None:
    """Return whether ``country`` writes the day first, None when unknown."""
    if country is None:
        return None
    return country.upper() not in MONTH_FIRST_COUNTRIES


def find_dates(text: str, *, day_first: bool | None = None) -> list[Found[DateValue]]:
    """Find every calendar date in ``text``, with its time of day when given.

    Args:
        text: the message.
        day_first: how to read ``03/04/2026``; None lets an unambiguous date in
            the same text decide, and otherwise reads the day first.
    """
    found: list[Found[DateValue]] = []
    if _FOUR_DIGIT_YEAR.search(text):
        for pattern in _FOUR_DIGIT_YEAR_FORMS:
            found.extend(_named_or_ordered_dates(pattern, text, found))
    numeric = [match for match in _NUMERIC.finditer(text) if not _taken(match, found)]
    order = day_first if day_first is not None else _order_shown_by(numeric)
    for match in numeric:
        value = _numeric_date(match, day_first=order is not False)
        if value is not None:
            found.append(Found(match.start(), match.end(), value))
    return sorted(found, key=lambda item: item.start)


def find_clock_times(text: str) -> list[Found[None]]:
    """Find times of day (``23:59``) that stand on their own."""
    return [
        Found(match.start(), match.end(), None) for match in _CLOCK_TIME.finditer(text)
    ]


def _taken(match: re.Match[str], found: list[Found[DateValue]]) -> bool:
    return any(item.overlaps(match.start(), match.end()) for item in found)


def _named_or_ordered_dates(
    pattern: re.Pattern[str], text: str, found: list[Found[DateValue]]
) -> Iterator[Found[DateValue]]:
    for match in pattern.finditer(text):
        if _taken(match, found):
            continue
        month = _month_number(match["month"])
        value = _build(int(match["year"]), month, int(match["day"]), match)
        if value is not None:
            yield Found(match.start(), match.end(), value)


def _month_number(raw: str) -> int:
    return int(raw) if raw.isdigit() else _MONTHS[raw.lower()]


def _order_shown_by(matches: list[re.Match[str]]) -> bool | None:
    """Return the order an unambiguous date in the text shows, if any."""
    for match in matches:
        first, second = int(match["first"]), int(match["second_part"])
        if first > 12 >= second:
            return True
        if second > 12 >= first:
            return False
    return None


def _numeric_date(match: re.Match[str], *, day_first: bool) -> DateValue | None:
    first, second = int(match["first"]), int(match["second_part"])
    day, month = (first, second) if day_first else (second, first)
    if month > 12 >= day:
        day, month = month, day
    return _build(_full_year(match["year"]), month, day, match)


def _full_year(raw: str) -> int:
    return int(raw) if len(raw) == 4 else 2000 + int(raw)


def _build(year: int, month: int, day: int, match: re.Match[str]) -> DateValue | None:
    try:
        if match["hour"] is None:
            return date(year, month, day)
        # Carriers state local time without a zone: the value stays naive.
        return datetime(  # noqa: DTZ001
            year,
            month,
            day,
            int(match["hour"]),
            int(match["minute"]),
            int(match["second"] or 0),
        )
    except ValueError:
        return None


_DURATION_UNITS: dict[str, timedelta] = {}
for _unit, _names in (
    (
        timedelta(days=1),
        "day days d día días dia dias jour jours tag tage tagen giorno giorni dzień dni doba dób дня дней день суток сутки dag dagar nap napig napra 天 日",
    ),
    (
        timedelta(hours=1),
        "hour hours hrs hr h hora horas heure heures stunde stunden ora ore godzina godzin godziny час часа часов timme timmar óra órán órára 小时",
    ),
    (
        timedelta(weeks=1),
        "week weeks semana semanas semaine semaines woche wochen settimana settimane tydzień tygodnie tygodni неделя недели недель vecka veckor hét hétig 周 星期",
    ),
):
    for _name in _names.split():
        _DURATION_UNITS[_name] = _unit

_DURATION = re.compile(
    rf"(?<![\d.,])(?P<count>\d{{1,3}})\s?(?i:(?P<unit>{'|'.join(sorted(_DURATION_UNITS, key=len, reverse=True))}))(?![{_LETTER}])"
)


def find_durations(text: str) -> list[Found[timedelta]]:
    """Find every period such as ``7 days``, ``30 días``, ``24 часа``, ``3天``."""
    return [
        Found(
            match.start(),
            match.end(),
            int(match["count"]) * _DURATION_UNITS[match["unit"].lower()],
        )
        for match in _DURATION.finditer(text)
    ]
