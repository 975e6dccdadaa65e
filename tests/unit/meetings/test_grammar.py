"""The `/meeting` grammar, a FR/EN table: series, one-offs, edits and minutes."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from bot.dates import When
from bot.errors import GrammarError
from bot.meetings.grammar import AddMeeting, EditMeeting, MeetingVerb, parse_meeting_command
from bot.worktime import WorkWeek
from tests.conftest import PARIS

NOW = datetime(2026, 11, 30, 9, 30, tzinfo=PARIS)  # a Monday


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            'add weekly "Réunion de coordination" every tuesday 09:30 for 1h',
            AddMeeting("weekly", "Réunion de coordination", time(9, 30), "FREQ=WEEKLY;BYDAY=TU", None, 60),
        ),
        (
            'add weekly "Réunion de coordination" tous les mardis 9h30 pendant 1h',
            AddMeeting("weekly", "Réunion de coordination", time(9, 30), "FREQ=WEEKLY;BYDAY=TU", None, 60),
        ),
        (
            'add cotech "COTECH n°2" on 10/12 14:00 for 2h',
            AddMeeting("cotech", "COTECH n°2", time(14), None, When(date(2026, 12, 10), time(14)), 120),
        ),
        (
            'add cotech "COTECH n°2" le 10/12 à 14h pendant 2h',
            AddMeeting("cotech", "COTECH n°2", time(14), None, When(date(2026, 12, 10), time(14)), 120),
        ),
        (
            'add elected "Comité élu" on 2027-01-15 10:00',
            AddMeeting("elected", "Comité élu", time(10), None, When(date(2027, 1, 15), time(10))),
        ),
        (
            'add workshop "Atelier 3" every other thursday 14h with <@U1|a>',
            AddMeeting("workshop", "Atelier 3", time(14), "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", attendees=("U1",)),
        ),
        (
            'add workshop "Atelier 3" un jeudi sur deux 14h',
            AddMeeting("workshop", "Atelier 3", time(14), "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"),
        ),
        (
            'add other "Point" monthly on the first monday 10:00 https://meet.example/x',
            AddMeeting("other", "Point", time(10), "FREQ=MONTHLY;BYDAY=1MO", location="https://meet.example/x"),
        ),
        (
            'add other "Point" tous les mois le premier lundi 10h',
            AddMeeting("other", "Point", time(10), "FREQ=MONTHLY;BYDAY=1MO"),
        ),
        (
            'add debate "Débat Gironde" le 12/05/2027 18h30 lieu Salle des fêtes, Pessac',
            AddMeeting(
                "debate",
                "Débat Gironde",
                time(18, 30),
                None,
                When(date(2027, 5, 12), time(18, 30)),
                location="Salle des fêtes, Pessac",
            ),
        ),
        (
            'add weekly "Point" every monday and thursday 9h',
            AddMeeting("weekly", "Point", time(9), "FREQ=WEEKLY;BYDAY=MO,TH"),
        ),
        (
            'add debate "Débat Finistère" le 12/05/2027 18h30 lieu Hémicycle avec <@U0MARIE|marie>',
            AddMeeting(
                "debate",
                "Débat Finistère",
                time(18, 30),
                None,
                When(date(2027, 5, 12), time(18, 30)),
                location="Hémicycle",
                attendees=("U0MARIE",),
            ),
        ),
        (
            'add debate "Debate" on 12/05/2027 18:30 where Town hall with <@U0MARIE|marie>',
            AddMeeting(
                "debate",
                "Debate",
                time(18, 30),
                None,
                When(date(2027, 5, 12), time(18, 30)),
                location="Town hall",
                attendees=("U0MARIE",),
            ),
        ),
        (
            'add seminar "Séminaire « Ambition 2030 »" le 15/01/2027 9h pendant 6h',
            AddMeeting("seminar", "Séminaire « Ambition 2030 »", time(9), None, When(date(2027, 1, 15), time(9)), 360),
        ),
        (
            'add workshop « Atelier "mobilités" » le 10/12 14h for 1.5h',
            AddMeeting("workshop", 'Atelier "mobilités"', time(14), None, When(date(2026, 12, 10), time(14)), 90),
        ),
        (
            'add workshop "Atelier" le 10/12 14h pendant 1h30',
            AddMeeting("workshop", "Atelier", time(14), None, When(date(2026, 12, 10), time(14)), 90),
        ),
        # mentions in a title or a place are words; people and groups are invited after `with`/`avec`
        (
            'add workshop "Subteam <!subteam^S0TEAM|@equipe> venez" on 10/12 14:00',
            AddMeeting("workshop", "Subteam @equipe venez", time(14), None, When(date(2026, 12, 10), time(14))),
        ),
        (
            'add workshop "Point <@U0MARIE|marie>" on 10/12 14:00 lieu Bureau de <@U0TOM|tom>',
            AddMeeting(
                "workshop",
                "Point @marie",
                time(14),
                None,
                When(date(2026, 12, 10), time(14)),
                location="Bureau de @tom",
            ),
        ),
        (
            'add workshop "Atelier" on 10/12 14:00 with <!subteam^S0TEAM|@equipe> and <@U0MARIE|marie>',
            AddMeeting(
                "workshop",
                "Atelier",
                time(14),
                None,
                When(date(2026, 12, 10), time(14)),
                attendees=("S0TEAM", "U0MARIE"),
            ),
        ),
        (
            'add weekly "Point" avec <@U0MARIE|marie>, <@U0TOM|tom> tous les mardis 9h30',
            AddMeeting("weekly", "Point", time(9, 30), "FREQ=WEEKLY;BYDAY=TU", attendees=("U0MARIE", "U0TOM")),
        ),
        ("edit 2 rappels -7j -1j@16h -1h", EditMeeting(2, reminders="-7d -1d@16:00 -1h")),
        ("edit 2 reminders -7d -1d@9h30", EditMeeting(2, reminders="-7d -1d@09:30")),
        ("edit 2 pendant 2,5h", EditMeeting(2, duration_minutes=150)),
        (
            'add seminar "Séminaire" le 15/12 de 9h à 17h lieu Hémicycle',
            AddMeeting(
                "seminar",
                "Séminaire",
                time(9),
                on=When(date(2026, 12, 15), time(9)),
                duration_minutes=480,
                location="Hémicycle",
            ),
        ),
        (
            'add workshop "A" every thursday 9h30-12h',
            AddMeeting("workshop", "A", time(9, 30), "FREQ=WEEKLY;BYDAY=TH", duration_minutes=150),
        ),
        (
            'add workshop "A" le 10/12 14h–16h',
            AddMeeting("workshop", "A", time(14), on=When(date(2026, 12, 10), time(14)), duration_minutes=120),
        ),
        (
            'add other "A" on 10/12 from 9am to 5pm',
            AddMeeting("other", "A", time(9), on=When(date(2026, 12, 10), time(9)), duration_minutes=480),
        ),
        ("list", MeetingVerb("list")),
        ("next cotech", MeetingVerb("next", kind="cotech")),
        ("cancel 2 15/12", MeetingVerb("cancel", 2, when=When(date(2026, 12, 15)))),
        ("move 2 17/12 10h", MeetingVerb("move", 2, when=When(date(2026, 12, 17), time(10)))),
        ("move 2 mercredi 16/12 10h", MeetingVerb("move", 2, when=When(date(2026, 12, 16), time(10)))),
        ("move 2 demain", MeetingVerb("move", 2, when=When(date(2026, 12, 1)))),
        (
            "move 2 15/12 17/12 10h",
            MeetingVerb("move", 2, when=When(date(2026, 12, 17), time(10)), sitting=date(2026, 12, 15)),
        ),
        (
            "move 2 mardi 15/12 jeudi 17/12 10h",
            MeetingVerb("move", 2, when=When(date(2026, 12, 17), time(10)), sitting=date(2026, 12, 15)),
        ),
        ("move 2 du 15/12 au 17/12", MeetingVerb("move", 2, when=When(date(2026, 12, 17)), sitting=date(2026, 12, 15))),
        (
            "move 2 from Tuesday 15/12 to 17/12 10am",
            MeetingVerb("move", 2, when=When(date(2026, 12, 17), time(10)), sitting=date(2026, 12, 15)),
        ),
        ("agenda 1 add Budget des ateliers", MeetingVerb("agenda_add", 1, item="Budget des ateliers")),
        ("agenda 1 done 2", MeetingVerb("agenda_done", 1, item_number=2)),
    ],
)
def test_grammar(raw, expected):
    assert parse_meeting_command(raw, NOW) == expected


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ('add weekly "P" every tuesday', "meeting.need_time"),
        ('add workshop "P" on 10/12 14:00 <!subteam^S0TEAM|@equipe>', "meeting.group_needs_with"),
        ("add weekly P every tuesday 9h", "meeting.need_title"),
        ('add party "P" every tuesday 9h', "meeting.bad_kind"),
        ('add cotech "P" 14h', "meeting.need_date"),
        ('add cotech "P" on 32/12 14h', "error.bad_date"),
        ("move 2", "meeting.usage_move"),
        ("move 2 bientôt 10h", "error.bad_date"),
        ("move 2 du 15/12 au plus vite", "error.bad_date"),
        ("cancel x", "meeting.usage_cancel"),
        ("agenda 1 frobnicate", "meeting.usage_agenda"),
        ("reschedule 1", "meeting.usage"),
        ('add cotech "P" le 29/02/2027 14h', "error.no_such_date"),
        ('add workshop "Atelier" le 10/12 14h pendant 30h', "meeting.bad_duration"),
        ('add workshop "Atelier" le 10/12 14h for 0min', "meeting.bad_duration"),
        ("edit 2 for 13h", "meeting.bad_duration"),
        ('add workshop "A" le 10/12 de 16h à 14h', "meeting.bad_duration"),
        ('add workshop "A" le 10/12 de 9h à 17h pendant 2h', "meeting.end_and_duration"),
        ("edit 2 rappels -1j@25h", "meeting.usage_reminders"),
    ],
)
def test_grammar_errors(raw, key):
    with pytest.raises(GrammarError) as err:
        parse_meeting_command(raw, NOW)
    assert err.value.key == key


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("minutes 2", MeetingVerb("minutes", 2)),
        ("minutes #2 docx", MeetingVerb("minutes", 2, item="docx")),
        ("relevé 2 10/12", MeetingVerb("minutes", 2, when=When(date(2026, 12, 10)))),
        ("compte-rendu 2 27/11 word", MeetingVerb("minutes", 2, when=When(date(2026, 11, 27)), item="docx")),
        ("minutes 2 submit", MeetingVerb("minutes", 2, item="submit")),
        ("relevé 2 10/12 soumettre", MeetingVerb("minutes", 2, when=When(date(2026, 12, 10)), item="submit")),
        ("validator 2 <@U0BRUNO|bruno>", MeetingVerb("validator", 2, item="U0BRUNO")),
        ("valideur #2 <@U0BRUNO>", MeetingVerb("validator", 2, item="U0BRUNO")),
        ("validateur 2 aucun", MeetingVerb("validator", 2, item="")),
        ("validator 2 none", MeetingVerb("validator", 2, item="")),
    ],
)
def test_minutes_grammar(raw, expected):
    assert parse_meeting_command(raw, NOW) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "minutes",
        "minutes deux",
        "minutes 2 pdf",
        "minutes 2 32/12",
        "validator 2",  # who? said by the usage
        "validator 2 bruno",  # a name typed, not a mention
        "validator 2 <@U0BRUNO> <@U0ANNA>",  # one validator per meeting
        "validator 2 <!subteam^S0TEAM|@region>",  # a group approves nothing
        "validator <@U0BRUNO>",
    ],
)
def test_minutes_grammar_errors(raw):
    with pytest.raises(GrammarError):
        parse_meeting_command(raw, NOW)


def test_a_morning_or_an_afternoon_is_placed_by_the_missions_working_day():
    early = WorkWeek(start=time(8, 30), end=time(17))
    morning = parse_meeting_command('add other "Point presse" demain matin', NOW, early)
    assert isinstance(morning, AddMeeting) and morning.on == When(date(2026, 12, 1), time(8, 30))
    moved = parse_meeting_command("move 2 vendredi après-midi", NOW, early)
    assert moved == MeetingVerb("move", 2, when=When(date(2026, 12, 4), time(14)))
