"""Working days and periods on the official PRC calendar, counted as the 《民法典》 says.

* Working days follow the 国务院办公厅 holiday schedule including 调休 make-up working days,
  from the ``chinese_calendar`` library (official data 2004–2026 in 1.11).
* A year the library does not know yet can be supplied by the dossier's ``calendar.yaml``
  (the published schedule). Otherwise the year is *provisional*: weekends plus the statutory
  holidays of 《全国年节及纪念日放假办法》 as computed by the ``holidays`` library, without
  调休 — and every result that depends on such a year says so (``Due.provisional_years``).
* 《民法典》第二百零一条: the day a period starts is not counted. 第二百零二条: a period in
  months or years ends on the corresponding day of the last month, or its last day when
  there is no such day. 第二百零三条: a period whose last day is a statutory holiday ends on
  the next working day.
"""

from __future__ import annotations

import calendar as _cal
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

UNITS = {"working_days": "个工作日", "days": "日", "months": "个月", "years": "年"}


@dataclass(slots=True)
class Due:
    date: date
    provisional_years: set[int] = field(default_factory=set)


class WorkCalendar:
    """Working-day calendar; ``overrides`` maps a year to ``(holidays, workdays)`` sets."""

    def __init__(self, overrides: dict[int, tuple[set[date], set[date]]] | None = None):
        self.overrides = overrides or {}
        self.provisional_used: set[int] = set()

    def is_workday(self, d: date) -> bool:
        if d.year in self.overrides:
            holidays, workdays = self.overrides[d.year]
            if d in workdays:
                return True
            if d in holidays:
                return False
            return d.weekday() < 5
        official = _official(d)
        if official is not None:
            return official
        self.provisional_used.add(d.year)
        if d.weekday() >= 5:
            return False
        return not (_may_be_statutory(d) and d in _statutory_holidays(d.year))

    def is_official_year(self, year: int) -> bool:
        return year in self.overrides or _official(date(year, 6, 1)) is not None

    def next_workday(self, d: date) -> date:
        while not self.is_workday(d):
            d += timedelta(days=1)
        return d

    def add(self, start: date, value: int, unit: str) -> Due:
        """The last day of a period of ``value`` ``unit`` that starts on ``start``. Raises
        ``BeyondCalendar`` when that day would fall after 9999-12-31 (only an absurd ``--as-of``
        leads there: such a period has no last day that can be named)."""
        try:
            return self._add(start, value, unit)
        except (OverflowError, ValueError) as exc:
            if unit not in UNITS:
                raise
            raise BeyondCalendar(f"{start.isoformat()} 起 {value} {unit} 超出公历日期的上限 9999-12-31") from exc

    def _add(self, start: date, value: int, unit: str) -> Due:
        before = set(self.provisional_used)
        self.provisional_used = set()
        if unit == "working_days":
            d = start
            counted = 0
            while counted < value:  # the start day itself is not counted
                d += timedelta(days=1)
                if self.is_workday(d):
                    counted += 1
            end = d
        elif unit == "days":
            end = self.next_workday(start + timedelta(days=value))
        elif unit in ("months", "years"):
            months = value * (12 if unit == "years" else 1)
            end = self.next_workday(add_months(start, months))
        else:
            raise ValueError(f"unknown unit {unit}")
        used = self.provisional_used
        self.provisional_used = before | used
        return Due(end, used)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when end ≤ start)."""
        n = 0
        d = start
        while d < end:
            d += timedelta(days=1)
            if self.is_workday(d):
                n += 1
        return n


class BeyondCalendar(ValueError):
    """A period whose last day would fall after 9999-12-31."""


def add_months(d: date, months: int) -> date:
    """《民法典》第二百零二条: the corresponding day, or the month's last day when there is none."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, _cal.monthrange(year, month)[1]))


def _official(d: date) -> bool | None:
    """Working day on the official calendar, or None for a year the library has no data for
    (asked without letting it raise: a deadline past its data visits hundreds of such days)."""
    if d.year not in _official_years():
        return None
    return _official_day(d)


@lru_cache(maxsize=4096)
def _official_day(d: date) -> bool:
    import chinese_calendar

    return chinese_calendar.is_workday(d)


@lru_cache(maxsize=1)
def _official_years() -> range:
    import chinese_calendar

    years = [d.year for d in chinese_calendar.holidays]
    return range(min(years), max(years) + 1)


# 《全国年节及纪念日放假办法》第二条: 元旦, 春节 (除夕–初三), 清明节, 劳动节, 端午节, 中秋节, 国庆节.
# Month-day windows that hold every possible date of them (the lunar festivals' earliest and latest
# Gregorian dates) plus the ``holidays`` library's observed days; a weekday outside them is never
# a statutory holiday, so the library (about 65 ms to import) is loaded only when it can matter.
_HOLIDAY_WINDOWS = ((101, 228), (401, 410), (428, 508), (525, 701), (905, 1012))


def _may_be_statutory(d: date) -> bool:
    md = d.month * 100 + d.day
    return any(lo <= md <= hi for lo, hi in _HOLIDAY_WINDOWS)


@lru_cache(maxsize=16)
def _statutory_holidays(year: int) -> frozenset[date]:
    import holidays

    return frozenset(holidays.China(years=year).keys())


def from_dossier(calendar_data: dict | None) -> WorkCalendar:
    """A calendar with the years a dossier's ``calendar.yaml`` supplies."""
    overrides = {}
    for year, spec in (calendar_data or {}).get("years", {}).items():
        overrides[int(year)] = (set(spec.get("holidays", [])), set(spec.get("workdays", [])))
    return WorkCalendar(overrides)


def describe_limit(value: int, unit: str) -> str:
    return f"{value} {UNITS.get(unit, unit)}"
