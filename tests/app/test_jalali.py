import datetime as dt

import pytest

from app.domain import jalali
from app.domain.errors import ValidationError


@pytest.mark.parametrize("text", ["1405/01/01", "۱۴۰۵/۰۱/۰۱", "١٤٠٥/٠١/٠١", "1405-1-1", " ۱۴۰۵/1/۰۱ "])
def test_nowruz_1405_in_any_digits(text):
    assert jalali.parse_date(text) == dt.date(2026, 3, 21)


def test_5_azar_1405_is_thursday_26_november_2026():
    day = jalali.parse_date("۱۴۰۵/۰۹/۰۵")
    assert day == dt.date(2026, 11, 26)
    assert day.weekday() == 3  # Python: Thursday
    assert jalali.weekday_name(day) == "پنج\u200cشنبه"
    assert jalali.format_date(day) == "۱۴۰۵/۰۹/۰۵"
    assert jalali.format_date(day, persian_digits=False) == "1405/09/05"
    assert jalali.format_long(day) == "پنج\u200cشنبه ۵ آذر ۱۴۰۵"


def test_friday_is_the_weekend():
    assert jalali.is_weekend(dt.date(2026, 11, 27))
    assert not jalali.is_weekend(dt.date(2026, 11, 28))  # Saturday is a working day in Iran
    assert not jalali.is_weekend(dt.date(2026, 11, 29))


def test_leap_years():
    assert jalali.parse_date("1403/12/30") == dt.date(2025, 3, 20)
    assert jalali.format_date(jalali.parse_date("1405/12/29")) == "۱۴۰۵/۱۲/۲۹"
    with pytest.raises(ValidationError, match="does not exist"):
        jalali.parse_date("1404/12/30")


@pytest.mark.parametrize("bad", ["", "1405/13/01", "1405/00/10", "1405/07/31", "14050905", "yesterday", "1405/9"])
def test_invalid_dates_name_the_field(bad):
    with pytest.raises(ValidationError) as e:
        jalali.parse_date(bad, "meeting.date")
    assert e.value.field == "meeting.date"
    assert "meeting.date" in e.value.en and "meeting.date" in e.value.fa


def test_times():
    assert jalali.parse_time("۱۰:۳۰") == "10:30"
    assert jalali.parse_time("9:05") == "09:05"
    for bad in ("25:00", "10:7", "ده"):
        with pytest.raises(ValidationError):
            jalali.parse_time(bad)


def test_round_trip_every_day_of_two_years():
    day = dt.date(2024, 3, 1)
    for _ in range(800):
        assert jalali.parse_date(jalali.format_date(day)) == day
        day += dt.timedelta(days=1)


def test_years_outside_1300_to_1500_are_refused_with_the_gregorian_reading():
    with pytest.raises(ValidationError) as e:
        jalali.parse_date("2026-11-11", "meeting.date")
    assert "in Jalali it is 1405/08/20" in e.value.en and "۱۴۰۵/۰۸/۲۰" in e.value.fa
    for bad in ("1299/12/29", "1501/01/01", "9999/01/01"):
        with pytest.raises(ValidationError, match="between 1300 and 1500") as e:
            jalali.parse_date(bad)
        assert "Gregorian" not in e.value.en
    assert jalali.parse_date("1300/01/01") == dt.date(1921, 3, 21)
    assert jalali.check_range(dt.date(2026, 1, 1)) == dt.date(2026, 1, 1)
    with pytest.raises(ValidationError):
        jalali.check_range(dt.date(2648, 1, 31))


def test_services_refuse_dates_outside_the_years(tmp_path):
    from app.services import committees, meetings, resolutions
    from app.storage.database import open_database
    db = open_database(tmp_path / "x.dabir", create=True)
    far = dt.date(2648, 1, 31)  # "2026-11-11" read as Jalali
    with db.session() as s:
        c = committees.create_committee(s, "کمیته").id
        m = meetings.create_meeting(s, c).id
        r = resolutions.add_resolution(s, m, "متن").id
        for call in (lambda: meetings.create_meeting(s, c, date=far), lambda: meetings.update_meeting(s, m, date=far),
                     lambda: resolutions.add_resolution(s, m, "متن", deadline=far),
                     lambda: resolutions.update_resolution(s, r, deadline=far),
                     lambda: resolutions.add_follow_up(s, r, "done", date=far)):
            with pytest.raises(ValidationError, match="outside the Jalali years 1300-1500"):
                call()
    db.close()
