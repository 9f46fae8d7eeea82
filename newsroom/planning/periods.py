"""The calendar's weeks and days: read from the address, in the newsroom's time zone.

A week is an ISO week (Monday to Sunday, `?week=2026-W50`), a day a date (`?day=2026-12-07`). Days
begin at midnight on the newsroom's clock (settings.TIME_ZONE), whatever the server's, so that a
story planned for 23:30 there stays on its day.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

WEEK, DAY = "week", "day"
# Far enough for any plan, and every date in it has an ISO week.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2200
WEEK_PATTERN = re.compile(r"(\d{4})-W(\d{2})")
DAY_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")


class BadPeriod(ValueError):
    """An address naming no week or day; its message is for the person who followed it."""


@dataclass(frozen=True)
class Period:
    kind: str  # WEEK or DAY
    first: datetime.date

    @classmethod
    def this_week(cls) -> "Period":
        return cls.week_of(newsroom_today())

    @classmethod
    def week_of(cls, day: datetime.date) -> "Period":
        return cls(WEEK, day - datetime.timedelta(days=day.weekday()))

    @property
    def length(self) -> int:
        return 7 if self.kind == WEEK else 1

    @property
    def days(self) -> list[datetime.date]:
        return [self.first + datetime.timedelta(days=n) for n in range(self.length)]

    @property
    def last(self) -> datetime.date:
        return self.days[-1]

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """From midnight of the first day to midnight after the last, on the newsroom's clock."""
        return midnight(self.first), midnight(self.last + datetime.timedelta(days=1))

    def shifted(self, steps: int) -> "Period":
        return Period(self.kind, self.first + datetime.timedelta(days=steps * self.length))

    @property
    def param(self) -> tuple[str, str]:
        """(name, value) of this period in the address."""
        if self.kind == WEEK:
            year, week, _weekday = self.first.isocalendar()
            return WEEK, f"{year}-W{week:02d}"
        return DAY, self.first.isoformat()

    @property
    def iso_week(self) -> tuple[int, int]:
        year, week, _weekday = self.first.isocalendar()
        return year, week


def newsroom_zone():
    return timezone.get_default_timezone()


def newsroom_today() -> datetime.date:
    return timezone.localtime(timezone.now(), newsroom_zone()).date()


def midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=newsroom_zone())


def newsroom_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment, newsroom_zone()).date()


def period_from(query) -> Period:
    """The period a query string names (`week` or `day`), this week when it names none."""
    week, day = query.get(WEEK), query.get(DAY)
    if week is not None and day is not None:
        raise BadPeriod(_("Give a week or a day, not both."))
    if day is not None:
        return Period(DAY, parse_day(day))
    if week is not None:
        return Period.week_of(parse_week(week))
    return Period.this_week()


def parse_week(text: str) -> datetime.date:
    match = WEEK_PATTERN.fullmatch(text)
    problem = _("“%(value)s” is not a week: write it as year, W and week number, e.g. 2026-W50.") % {"value": text}
    if match is None:
        raise BadPeriod(problem)
    year, week = int(match[1]), int(match[2])
    check_year(year)
    try:
        return datetime.date.fromisocalendar(year, week, 1)
    except ValueError:
        raise BadPeriod(problem) from None


def parse_day(text: str) -> datetime.date:
    problem = _("“%(value)s” is not a date: write it as year-month-day, e.g. 2026-12-07.") % {"value": text}
    if DAY_PATTERN.fullmatch(text) is None:
        raise BadPeriod(problem)
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise BadPeriod(problem) from None
    check_year(day.year)
    return day


def check_year(year: int) -> None:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise BadPeriod(
            _("The calendar goes from %(first)s to %(last)s.") % {"first": EARLIEST_YEAR, "last": LATEST_YEAR}
        )
