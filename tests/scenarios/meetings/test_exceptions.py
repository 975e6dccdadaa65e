"""Meetings' exceptions (cancel, move) survive edits of the series' time, duration and title, the
calendar feed follows the series' current time and shows skipped public holidays, and a database
made by the previous version is upgraded in place."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from storage import migrate
from storage.db import make_engine, normalize_url
from storage.models import Notification
from tests.conftest import CHANNEL, MARIE, PARIS
from tests.scenarios.meetings.test_ics import feed_url, fetch
from tests.scenarios.steps import command, rows
from tests.slackcheck import all_text

UTC = timezone.utc


def about(box) -> set[date]:
    """The days of the occurrences that have reminders planned."""
    return {r.about_at.astimezone(PARIS).date() for r in rows(box, "meeting") if r.kind == "meeting.reminder"}


def series_and_moves(box):
    events = fetch(feed_url(box)).walk("VEVENT")
    (series,) = [e for e in events if "RRULE" in e]
    return series, [e for e in events if "RECURRENCE-ID" in e]


def exdates(series) -> list[datetime]:
    found = series.get("EXDATE", [])
    return sorted(d.dt for group in (found if isinstance(found, list) else [found]) for d in group.dts)


def test_a_cancelled_occurrence_stays_cancelled_when_the_series_time_changes(box):
    command(box, "/meeting", 'add weekly "Réunion de coordination" every tuesday 09:30 for 1h')
    command(box, "/meeting", "cancel 1 08/12")
    command(box, "/meeting", "edit 1 time 10:00")
    command(box, "/meeting", "edit 1 for 90min")
    command(box, "/meeting", 'edit 1 title "Point hebdo"')
    assert date(2026, 12, 8) not in about(box) and date(2026, 12, 15) in about(box)
    series, _ = series_and_moves(box)
    assert exdates(series) == [datetime(2026, 12, 8, 10, 0, tzinfo=PARIS)]


def test_a_moved_occurrence_stays_where_it_went_and_the_feed_names_it_at_the_new_time(box):
    command(box, "/meeting", 'add weekly "Réunion de coordination" every tuesday 09:30 for 1h')
    command(box, "/meeting", "cancel 1 01/12")
    command(box, "/meeting", "move 1 08/12 09/12 14h")  # Tuesday 8 December, to Wednesday 9th
    command(box, "/meeting", "edit 1 time 11:00")
    assert date(2026, 12, 1) not in about(box) and date(2026, 12, 8) in about(box)  # the 8th's, moved
    starts = {r.expires_at.astimezone(PARIS) for r in rows(box, "meeting") if r.kind == "meeting.reminder"}
    assert datetime(2026, 12, 9, 14, 0, tzinfo=PARIS) in starts
    assert datetime(2026, 12, 8, 11, 0, tzinfo=PARIS) not in starts
    series, (moved,) = series_and_moves(box)
    assert exdates(series) == [datetime(2026, 12, 1, 11, 0, tzinfo=PARIS)]
    assert moved["RECURRENCE-ID"].dt == datetime(2026, 12, 8, 11, 0, tzinfo=PARIS)
    assert moved["DTSTART"].dt == datetime(2026, 12, 9, 14, 0, tzinfo=PARIS)


def test_the_feed_leaves_out_the_public_holidays_the_bot_skips(box):
    box.clock.set(datetime(2027, 3, 15, 9, 0, tzinfo=PARIS))
    command(box, "/meeting", 'add weekly "Point du lundi" every monday 10:00')
    series, _ = series_and_moves(box)
    holidays = [datetime(2027, 3, 29, 10, 0, tzinfo=PARIS), datetime(2027, 5, 17, 10, 0, tzinfo=PARIS)]
    assert all(day in exdates(series) for day in holidays)  # Easter Monday, Whit Monday
    assert date(2027, 3, 29) not in about(box) and date(2027, 4, 5) in about(box)


def test_a_monthly_committee_on_a_holiday_is_held_the_next_working_day_and_the_channel_is_told(box):
    box.clock.set(datetime(2027, 3, 15, 9, 0, tzinfo=PARIS))
    calls = command(box, "/meeting", 'add cotech "COTECH" tous les mois le premier jeudi 14h')
    (notice,) = [all_text(c.args) for c in calls if c.method == "chat.postMessage" and c.args["channel"] == CHANNEL]
    assert "la séance du jeu. 6 mai (Ascension) a lieu le ven. 7 mai" in notice
    assert notice.count("• ") == 1  # the other first Thursdays are working days: nothing to say
    starts = {r.expires_at.astimezone(PARIS) for r in rows(box, "meeting") if r.kind == "meeting.reminder"}
    assert datetime(2027, 5, 7, 14, 0, tzinfo=PARIS) in starts  # reminded of the sitting where it is held
    series, moves = series_and_moves(box)
    (may,) = [m for m in moves if m["RECURRENCE-ID"].dt == datetime(2027, 5, 6, 14, 0, tzinfo=PARIS)]
    assert may["DTSTART"].dt == datetime(2027, 5, 7, 14, 0, tzinfo=PARIS) and exdates(series) == []
    weekly = command(box, "/meeting", 'add weekly "Point du lundi" every monday 10:00')
    (notice,) = [all_text(c.args) for c in weekly if c.method == "chat.postMessage" and c.args["channel"] == CHANNEL]
    assert "pas de séance le lun. 29 mars (Lundi de Pâques)" in notice


@pytest.fixture
def old_database(tmp_path):
    """An empty database of its own, on the backend under test (a schema of its own on PostgreSQL)."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path / 'previous.db'}"
        return
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS previous_version CASCADE"))
        conn.execute(text("CREATE SCHEMA previous_version"))
    sep = "&" if "?" in url else "?"
    yield f"{normalize_url(url)}{sep}options=-csearch_path%3Dprevious_version"
    with admin.begin() as conn:
        conn.execute(text("DROP SCHEMA previous_version CASCADE"))
    admin.dispose()


def test_a_database_made_by_the_previous_version_keeps_its_exceptions(old_database):
    migrate.upgrade(old_database, "e1ed90e5e838")  # the schema before issue 12
    engine = make_engine(old_database)
    tuesday = datetime(2026, 12, 8, 9, 30, tzinfo=PARIS).astimezone(UTC).replace(tzinfo=None)
    created = datetime(2026, 11, 30, 8, 0)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO missions (id, team_id, channel_id, timezone, language, work_start, work_end, work_days,"
                " holiday_country, next_action_number, next_meeting_number, next_phase_number, next_milestone_number,"
                " alert_days, digest_rhythm, digest_weekday, digest_time, digest_sections, created_at, updated_at)"
                " VALUES (1, 'T0CONCERTO', :channel, 'Europe/Paris', 'fr', '09:00', '18:00', '12345', 'FR', 1, 2,"
                " 1, 1, '14 7 3 1 0', 'weekly', 5, '17:00', 'overdue', :at, :at)"
            ),
            {"channel": CHANNEL, "at": created},
        )
        conn.execute(
            text(
                "INSERT INTO meetings (id, team_id, mission_id, number, kind, title, organiser_id, starts_local,"
                " timezone, duration_minutes, rrule, reminders, dm_attendees, skip_holidays, status, sequence,"
                " attendees, created_at, updated_at) VALUES (1, 'T0CONCERTO', 1, 1, 'weekly', 'Point', :who,"
                " :local, 'Europe/Paris', 60, 'FREQ=WEEKLY;BYDAY=TU', '-1d@16:00 -1h', false, true, 'active', 1,"
                " '', :at, :at)"
            ),
            {"who": MARIE, "local": datetime(2026, 12, 1, 9, 30), "at": created},
        )
        conn.execute(
            text(
                "INSERT INTO meeting_changes (id, team_id, meeting_id, original_at, moved_to, created_at)"
                " VALUES (1, 'T0CONCERTO', 1, :original, NULL, :at)"
            ),
            {"original": tuesday, "at": created},
        )
    migrate.upgrade(old_database)
    with engine.connect() as conn:
        (day,) = conn.execute(text("SELECT occurrence_on FROM meeting_changes")).one()
    assert str(day) == "2026-12-08"

    from bot.clock import ManualClock
    from bot.services import build_services

    services = build_services(engine, ManualClock(datetime(2026, 11, 30, 9, 0, tzinfo=PARIS)), "Europe/Paris")
    services.meetings.resync_all()
    with Session(engine) as s:
        days = {r.about_at.astimezone(PARIS).date() for r in s.exec(select(Notification))}
    assert date(2026, 12, 1) in days and date(2026, 12, 8) not in days
    engine.dispose()
