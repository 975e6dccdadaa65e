"""The director's digest as Block Kit: limits at 1, 50 and 500 open actions, and the content of a seeded
digest."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from bot.actions.values import ActionView
from bot.context import Context
from bot.digests.blocks import digest_message
from bot.digests.values import DigestData, MeetingLine, MilestoneLine
from sandbox.shapes import block_problems, shown_raw
from tests.conftest import CHANNEL, KARIM, MARIE, PARIS, TOM
from tests.slackcheck import all_text, dates

UTC = timezone.utc
NOW = datetime(2026, 11, 30, 9, 30, tzinfo=PARIS)


def view(n: int, owner: str, due: date | None, text: str = "Action") -> ActionView:
    due_at = (
        datetime.combine(due + timedelta(days=1), datetime.min.time(), tzinfo=PARIS).astimezone(UTC) if due else None
    )
    return ActionView(
        id=n,
        number=n,
        team_id="T",
        mission_id=1,
        text=f"{text} {n}",
        status="open",
        owners=(owner,),
        created_by=owner,
        created_at=NOW - timedelta(days=10),
        due_date=due,
        due_at=due_at,
        due_all_day=True,
        done_by=None,
        done_at=None,
        permalink=None,
        message_channel=None,
        message_ts=None,
    )


@pytest.mark.parametrize("count", [1, 50, 500])
def test_digest_stays_inside_block_kit_limits(count):
    actions = [
        view(i, f"U0P{i % 12:03d}", date(2026, 11, 1) + timedelta(days=i % 60), "x" * 1400) for i in range(1, count + 1)
    ]
    data = DigestData(
        open=actions,
        done=actions[: count // 2],
        meetings=[],
        milestones=[],
        open_a_week_ago=count,
        overdue_a_week_ago=0,
        channel=CHANNEL,
    )
    msg = digest_message(data, Context("fr", PARIS, NOW))
    assert len(msg["blocks"]) <= 50
    assert block_problems(msg["blocks"], limit=50) == []
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in msg["blocks"])
    assert f"{count} {'ouverte' if count == 1 else 'ouvertes'} (" in msg["text"]


def test_digest_content():
    data = DigestData(
        open=[
            view(1, MARIE, date(2026, 11, 20)),
            view(2, KARIM, date(2026, 11, 27)),
            view(3, MARIE, date(2026, 12, 3)),
            view(4, TOM, None),
        ],
        done=[view(5, KARIM, None)],
        meetings=[],
        milestones=[],
        open_a_week_ago=2,
        overdue_a_week_ago=2,
        channel=CHANNEL,
    )
    text = all_text(digest_message(data, Context("en", PARIS, NOW)))
    assert "4 open (▲2 in a week) · 2 overdue (=) · 1 done since the last digest · 1 due in the next 7 days" in text
    assert text.index("*#1* Action 1") < text.index("*#2* Action 2")  # oldest overdue first
    assert "10 days late" in text and "3 days late" in text
    assert "<@U0MARIE> — 2 open, 1 overdue" in text and "<@U0TOM> — 1 open, 0 overdue" in text


def test_a_digest_posted_in_a_channel_shows_its_dates_in_each_readers_zone_and_by_dm_in_the_directors():
    sitting = datetime(2026, 12, 1, 14, 0, tzinfo=PARIS)
    data = DigestData(
        open=[view(3, MARIE, date(2026, 12, 3))],
        done=[],
        meetings=[MeetingLine("COTECH", sitting, 2)],
        milestones=[MilestoneLine(1, "Invitations", date(2027, 1, 8), None)],
        open_a_week_ago=1,
        overdue_a_week_ago=0,
        channel=CHANNEL,
    )
    channel = digest_message(data, Context("fr", PARIS, NOW, in_channel=True))
    assert set(dates(channel)) == {
        (datetime(2026, 12, 3, 12, 0, tzinfo=PARIS), "{date_long_pretty}", "jeu. 3 déc."),
        (sitting, "{date_short_pretty} {time}", "mar. 1 déc., 14h"),
        (datetime(2027, 1, 8, 12, 0, tzinfo=PARIS), "{date_long_pretty}", "ven. 8 janv. 2027"),
    }
    assert block_problems(channel["blocks"], limit=50) == [] and shown_raw("chat.postMessage", channel) == []
    dm = digest_message(data, Context("fr", PARIS, NOW))
    assert dates(dm) == [] and "mar. 1 déc., 14h" in all_text(dm) and "ven. 8 janv. 2027" in all_text(dm)
