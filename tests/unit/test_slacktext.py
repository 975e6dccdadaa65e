"""Reading Slack text in and making ours inert on the way out."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.slacktext import UserRef, escape, mention, split_mentions, to_plain, unescape, with_names


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
