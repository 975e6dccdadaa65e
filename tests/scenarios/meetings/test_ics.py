"""Calendars: the feed and the export, parsed back with icalendar and checked field by field."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from datetime import datetime

import pytest
from icalendar import Calendar

from tests.conftest import CHANNEL, DIRECTOR, MARIE, PARIS
from tests.slackcheck import all_text, only


def meeting(box, text: str, user: str = MARIE):
    mark = box.slack.mark()
    box.driver.command("/meeting", text, user=user, channel=CHANNEL)
    return box.slack.since(mark)


def feed_url(box, text: str = "ics", user: str = MARIE) -> str:
    answer = all_text(only(meeting(box, text, user), "respond").args)
    url = re.search(r"https://concerto\.example\.org(/calendar/[\w-]+\.ics)", answer)
    assert url, answer
    return box.url + url.group(1)


def fetch(url: str) -> Calendar:
    with urllib.request.urlopen(url, timeout=5) as res:
        assert res.headers["Content-Type"].startswith("text/calendar")
        return Calendar.from_ical(res.read())


def test_feed_describes_series_exceptions_and_one_offs(box):
    meeting(box, 'add weekly "Réunion de coordination" every tuesday 09:30 for 1h where Salle Garonne')
    meeting(box, "cancel 1 01/12")
    meeting(box, "move 1 du 08/12 au 09/12 14h")  # Tuesday 8 December, to Wednesday 9th
    meeting(box, 'add cotech "COTECH n°2" le 17/12 à 14h pendant 2h')
    cal = fetch(feed_url(box))

    events = cal.walk("VEVENT")
    assert len(events) == 3
    series, moved = [e for e in events if str(e["UID"]).endswith("-1@concerto")]
    if "RECURRENCE-ID" in series:
        series, moved = moved, series
    assert str(series["SUMMARY"]) == "Réunion de coordination" and str(series["LOCATION"]) == "Salle Garonne"
    assert series["DTSTART"].dt == datetime(2026, 12, 1, 9, 30, tzinfo=PARIS)
    assert series["DTSTART"].params["TZID"] == "Europe/Paris"
    assert series["DTEND"].dt == datetime(2026, 12, 1, 10, 30, tzinfo=PARIS)
    assert series["RRULE"]["FREQ"] == ["WEEKLY"] and series["RRULE"]["BYDAY"] == ["TU"]
    assert int(series["SEQUENCE"]) == 2
    assert [d.dt for d in series["EXDATE"].dts] == [datetime(2026, 12, 1, 9, 30, tzinfo=PARIS)]
    assert moved["RECURRENCE-ID"].dt == datetime(2026, 12, 8, 9, 30, tzinfo=PARIS)
    assert moved["DTSTART"].dt == datetime(2026, 12, 9, 14, 0, tzinfo=PARIS)
    (cotech,) = [e for e in events if str(e["UID"]).endswith("-2@concerto")]
    assert cotech["DTSTART"].dt == datetime(2026, 12, 17, 14, 0, tzinfo=PARIS) and "RRULE" not in cotech
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]


def test_ending_a_series_adds_until(box):
    meeting(box, 'add weekly "Réunion de coordination" every tuesday 09:30')
    meeting(box, "end 1")
    (series,) = fetch(feed_url(box)).walk("VEVENT")
    assert series["RRULE"]["UNTIL"][0].date().isoformat() == "2026-11-30"


def test_feed_token_is_secret_and_revocable(box):
    meeting(box, 'add weekly "Réunion" every tuesday 09:30')
    old = feed_url(box)
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(box.url + "/calendar/not-a-real-token-at-all.ics", timeout=5)
    assert err.value.code == 404
    assert "ne marche plus" in all_text(only(meeting(box, "ics reset"), "respond").args)  # said, not just done
    new = feed_url(box)
    assert new != old
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(old, timeout=5)
    assert len(fetch(new).walk("VEVENT")) == 1


def test_only_the_director_may_revoke_once_set(box):
    from bot.missions.values import MissionSettings

    box.runtime.services.missions.configure(
        "T0CONCERTO",
        CHANNEL,
        actor=DIRECTOR,
        settings=MissionSettings(DIRECTOR, "Europe/Paris", "fr", "09:00", "18:00", "12345"),
    )
    assert "U0CLAIRE" in all_text(only(meeting(box, "ics reset"), "respond").args)
