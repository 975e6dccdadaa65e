"""People as people: only a real person directs a mission or owns an action, an admin can always repair the
setup, and plain text (headers, form errors, the shortcut's prefill) names people instead of showing markup."""

from __future__ import annotations

from sqlmodel import Session, select

from sandbox.standin import BOT_USER
from storage.models import Action, Mission
from tests.conftest import CHANNEL, DIRECTOR, KARIM, MARIE
from tests.scenarios.steps import SETUP_VALUES, open_form
from tests.slackcheck import all_text, only, shown

ADMIN, GONE = "U0ADMIN", "U0GONE"


def director_named(box) -> str | None:
    with Session(box.runtime.engine) as s:
        return s.exec(select(Mission)).one().director_id


def setup_as(box, director: str, user: str = DIRECTOR):
    values = {**SETUP_VALUES, "director": {"type": "users_select", "selected_user": director}}
    return box.driver.submit(open_form(box, "/concerto", "setup", user=user), values, user=user)


def test_neither_the_bot_nor_a_deactivated_account_can_be_named_director(box):
    box.slack.add_user(GONE, "gone", "Ancien Collègue", deleted=True)
    for account in (BOT_USER, GONE, "U0NOBODY"):
        reply = setup_as(box, account)
        errors = reply.json()["errors"]
        assert list(errors) == ["director"] and "bot" in errors["director"]
    assert director_named(box) is None
    assert setup_as(box, DIRECTOR).body == ""
    assert director_named(box) == DIRECTOR


def test_a_workspace_admin_can_always_repair_the_setup(box):
    box.slack.add_user(ADMIN, "admin", "Alice Admin", is_admin=True)
    setup_as(box, DIRECTOR)
    mark = box.slack.mark()
    box.driver.command("/concerto", "setup", user=KARIM, channel=CHANNEL)
    assert "callback_id" not in shown(box.slack.since(mark))  # the modal says why, with no form to submit
    assert setup_as(box, MARIE, user=ADMIN).body == ""
    assert director_named(box) == MARIE


def test_form_errors_name_people_rather_than_show_markup(box):
    karims = open_form(box, "/concerto", "setup", user=KARIM)  # opened before a director is named…
    box.driver.submit(open_form(box, "/concerto", "setup", user=DIRECTOR), SETUP_VALUES, user=DIRECTOR)
    reply = box.driver.submit(karims, {**SETUP_VALUES, "director": {"selected_user": KARIM}}, user=KARIM)  # …sent after
    error = reply.json()["errors"]["director"]
    assert "Claire Martin" in error and "<@" not in error and "U0CLAIRE" not in error


def test_actions_cannot_be_given_to_the_bot_or_an_unknown_id(box):
    mark = box.slack.mark()
    box.driver.command(
        "/action", f"Appeler la préfecture <@{BOT_USER}|concerto> pour vendredi", user=MARIE, channel=CHANNEL
    )
    answer = only(box.slack.since(mark), "respond").args["text"]
    assert "@Concerto" in answer and "bot" in answer
    box.driver.command("/action", "Appeler la préfecture <@U0NOBODY|x>", user=MARIE, channel=CHANNEL)
    with Session(box.runtime.engine) as s:
        assert not s.exec(select(Action)).all()


def test_a_plain_text_header_names_the_person_listed(box):
    box.driver.command("/action", "Réserver la salle <@U0KARIM|karim>", user=MARIE, channel=CHANNEL)
    mark = box.slack.mark()
    box.driver.command("/action", "list <@U0KARIM|karim>", user=MARIE, channel=CHANNEL)
    header = only(box.slack.since(mark), "respond").args["blocks"][0]
    assert header["text"] == {"type": "plain_text", "text": "Actions ouvertes de @Karim Benali", "emoji": True}


def test_the_shortcut_prefill_keeps_link_labels_and_names_people(box):
    mark = box.slack.mark()
    box.driver.message_shortcut(
        "create_action_item",
        user=MARIE,
        channel=CHANNEL,
        message_text="Relire <https://region.fr/programme|le programme> avec <@U0KARIM>",
        message_ts="1700000100.000100",
        author=DIRECTOR,
    )
    view = shown(box.slack.since(mark))
    text = next(b for b in view["blocks"] if b["block_id"] == "text")["element"]["initial_value"]
    assert text == "Relire le programme (https://region.fr/programme) avec @Karim Benali"
    assert "U0KARIM" not in all_text(view)
