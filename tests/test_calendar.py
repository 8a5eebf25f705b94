"""Periods on the official PRC calendar, counted as the 《民法典》 says (第二百零一条 至 第二百零三条)."""

from __future__ import annotations

from datetime import date

import pytest

from govproj.calendar import WorkCalendar, add_months, from_dossier

cal = WorkCalendar()


@pytest.mark.parametrize("start,n,unit,due", [
    # 2 个工作日跨周末：周五签订 → 下周二（起算日不计）
    (date(2026, 3, 6), 2, "working_days", date(2026, 3, 10)),
    # 国庆：9-30 后 1 个工作日是 10-8；10-10（周六）调休上班
    (date(2026, 9, 30), 1, "working_days", date(2026, 10, 8)),
    (date(2026, 10, 9), 1, "working_days", date(2026, 10, 10)),
    # 春节 2026：2-14（周六）调休上班，2-15…2-23 放假
    (date(2026, 2, 13), 1, "working_days", date(2026, 2, 14)),
    (date(2026, 2, 14), 1, "working_days", date(2026, 2, 24)),
    # 日：最后一日是休息日的顺延（第二百零三条）；30 日后是周六 → 周一
    (date(2026, 5, 8), 30, "days", date(2026, 6, 8)),
    # 月：对应日；无对应日取月末（第二百零二条），再顺延
    (date(2026, 8, 31), 6, "months", date(2027, 3, 1)),   # 2027-02-28 是周日
    (date(2025, 8, 29), 6, "months", date(2026, 2, 28)),  # 2026-02-28 周六是调休工作日，不顺延
    (date(2024, 1, 31), 1, "months", date(2024, 2, 29)),  # 闰年月末
    (date(2025, 3, 31), 1, "months", date(2025, 4, 30)),
    (date(2024, 5, 24), 2, "years", date(2026, 5, 25)),   # 2026-05-24 是周日
])
def test_periods(start, n, unit, due):
    assert cal.add(start, n, unit).date == due


def test_make_up_working_day_counts_as_working():
    assert cal.is_workday(date(2026, 2, 28)) and not cal.is_workday(date(2026, 2, 20))


def test_month_ends():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 12, 31), 2) == date(2027, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_a_year_without_official_data_is_flagged():
    due = WorkCalendar().add(date(2026, 12, 30), 5, "working_days")
    assert due.provisional_years == {2027}
    # the statutory 元旦 holiday (holidays 库推算) is still skipped: 12-31, 1-4, 1-5, 1-6, 1-7
    assert due.date == date(2027, 1, 7)
    assert WorkCalendar().add(date(2026, 3, 2), 5, "working_days").provisional_years == set()
    assert not WorkCalendar().is_official_year(2027) and WorkCalendar().is_official_year(2026)


def test_dossier_calendar_supplies_a_missing_year():
    c = from_dossier({"years": {"2027": {"source": "国办发明电〔2026〕X号", "holidays": [date(2027, 1, 1), date(2027, 1, 4)],
                                         "workdays": [date(2027, 1, 9)]}}})
    assert c.is_official_year(2027)
    assert not c.is_workday(date(2027, 1, 4)) and c.is_workday(date(2027, 1, 9))
    due = c.add(date(2026, 12, 30), 3, "working_days")
    assert due.provisional_years == set() and due.date == date(2027, 1, 6)


def test_statutory_holiday_windows_hold_every_holiday_the_library_knows():
    """The library is imported only for weekdays inside the windows: none of its holidays is outside."""
    import holidays

    from govproj.calendar import _may_be_statutory

    outside = [d for y in range(2027, 2101) for d in holidays.China(years=y) if d.weekday() < 5 and not _may_be_statutory(d)]
    assert outside == []


def test_a_period_past_9999_has_no_last_day():
    """An absurd --as-of (9999-12-31) as the start of a period: a Chinese BeyondCalendar, never a
    bare ValueError or OverflowError (fuzz case 9408: accept --as-of 9999-12-31)."""
    from govproj.calendar import BeyondCalendar

    cal = WorkCalendar()
    for unit in ("working_days", "days", "months", "years"):
        with pytest.raises(BeyondCalendar, match="9999-12-31"):
            cal.add(date(9999, 12, 31), 3, unit)


def test_accept_and_estimate_on_the_last_day_of_the_calendar(sample, cli):
    for command in (["accept", str(sample), "--no-render"], ["estimate", str(sample)], ["check", str(sample)]):
        code, out = cli(*command, "--as-of", "9999-12-31")[:2]
        assert code in (0, 1), (command, out)
