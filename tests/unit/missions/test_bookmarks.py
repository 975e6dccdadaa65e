"""Matching the channel's bookmarks to those a mission wants (bot.missions.bookmarks.reconcile): each once,
found by its link or by one of its titles in either language; our title follows the language, a person's
own title stays."""

from __future__ import annotations

from bot.missions.bookmarks import Change, reconcile, wanted

CANVAS, PAGE = "https://w.slack.com/docs/T1/F2", "https://concerto.example.org/calendar/subscribe"
WANT = wanted("en", canvas_link=CANVAS, calendar_page=PAGE)


def there(id_: str, title: str, link: str) -> dict:
    return {"id": id_, "title": title, "link": link, "type": "link"}


def test_none_there_adds_each_once_and_all_there_changes_nothing():
    assert reconcile([], WANT) == [Change(w) for w in WANT]
    assert reconcile([there("Bk1", "Dashboard", CANVAS), there("Bk2", "Meetings calendar", PAGE)], WANT) == []


def test_a_new_link_edits_ours_found_by_its_title_in_either_language():
    (change,) = reconcile([there("Bk1", "Tableau de bord", "https://w.slack.com/docs/T1/OLD")], WANT[:1])
    assert (change.bookmark_id, change.bookmark.link, change.retitle) == ("Bk1", CANVAS, True)


def test_a_title_someone_gave_ours_is_kept_and_their_own_bookmarks_are_left_alone():
    mine = [there("Bk1", "Notre tableau", CANVAS), there("Bk9", "Dashboard (old)", "https://elsewhere.example")]
    assert reconcile(mine, WANT[:1]) == []
    assert wanted("en", canvas_link=None, calendar_page=None) == []
