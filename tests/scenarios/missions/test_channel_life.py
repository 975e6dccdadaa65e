"""A mission's channel closing and opening again, through Slack's events: archived or the bot removed, the
mission is paused (its notifications held, not failed; the director told once); unarchived or the bot invited
back, it resumes under the downtime policy; renamed, the bot shows the new name."""

from __future__ import annotations

import urllib.request
from datetime import datetime, timedelta

from icalendar import Calendar
from sqlmodel import Session, select

from storage.models import Mission, Notification
from tests.conftest import CHANNEL, DIRECTOR, KARIM, MARIE, PARIS
from tests.scenarios.steps import SETUP_VALUES, TEAM, deliverer, direct, open_form
from tests.slackcheck import all_text

PRIVATE = "G0PRIVE"


def at(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def started(box) -> None:
    """A directed mission with an action for Karim due Friday (a DM reminder Thursday, Friday, then overdue
    nudges) and a weekly meeting whose reminders go to the channel; what the commands posted, delivered."""
    direct(box)
    box.driver.command("/action", "Réserver l'hémicycle <@U0KARIM|karim> pour vendredi", user=MARIE, channel=CHANNEL)
    box.driver.command("/meeting", 'add weekly "Point hebdo" every tuesday 09:30', user=MARIE, channel=CHANNEL)
    deliverer(box).tick()


def to(box, target: str, since: int) -> list[str]:
    """What the bot posted (or tried to post) to a channel or a person's DM since `since`."""
    dm = "D" + target[1:] if target.startswith("U") else target
    calls = box.slack.since(since)
    return [all_text(c.args) for c in calls if c.method.startswith("chat.") and c.args.get("channel") in (target, dm)]


def pending(box) -> list[Notification]:
    with Session(box.runtime.engine) as s:
        return list(s.exec(select(Notification).where(Notification.state == "pending")))


def states(box) -> dict[str, int]:
    with Session(box.runtime.engine) as s:
        found: dict[str, int] = {}
        for row in s.exec(select(Notification)):
            found[row.state] = found.get(row.state, 0) + 1
        return found


def test_an_archived_channel_holds_its_mission_and_tells_the_director_once(box):
    started(box)
    mark = box.slack.mark()
    box.driver.archive(CHANNEL, by=MARIE)
    box.driver.archive(CHANNEL, by=MARIE)  # Slack's retry, or another client: nothing more
    (told,) = to(box, DIRECTOR, mark)
    assert f"<#{CHANNEL}>" in told and "archivé" in told and "pause" in told
    # the week goes by: nothing is tried in the channel, nothing reaches Karim about the mission, nothing fails
    clock = deliverer(box)
    for day in range(1, 8):
        box.clock.set(at(2026, 12, day, 9, 45))
        clock.tick()
    assert to(box, CHANNEL, mark) == [] and to(box, KARIM, mark) == []
    assert "failed" not in states(box)
    assert len(to(box, DIRECTOR, mark)) == 1  # no failure notice per row either
    assert any(r.target == CHANNEL for r in pending(box)) and any(r.target == KARIM for r in pending(box))


def test_unarchived_it_resumes_and_what_passed_follows_the_downtime_policy(box):
    started(box)
    box.driver.archive(CHANNEL, by=MARIE)
    box.clock.set(at(2026, 12, 8, 10, 0))  # archived a week: the Tuesday meeting's 9:30 sitting is past
    mark = box.slack.mark()
    box.driver.archive(CHANNEL, by=MARIE, archived=False)
    (told,) = to(box, DIRECTOR, mark)
    assert f"<#{CHANNEL}>" in told and "reprend" in told
    report = deliverer(box).tick()
    assert report.failed == 0 and report.sent >= 1
    dropped = {r.kind for r in _rows(box, "dropped")}
    assert {"action.before", "action.due"} <= dropped  # pointless now, as after a downtime
    (late,) = to(box, KARIM, mark)
    assert "En retard" in late and "Envoyé en retard" in late  # the overdue nudge of Monday, marked late
    # the meeting's next reminders are planned again, in time, for the sitting still to come
    ahead = [r for r in pending(box) if r.target == CHANNEL]
    assert ahead and all(r.planned_at > box.clock.now() for r in ahead)


def test_a_post_refused_as_archived_before_the_event_came_holds_the_mission(box):
    """Slack's event may come after a clock tried the channel (or never come): its `is_archived` answer holds
    the mission as the event would, and fails nothing."""
    started(box)
    box.slack.state.channels[CHANNEL].archived = True  # no event (yet)
    mark = box.slack.mark()
    box.clock.set(min(r.planned_at for r in pending(box) if r.entity == "meeting"))  # the sitting's reminder is due
    clock = deliverer(box)
    assert clock.tick().held == 1
    clock.tick()  # the director's notice
    (told,) = to(box, DIRECTOR, mark)
    assert "archivé" in told and "failed" not in states(box)
    box.driver.archive(CHANNEL, by=MARIE)  # the event, late: nothing more
    box.clock.set(at(2026, 12, 9, 9, 45))
    clock.tick()
    assert len(to(box, DIRECTOR, mark)) == 1 and len(to(box, CHANNEL, mark)) == 1  # the one refused post


def test_the_bot_removed_holds_the_same_way_and_invited_back_resumes(box):
    started(box)
    mark = box.slack.mark()
    box.driver.remove_bot(CHANNEL, by=MARIE)  # channel_left, then member_left_channel: one removal
    (told,) = to(box, DIRECTOR, mark)
    assert f"<#{CHANNEL}>" in told and "retiré" in told
    box.clock.set(at(2026, 12, 3, 9, 0))  # Karim's "day before" reminder is due
    deliverer(box).tick()
    assert to(box, KARIM, mark) == [] and "failed" not in states(box)
    box.driver.invite_bot(CHANNEL, by=MARIE)
    assert "reprend" in to(box, DIRECTOR, mark)[-1]
    deliverer(box).tick()
    (reminder,) = to(box, KARIM, mark)
    assert "Bientôt" in reminder


def test_someone_else_leaving_the_channel_changes_nothing(box):
    started(box)
    mark = box.slack.mark()
    box.driver.event({"type": "member_left_channel", "user": MARIE, "channel": CHANNEL, "channel_type": "C"})
    assert to(box, DIRECTOR, mark) == []
    assert not _mission(box).bot_removed


def test_an_event_reaches_only_the_mission_of_its_own_workspace(box):
    """The channel's mission belongs to T0CONCERTO: an event another workspace says about that channel id
    (one that neither owns nor shares the mission) holds nothing."""
    started(box)
    mark = box.slack.mark()
    box.driver.event({"type": "channel_archive", "channel": CHANNEL, "user": "U0STRANGER"}, team="T0STRANGER")
    assert to(box, DIRECTOR, mark) == []
    assert not _mission(box).channel_archived


def test_a_private_channel_is_held_and_renamed_through_group_events(box):
    box.slack.add_channel(PRIVATE, "agence-interne", member=True, private=True)
    box.runtime.services.missions.for_channel(TEAM, PRIVATE)
    box.driver.command("/action", "Préparer le budget <@U0KARIM|karim> pour vendredi", user=MARIE, channel=PRIVATE)
    deliverer(box).tick()
    box.driver.archive(PRIVATE, by=MARIE)  # group_archive
    assert _mission(box, PRIVATE).channel_archived
    box.driver.rename(PRIVATE, "agence-budget")  # group_rename
    assert _mission(box, PRIVATE).channel_name == "agence-budget"
    mark = box.slack.mark()
    box.clock.set(at(2026, 12, 3, 9, 0))
    deliverer(box).tick()
    assert to(box, KARIM, mark) == []


def test_a_renamed_channel_shows_its_name_in_the_calendar(box):
    started(box)
    box.driver.rename(CHANNEL, "concertation-srdeii")
    token = box.runtime.services.missions.calendar_token(TEAM, CHANNEL, actor=DIRECTOR)
    with urllib.request.urlopen(f"{box.url}/calendar/{token}.ics", timeout=5) as res:
        feed = Calendar.from_ical(res.read())
    assert str(feed["X-WR-CALNAME"]) == "Concerto — concertation-srdeii"


def test_a_renamed_channel_names_the_exported_log(box):
    started(box)
    box.driver.rename(CHANNEL, "concertation-srdeii")
    box.driver.command("/concerto", "export", user=DIRECTOR, channel=CHANNEL)
    (shared,) = box.slack.state.shared
    assert shared["title"] == "Journal des actions et décisions — #concertation-srdeii"


def test_a_renamed_channel_retitles_the_mission_canvas(box):
    box.driver.submit(open_form(box, "/concerto", "setup", DIRECTOR), SETUP_VALUES, user=DIRECTOR)
    clock = deliverer(box)
    box.clock.advance(timedelta(seconds=5))
    assert clock.tick().canvases == 1
    assert box.slack.channel_canvas(CHANNEL).title == "Mission dashboard"  # no name known yet
    box.driver.rename(CHANNEL, "concertation-srdeii")
    box.clock.advance(timedelta(minutes=2))
    assert clock.tick().canvases == 1  # nothing else changed: the name alone is worth a write
    assert box.slack.channel_canvas(CHANNEL).title == "Mission dashboard — #concertation-srdeii"
    box.clock.advance(timedelta(minutes=2))
    box.driver.command("/action", "Relire la convention pour vendredi", user=MARIE, channel=CHANNEL)
    box.clock.advance(timedelta(minutes=2))
    clock.tick()
    edit = box.slack.calls("canvases.edit")[-1]
    assert [c["operation"] for c in edit.args["changes"]] == ["replace"]  # retitled once


def _mission(box, channel: str = CHANNEL) -> Mission:
    with Session(box.runtime.engine) as s:
        return s.exec(select(Mission).where(Mission.channel_id == channel)).one()


def _rows(box, state: str) -> list[Notification]:
    with Session(box.runtime.engine) as s:
        return list(s.exec(select(Notification).where(Notification.state == state)))
