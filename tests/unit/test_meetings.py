"""Meetings as values: the grammar (FR/EN table) and recurrence across DST."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.actions.grammar import GrammarError
from bot.dates import When
from bot.meetings.blocks import duration_text
from bot.meetings.grammar import AddMeeting, EditMeeting, MeetingVerb, parse_meeting_command
from bot.recurrence import Series, first_start, occurrences
from tests.conftest import PARIS

NOW = datetime(2026, 11, 30, 9, 30, tzinfo=PARIS)  # a Monday
UTC = timezone.utc


@pytest.mark.parametrize(("raw", "expected"), [
    ('add weekly "Réunion de coordination" every tuesday 09:30 for 1h',
     AddMeeting("weekly", "Réunion de coordination", time(9, 30), "FREQ=WEEKLY;BYDAY=TU", None, 60)),
    ('add weekly "Réunion de coordination" tous les mardis 9h30 pendant 1h',
     AddMeeting("weekly", "Réunion de coordination", time(9, 30), "FREQ=WEEKLY;BYDAY=TU", None, 60)),
    ('add cotech "COTECH n°2" on 10/12 14:00 for 2h',
     AddMeeting("cotech", "COTECH n°2", time(14), None, When(date(2026, 12, 10), time(14)), 120)),
    ('add cotech "COTECH n°2" le 10/12 à 14h pendant 2h',
     AddMeeting("cotech", "COTECH n°2", time(14), None, When(date(2026, 12, 10), time(14)), 120)),
    ('add elected "Comité élu" on 2027-01-15 10:00',
     AddMeeting("elected", "Comité élu", time(10), None, When(date(2027, 1, 15), time(10)))),
    ('add workshop "Atelier 3" every other thursday 14h with <@U1|a>',
     AddMeeting("workshop", "Atelier 3", time(14), "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", attendees=("U1",))),
    ('add workshop "Atelier 3" un jeudi sur deux 14h',
     AddMeeting("workshop", "Atelier 3", time(14), "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH")),
    ('add other "Point" monthly on the first monday 10:00 https://meet.example/x',
     AddMeeting("other", "Point", time(10), "FREQ=MONTHLY;BYDAY=1MO", location="https://meet.example/x")),
    ('add other "Point" tous les mois le premier lundi 10h',
     AddMeeting("other", "Point", time(10), "FREQ=MONTHLY;BYDAY=1MO")),
    ('add debate "Débat Gironde" le 12/05/2027 18h30 lieu Salle des fêtes, Pessac',
     AddMeeting("debate", "Débat Gironde", time(18, 30), None, When(date(2027, 5, 12), time(18, 30)),
                location="Salle des fêtes, Pessac")),
    ('add weekly "Point" every monday and thursday 9h',
     AddMeeting("weekly", "Point", time(9), "FREQ=WEEKLY;BYDAY=MO,TH")),
    ('add debate "Débat Finistère" le 12/05/2027 18h30 lieu Hémicycle avec <@U0MARIE|marie>',
     AddMeeting("debate", "Débat Finistère", time(18, 30), None, When(date(2027, 5, 12), time(18, 30)),
                location="Hémicycle", attendees=("U0MARIE",))),
    ('add debate "Debate" on 12/05/2027 18:30 where Town hall with <@U0MARIE|marie>',
     AddMeeting("debate", "Debate", time(18, 30), None, When(date(2027, 5, 12), time(18, 30)),
                location="Town hall", attendees=("U0MARIE",))),
    ('add seminar "Séminaire « Ambition 2030 »" le 15/01/2027 9h pendant 6h',
     AddMeeting("seminar", "Séminaire « Ambition 2030 »", time(9), None, When(date(2027, 1, 15), time(9)), 360)),
    ('add workshop « Atelier "mobilités" » le 10/12 14h for 1.5h',
     AddMeeting("workshop", 'Atelier "mobilités"', time(14), None, When(date(2026, 12, 10), time(14)), 90)),
    ('add workshop "Atelier" le 10/12 14h pendant 1h30',
     AddMeeting("workshop", "Atelier", time(14), None, When(date(2026, 12, 10), time(14)), 90)),
    # mentions in a title or a place are words; people and groups are invited after `with`/`avec`
    ('add workshop "Subteam <!subteam^S0TEAM|@equipe> venez" on 10/12 14:00',
     AddMeeting("workshop", "Subteam @equipe venez", time(14), None, When(date(2026, 12, 10), time(14)))),
    ('add workshop "Point <@U0MARIE|marie>" on 10/12 14:00 lieu Bureau de <@U0TOM|tom>',
     AddMeeting("workshop", "Point @marie", time(14), None, When(date(2026, 12, 10), time(14)),
                location="Bureau de @tom")),
    ('add workshop "Atelier" on 10/12 14:00 with <!subteam^S0TEAM|@equipe> and <@U0MARIE|marie>',
     AddMeeting("workshop", "Atelier", time(14), None, When(date(2026, 12, 10), time(14)),
                attendees=("S0TEAM", "U0MARIE"))),
    ('add weekly "Point" avec <@U0MARIE|marie>, <@U0TOM|tom> tous les mardis 9h30',
     AddMeeting("weekly", "Point", time(9, 30), "FREQ=WEEKLY;BYDAY=TU", attendees=("U0MARIE", "U0TOM"))),
    ("edit 2 rappels -7j -1j@16h -1h", EditMeeting(2, reminders="-7d -1d@16:00 -1h")),
    ("edit 2 reminders -7d -1d@9h30", EditMeeting(2, reminders="-7d -1d@09:30")),
    ("edit 2 pendant 2,5h", EditMeeting(2, duration_minutes=150)),
    ("list", MeetingVerb("list")),
    ("next cotech", MeetingVerb("next", kind="cotech")),
    ("cancel 2 15/12", MeetingVerb("cancel", 2, when=When(date(2026, 12, 15)))),
    ("move 2 17/12 10h", MeetingVerb("move", 2, when=When(date(2026, 12, 17), time(10)))),
    ("agenda 1 add Budget des ateliers", MeetingVerb("agenda_add", 1, item="Budget des ateliers")),
    ("agenda 1 done 2", MeetingVerb("agenda_done", 1, item_number=2)),
])
def test_grammar(raw, expected):
    assert parse_meeting_command(raw, NOW) == expected


@pytest.mark.parametrize(("raw", "key"), [
    ('add weekly "P" every tuesday', "meeting.need_time"),
    ('add workshop "P" on 10/12 14:00 <!subteam^S0TEAM|@equipe>', "meeting.group_needs_with"),
    ("add weekly P every tuesday 9h", "meeting.need_title"),
    ('add party "P" every tuesday 9h', "meeting.bad_kind"),
    ('add cotech "P" 14h', "meeting.need_date"),
    ('add cotech "P" on 32/12 14h', "error.bad_date"),
    ("move 2 demain", "meeting.usage_move"),
    ("cancel x", "meeting.usage_cancel"),
    ("agenda 1 frobnicate", "meeting.usage_agenda"),
    ("reschedule 1", "meeting.usage"),
    ('add cotech "P" le 29/02/2027 14h', "error.no_such_date"),
    ('add workshop "Atelier" le 10/12 14h pendant 30h', "meeting.bad_duration"),
    ('add workshop "Atelier" le 10/12 14h for 0min', "meeting.bad_duration"),
    ("edit 2 for 13h", "meeting.bad_duration"),
    ("edit 2 rappels -1j@25h", "meeting.usage_reminders"),
])
def test_grammar_errors(raw, key):
    with pytest.raises(GrammarError) as err:
        parse_meeting_command(raw, NOW)
    assert err.value.key == key


def weekly(start: datetime, rule: str = "FREQ=WEEKLY;BYDAY=TU") -> Series:
    return Series(first_start(rule, datetime.combine(date.today(), time(9, 30)), PARIS, start), PARIS, rule,
                  timedelta(hours=1))


@pytest.mark.parametrize("zone", ["Europe/Paris", "America/New_York", "Asia/Tokyo"])
def test_wall_time_holds_across_dst(zone):
    tz = ZoneInfo(zone)
    start = datetime(2027, 3, 1, 8, 0, tzinfo=tz)
    series = Series(first_start("FREQ=WEEKLY;BYDAY=TU", datetime(2027, 1, 1, 9, 30), tz, start), tz,
                    "FREQ=WEEKLY;BYDAY=TU", timedelta(hours=1))
    found = occurrences(series, start, datetime(2027, 12, 1, tzinfo=tz))
    assert len(found) == 40
    assert {o.start.astimezone(tz).time() for o in found} == {time(9, 30)}
    assert len({o.start.astimezone(tz).utcoffset() for o in found}) == (1 if zone == "Asia/Tokyo" else 2)


def test_every_other_week_and_monthly():
    found = occurrences(weekly(NOW, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"), NOW, NOW + timedelta(days=44))
    assert [o.start.astimezone(PARIS).date() for o in found] == [date(2026, 12, 1), date(2026, 12, 15),
                                                                 date(2026, 12, 29), date(2027, 1, 12)]
    monthly = occurrences(weekly(NOW, "FREQ=MONTHLY;BYDAY=1MO"), NOW, NOW + timedelta(days=100))
    assert [o.start.astimezone(PARIS).date() for o in monthly] == [date(2026, 12, 7), date(2027, 1, 4),
                                                                   date(2027, 2, 1), date(2027, 3, 1)]


def test_cancelled_and_moved_occurrences_and_holidays():
    series = weekly(NOW)
    first, second, third = occurrences(series, NOW, NOW + timedelta(days=21))
    moved_to = datetime(2026, 12, 10, 14, 0, tzinfo=PARIS).astimezone(UTC)
    changed = occurrences(series, NOW, NOW + timedelta(days=21),
                          changes={first.day: None, second.day: moved_to})
    assert [(o.start, o.moved) for o in changed] == [(moved_to, True), (third.start, False)]
    christmas = occurrences(series, datetime(2027, 5, 1, tzinfo=PARIS), datetime(2027, 5, 12, tzinfo=PARIS),
                            skip_day=lambda d: d == date(2027, 5, 4))
    assert [o.start.astimezone(PARIS).date() for o in christmas] == [date(2027, 5, 11)]


@pytest.mark.parametrize(("minutes", "fr", "en"), [(30, "30\u00a0min", "30 min"), (90, "90\u00a0min", "90 min"),
                                                   (120, "2\u00a0h", "2 h"), (150, "2\u00a0h\u00a030", "2 h 30")])
def test_durations_read_in_hours_past_90_minutes(minutes, fr, en):
    assert (duration_text(minutes, "fr"), duration_text(minutes, "en")) == (fr, en)
