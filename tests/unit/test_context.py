"""How soon something is, as people say it, in the reader's zone and language."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.context import Context
from bot.slacktext import DATE_TOKEN
from tests.conftest import PARIS

NOW = datetime(2026, 11, 30, 9, 30, tzinfo=PARIS)  # a Monday


@pytest.mark.parametrize(
    ("lang", "later", "said"),
    [
        ("fr", timedelta(minutes=30), "dans 30 minutes"),
        ("fr", timedelta(minutes=1), "dans 1 minute"),
        ("fr", timedelta(hours=1), "dans une heure"),
        ("en", timedelta(hours=1), "in an hour"),
        ("fr", timedelta(hours=4, minutes=30), "aujourd'hui à 14h"),
        ("fr", timedelta(days=1), "demain à 9h30"),
        ("en", timedelta(days=1), "tomorrow at 09:30"),
        ("fr", timedelta(days=2), None),
        ("fr", timedelta(minutes=-5), None),
    ],
)
def test_soon(lang, later, said):
    assert Context(lang, PARIS, NOW).soon(NOW + later) == said


LONDON, NEW_YORK = ZoneInfo("Europe/London"), ZoneInfo("America/New_York")
INSTANTS = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC))
DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 1, 1))
CHANNEL = Context("fr", PARIS, NOW, in_channel=True)


@given(INSTANTS, st.sampled_from(["fr", "en"]))
def test_a_channel_shows_an_instant_as_a_token_over_the_missions_words(instant, lang):
    channel = Context(lang, PARIS, NOW, in_channel=True)
    (token,) = DATE_TOKEN.finditer(channel.moment_md(instant))
    assert int(token[1]) == int(instant.timestamp())
    assert token[2] == "{date_short_pretty} {time}"
    assert token[3] == channel.moment(instant)  # today's wording: the mission's language and zone, its year if not 2026
    assert (str(instant.year) in token[3]) == (instant.astimezone(PARIS).year != 2026)
    assert replace(channel, in_channel=False).moment_md(instant) == channel.moment(instant)  # elsewhere, no token


@given(DAYS)
def test_a_channel_shows_a_day_as_a_token_that_falls_on_that_day_from_london_to_new_york(day):
    (token,) = DATE_TOKEN.finditer(CHANNEL.day_md(day))
    at = datetime.fromtimestamp(int(token[1]), UTC)
    assert token[2] == "{date_long_pretty}" and token[3] == CHANNEL.day(day)
    assert {at.astimezone(tz).date() for tz in (PARIS, LONDON, NEW_YORK)} == {day}


def test_a_channel_shows_a_sittings_end_as_a_time_token():
    end = NOW + timedelta(hours=1)
    assert CHANNEL.time_md(end) == f"<!date^{int(end.timestamp())}^{{time}}|10h30>"


def test_a_channel_says_how_soon_only_in_minutes_and_one_reader_in_their_own_words():
    assert CHANNEL.soon(NOW + timedelta(minutes=30)) == "dans 30 minutes"
    assert CHANNEL.soon(NOW + timedelta(days=1)) is None  # `demain` is the mission's clock: the token says it
    tom = CHANNEL.read_by("en", NEW_YORK)
    assert not tom.in_channel and tom.moment_md(NOW) == "Mon 30 Nov, 03:30"
