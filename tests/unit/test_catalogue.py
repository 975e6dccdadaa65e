"""The message catalogues: fr and en say the same things, the code asks only for what they hold, and every
command the help and the usage messages show parses."""

from __future__ import annotations

import ast
import re
from datetime import date, datetime
from pathlib import Path
from string import Formatter
from zoneinfo import ZoneInfo

import pytest

from bot.actions.grammar import parse_action_command
from bot.dates import parse_when
from bot.digests.grammar import parse_digest_command
from bot.i18n import LANGUAGES, catalogue, format_day, format_hhmm, format_month, t, tn
from bot.meetings.grammar import parse_meeting_command
from bot.phases.grammar import parse_phase_command

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(
    p
    for folder in ("bot", "handlers", "scheduler", "concerto", "sandbox", "storage")
    for p in (ROOT / folder).rglob("*.py")
    if "migrations" not in p.parts
)
NOW = datetime(2026, 11, 30, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))
PLURAL_FORMS = {"fr": "nplurals=2; plural=(n > 1);", "en": "nplurals=2; plural=(n != 1);"}
KEY_ARGUMENT = {
    "t": 1,
    "tn": 1,
    "N_": 0,
    "UserError": 0,
    "NotFound": 0,
    "Refused": 0,
    "GrammarError": 0,
    "FieldError": 1,
    "FormGone": 0,
    "AlreadyDone": 0,
    "modal": 2,
    "more_text": 1,
}  # where each call takes its msgid (bot/i18n.py)


def messages(lang: str) -> dict[str, tuple[str, ...]]:
    """msgid -> its forms (one, or one per plural form); the header left out."""
    return {
        m.id if isinstance(m.id, str) else m.id[0]: (m.string,) if isinstance(m.string, str) else tuple(m.string)
        for m in catalogue(lang)
        if m.id
    }


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name is not None}


def key_arguments() -> list[tuple[str, ast.expr]]:
    """Every msgid argument in the code, with where it is."""
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                at = KEY_ARGUMENT.get(name)
                if at is not None and len(node.args) > at:
                    found.append((f"{path.relative_to(ROOT)}:{node.lineno}", node.args[at]))
    return found


def test_both_catalogues_carry_the_same_msgids_placeholders_and_plurals():
    fr, en = messages("fr"), messages("en")
    assert sorted(fr) == sorted(en)
    for key in fr:
        assert len(fr[key]) == len(en[key]), f"{key}: plural in one language only"
        fields = {lang: [placeholders(form) for form in forms] for lang, forms in (("fr", fr[key]), ("en", en[key]))}
        assert all(f == fields["en"][0] for f in fields["fr"] + fields["en"]), f"{key}: placeholders {fields}"
        assert all(form.strip() for form in fr[key] + en[key]), f"{key}: untranslated"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plurals_follow_each_language(lang):
    assert catalogue(lang).plural_forms == PLURAL_FORMS[lang]
    forms = messages(lang)
    assert not [key for key, texts in forms.items() if any(re.search(r"\w\((s|x|e|es)\)", s) for s in texts)]
    assert tn(lang, "digest.agenda", 1, count=1) != tn(lang, "digest.agenda", 2, count=2)
    assert len(forms["digest.agenda"]) == 2


def test_plurals_read_as_people_write_them():
    assert tn("fr", "summary.head", 1, open=1, overdue=0) == "Votre semaine\u00a0: 1 action ouverte, 0 en retard."
    assert tn("fr", "summary.head", 2, open=2, overdue=0) == "Votre semaine\u00a0: 2 actions ouvertes, 0 en retard."
    assert tn("fr", "digest.agenda", 0, count=0) == "0 point à l'ordre du jour"  # French: 0 is singular
    assert tn("en", "digest.agenda", 0, count=0) == "0 agenda items"
    assert tn("en", "action.owners", 1) == "Owner" and tn("en", "action.owners", 2) == "Owners"


def test_every_msgid_the_code_uses_is_in_the_catalogue_and_written_literally():
    known = set(messages("en"))
    built = [where for where, arg in key_arguments() if isinstance(arg, ast.JoinedStr | ast.BinOp)]
    assert not built, f"msgids built at run time (use a literal, or an N_ table): {built}"
    literal = {arg.value: where for where, arg in key_arguments() if isinstance(arg, ast.Constant)}
    assert not {key: where for key, where in literal.items() if key not in known}
    assert sorted(known - set(literal)) == []  # none unused, none out of an extractor's sight


def test_an_unknown_msgid_fails_loudly():
    with pytest.raises(KeyError):
        t("fr", "no.such.message")


GRAMMARS = {
    "action": lambda text: parse_action_command(text, NOW),
    "meeting": lambda text: parse_meeting_command(text, NOW),
    "phase": lambda text: parse_phase_command(text, NOW),
    "digest": parse_digest_command,
}
SYNTAX = re.compile(r"&lt;|[\[\]|…]|\b[NMJK]\b")  # `/action done N`, `[mine|all]`: a form to fill, not an example
NAMED_IN_PROSE = {"/phase milestone add"}  # "add its milestones with `/phase milestone add`": a name, not an example


def as_slack_sends(typed: str) -> str:
    """`@marie` as Slack sends it to a slash command with escaping on: `<@U0MARIE|marie>`."""
    return re.sub(r"(?<!\w)@([a-z]\w*)", lambda m: f"<@U0{m.group(1).upper()}|{m.group(1)}>", typed)


def examples() -> list[tuple[str, str, str]]:
    """(msgid, command, its text) for every complete command the catalogues show, in help and usage texts."""
    found = []
    for lang in LANGUAGES:
        for key, forms in messages(lang).items():
            for quoted in re.findall(r"`(/(?:action|meeting|phase|digest)\b[^`]*)`", " ".join(forms)):
                quoted = re.sub(r"\{\w+\}", "2", quoted)  # shown with its {number} filled in
                if not SYNTAX.search(quoted) and quoted not in NAMED_IN_PROSE:
                    command, _, text = quoted[1:].partition(" ")
                    found.append((f"{lang}:{key}", command, as_slack_sends(text)))
    return found


def test_the_catalogues_show_many_examples():
    shown = {(command, text) for _, command, text in examples()}
    assert len(shown) > 40 and {command for command, _ in shown} == set(GRAMMARS)


@pytest.mark.parametrize(("where", "command", "text"), examples())
def test_every_example_parses(where, command, text):
    GRAMMARS[command](text)


DATE_SUGGESTIONS = {  # messages that suggest dates to type, and how what they suggest is read
    "error.bad_date": lambda text: parse_when(text, NOW),
    "error.no_such_date": lambda text: parse_when(text, NOW),
    "phase.need_date": lambda text: parse_when(text, NOW),
    "phase.need_dates": lambda text: [parse_when(part, NOW) for part in text.split()],
    "meeting.need_time": lambda text: parse_meeting_command(f'add weekly "Point" {text}', NOW),
    "meeting.need_date": lambda text: parse_meeting_command(f'add weekly "Point" {text}', NOW),
}


def suggestions() -> list[tuple[str, str]]:
    return [
        (f"{lang}:{key}", quoted)
        for lang in LANGUAGES
        for key in DATE_SUGGESTIONS
        for quoted in re.findall(r"`([^`]+)`", messages(lang)[key][0])
        if "{" not in quoted
    ]


def test_error_messages_suggest_dates():
    assert len(suggestions()) >= 20


@pytest.mark.parametrize(("where", "text"), suggestions())
def test_every_date_an_error_message_suggests_parses(where, text):
    DATE_SUGGESTIONS[where.partition(":")[2]](text)


PROSE_ONLY = re.compile(r"`[^`]*`|:[a-z_+\-0-9]+:|https?://\S+|\{[^}]*\}|\d:\d")  # code, emoji, links, fields


@pytest.mark.parametrize("lang", LANGUAGES)
def test_punctuation_is_spaced_as_each_language_writes_it(lang):
    """French puts a no-break space before `: ; ? !` (U+00A0, or the narrow U+202F); English puts none."""
    wrong = []
    for key, forms in messages(lang).items():
        for form in forms if not key.startswith("format.") else ():
            for m in re.finditer(r"(.?)([:;?!])", PROSE_ONLY.sub("x", form)):
                spaced = m.group(1) in "\u00a0\u202f" and m.group(1) != ""
                if (lang == "fr" and not spaced) or (lang == "en" and m.group(1).isspace()):
                    wrong.append(f"{key}: …{form[max(0, m.start() - 12) : m.end() + 4]}…")
    assert not wrong


def test_times_are_written_as_each_language_writes_them():
    assert [format_hhmm(hhmm, "fr") for hhmm in ("08:30", "14:00", "00:05")] == ["8h30", "14h", "0h05"]
    assert [format_hhmm(hhmm, "en") for hhmm in ("08:30", "14:00")] == ["08:30", "14:00"]
    assert format_month(date(2026, 12, 1), "fr") == "déc. 2026" and format_month(date(2026, 12, 1), "en") == "Dec 2026"


def test_angle_brackets_are_escaped_so_slack_shows_them():
    """`<date>` in a usage text is a link to Slack; `&lt;date&gt;` shows as typed. Only Slack's own markup
    (`<@U…>`, `<!channel>`, `<#C…>`, `<https://…|…>`) is left."""
    raw = [
        key
        for lang in LANGUAGES
        for key, forms in messages(lang).items()
        if any(re.search("[<>]", re.sub(r"<(?:[@!#]|https?:)[^<>]*>", "", form)) for form in forms)
    ]
    assert not raw


def test_a_sentence_ending_on_an_abbreviation_takes_one_dot():
    key = next(k for k, forms in messages("fr").items() if forms[0].endswith("est maintenant due {due}."))
    assert t("fr", key, number=3, due="mar. 15 déc.").endswith("due mar. 15 déc.")


def test_a_day_outside_this_year_shows_its_year_and_one_read_out_of_time_always_does():
    today = date(2026, 12, 3)
    assert format_day(date(2026, 12, 4), "fr", today) == "ven. 4 déc."
    assert format_day(date(2027, 1, 4), "fr", today) == "lun. 4 janv. 2027"
    assert format_day(date(2025, 12, 4), "en", today) == "Thu 4 Dec 2025"
    assert format_day(date(2026, 12, 4), "fr", None) == "ven. 4 déc. 2026"
