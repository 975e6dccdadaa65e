"""The context a text or a time is written in: its reader's language and zone, the mission's working week,
and now. Built once per request (handlers/identity.py) or per notice (the scheduler), then handed to
renderers and rules instead of loose (lang, tz, now) triples. A channel's (`channel_context`) is read by
people in several zones: the times it shows in mrkdwn are Slack date tokens, in the mission's words where a
client cannot show them. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.dates import wall_time
from bot.i18n import format_day, format_moment, format_time, t, tn
from bot.slacktext import date_token
from bot.worktime import WorkWeek, work_week

if TYPE_CHECKING:  # in hints only: a pure module reaches no database
    from storage.models import Mission


def zone(name: str | None, fallback: str) -> ZoneInfo:
    """The zone named, else the fallback: a person's Slack profile may name none, or one this machine's
    zone database does not know."""
    try:
        return ZoneInfo(name or fallback)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(fallback)


@dataclass(frozen=True)
class Context:
    lang: str
    tz: ZoneInfo
    now: datetime  # aware
    week: WorkWeek = field(default_factory=WorkWeek)
    in_channel: bool = False  # read by a channel's members, each at their own clock: times as date tokens

    @property
    def local_now(self) -> datetime:
        return self.now.astimezone(self.tz)

    @property
    def today(self) -> date:
        return self.local_now.date()

    def day(self, day: date) -> str:
        """A day as the reader reads it: `ven. 4 déc.`, with its year when it is not this one."""
        return format_day(day, self.lang, self.today)

    def moment(self, instant: datetime) -> str:
        """An instant at the reader's clock: `ven. 4 déc., 14h30`."""
        return format_moment(instant.astimezone(self.tz), self.lang, self.today)

    def moment_md(self, instant: datetime) -> str:
        """`moment` for mrkdwn: in a channel, a date token each reader sees at their own clock."""
        words = self.moment(instant)
        return date_token(instant, words) if self.in_channel else words

    def day_md(self, day: date) -> str:
        """`day` for mrkdwn: in a channel, a date token (its instant the day's noon here, the same day for a
        reader eleven hours either side)."""
        words = self.day(day)
        return date_token(wall_time(day, time(12), self.tz), words, "day") if self.in_channel else words

    def time_md(self, instant: datetime) -> str:
        """The time of day alone (`10h30`), for mrkdwn: in a channel, a date token."""
        words = format_time(instant.astimezone(self.tz), self.lang)
        return date_token(instant, words, "time") if self.in_channel else words

    def soon(self, instant: datetime) -> str | None:
        """How soon `instant` is, as people say it: `dans une heure`, `dans 45 minutes`, `aujourd'hui à 14h`,
        `demain à 9h30`; None further off (the date then says it). In a channel, the minutes only: today's
        clock is not every reader's (the date token says `Today`, `Tomorrow` in theirs)."""
        local, minutes = instant.astimezone(self.tz), round((instant - self.now).total_seconds() / 60)
        if 0 < minutes <= 90:
            return tn(self.lang, "soon.minutes", minutes, count=minutes) if minutes < 55 else t(self.lang, "soon.hour")
        days = (local.date() - self.today).days
        if minutes <= 0 or days not in (0, 1) or self.in_channel:
            return None
        if days == 0:
            return t(self.lang, "soon.today", time=format_time(local, self.lang))
        return t(self.lang, "soon.tomorrow", time=format_time(local, self.lang))

    def read_by(self, lang: str, tz: ZoneInfo) -> Context:
        """The same moment and working week, in one reader's own language and zone (no date tokens)."""
        return replace(self, lang=lang, tz=tz, in_channel=False)


def mission_context(mission: Mission, now: datetime) -> Context:
    """The mission's language, zone and working week: what its documents (canvases, files, exports) and the
    answers given in its words say, with no date tokens."""
    return Context(mission.language, ZoneInfo(mission.timezone), now, work_week(mission))


def channel_context(mission: Mission, now: datetime) -> Context:
    """What a mission's channel reads: the mission's words, with its times as date tokens in mrkdwn."""
    return replace(mission_context(mission, now), in_channel=True)
