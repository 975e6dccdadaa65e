"""Reading Slack text in and making ours inert on the way out."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.i18n import format_moment
from bot.slacktext import (
    DATE_FORMATS,
    DATE_TOKEN,
    UserRef,
    date_token,
    escape,
    fallbacks,
    mention,
    split_mentions,
    to_plain,
    unescape,
    with_names,
)
from tests.conftest import PARIS

NEW_YORK = ZoneInfo("America/New_York")


def test_split_mentions():
    raw = "Book &lt;b&gt; &amp; <!channel> <@U123|bob> in <#C1|general> see <https://x.y/a?b=1&amp;c=2|doc>"
    assert split_mentions(raw) == [
        "Book <b> & ",
        "@channel",
        " ",
        UserRef("U123", "bob"),
        " in ",
        "#general",
        " see ",
        "doc (https://x.y/a?b=1&c=2)",
    ]


def test_special_mentions_become_plain_words():
    assert (
        to_plain("<!here> <!everyone> <!subteam^S1|@leads> <!date^1700000000^{date}|Nov 14>")
        == "@here @everyone @leads Nov 14"
    )


def test_private_use_characters_are_dropped():
    assert split_mentions("a\ue0001\ue001b") == ["a1b"]


@given(st.text())
def test_escaped_text_has_no_markup(text):
    out = escape(text)
    assert "<" not in out and ">" not in out
    assert unescape(out) == text


def test_mention_only_for_real_ids():
    assert mention("U0MARIE") == "<@U0MARIE>"
    assert mention("!channel") == "!channel"
    assert mention("U1><!here") == "U1&gt;&lt;!here"


def test_plain_text_names_people_and_keeps_link_labels():
    raw = "Voir <https://region.fr/programme|le programme> avec <@U0KARIM> et <http://x.fr|x.fr>"
    assert (
        to_plain(raw, {"U0KARIM": "Karim Benali"})
        == "Voir le programme (https://region.fr/programme) avec @Karim Benali et x.fr"
    )
    assert (
        with_names("Seul le directeur (<@U0CLAIRE>) peut &lt;tout&gt;", {"U0CLAIRE": "Claire"})
        == "Seul le directeur (@Claire) peut <tout>"
    )


AWARE = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.sampled_from([UTC, PARIS, NEW_YORK])
)


@given(AWARE, st.sampled_from(["fr", "en"]), st.sampled_from(["day", "moment", "time"]))
def test_a_date_token_holds_the_instant_and_our_words(instant, lang, shows):
    words = format_moment(instant, lang, None)
    token = date_token(instant, words, shows)
    (m,) = DATE_TOKEN.finditer(token)
    assert m.group(0) == token and int(m.group(1)) == int(instant.timestamp())
    assert m.group(2) == DATE_FORMATS[shows] and m.group(3) == words
    assert fallbacks(f"le {token}.") == f"le {words}." and to_plain(token) == words


def test_a_date_token_needs_an_aware_instant_and_a_fallback():
    with pytest.raises(ValueError):
        date_token(datetime(2026, 12, 1, 9, 30), "mar. 1 déc., 9h30")
    for bad in ("", " ", "a|b", "a\nb"):
        with pytest.raises(ValueError):
            date_token(datetime(2026, 12, 1, 9, 30, tzinfo=UTC), bad)


def test_a_date_token_without_fallback_reads_as_its_day():
    assert to_plain("due <!date^1796113800^{date_short_pretty}>") == "due 2026-12-01"
