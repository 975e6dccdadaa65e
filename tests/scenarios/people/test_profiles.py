"""What Slack says of a person (their zone and locale): cached for a day, still known while Slack is down,
learnt once from two first requests at once; a new zone re-plans their reminders."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.people.values import Profile
from handlers.identity import known
from tests.conftest import MARIE, PARIS, TOM
from tests.scenarios.steps import command, rows


def test_user_profiles_are_cached_for_a_day(box):
    people = box.runtime.services.people
    assert people.cached("T", "U1") is None
    people.learn("T", "U1", Profile("Asia/Tokyo", "en-US"))
    assert people.cached("T", "U1") == Profile("Asia/Tokyo", "en-US")
    box.clock.advance(timedelta(days=1, minutes=1))
    assert people.cached("T", "U1") is None  # asked again…
    assert people.last_known("T", "U1") == Profile("Asia/Tokyo", "en-US")  # …and known meanwhile


def test_user_profile_survives_slack_being_down(box):
    class Down:
        def users_info(self, **_: object) -> None:
            raise ConnectionError("no route")

    profile = known(box.runtime.services, "T", "U2", Down())
    assert profile.timezone is None and profile.zone("Europe/Paris") == ZoneInfo("Europe/Paris")


def test_two_first_requests_from_one_person_at_once(box):
    """Both fetch the profile from Slack and cache it; the second cache write must not fail the request."""
    from bot.people.values import Profile

    both_fetched = threading.Barrier(2, timeout=20)
    results, errors = [], []

    def fetch(_user: str) -> Profile:
        both_fetched.wait()  # neither has cached it yet
        return Profile("Europe/Paris", "fr-FR")

    def first_request() -> None:
        try:
            results.append(box.runtime.services.people.learn("T0CONCERTO", MARIE, fetch(MARIE)))
        except Exception as exc:  # noqa: BLE001 — collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=first_request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == [] and results == [Profile("Europe/Paris", "fr-FR")] * 2


def test_a_person_s_new_zone_seen_by_a_profile_refresh_re_plans_their_reminders(box):
    command(box, "/action", "list mine", user=TOM)  # his profile is cached: New York
    command(box, "/action", "Relire la note <@U0TOM|tom> pour 04/12", user=MARIE)
    before = {r.key: r.planned_at for r in rows(box, "action") if r.target == TOM}
    box.slack.state.users[TOM].tz = "Europe/Paris"  # Tom moved from New York to Bordeaux
    box.clock.advance(timedelta(days=1, minutes=1))  # the cached profile is stale: refreshed on his next request
    command(box, "/action", "list mine", user=TOM)
    after = {r.key: r.planned_at for r in rows(box, "action") if r.target == TOM}
    assert after.keys() == before.keys()
    due = next(k for k in after if ":due:" in k)
    assert after[due] == datetime(2026, 12, 4, 9, 0, tzinfo=PARIS) != before[due]
