"""Minutes the client approves, as people read them: the validator's DM with its two buttons, what it becomes
once answered, the form asking for a change, the answer told to whoever submitted, and the state line the
canvas and the Word file print. Pure: values and a reader's context in, Block Kit or text out."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

from bot.approvals.values import Approval, Submission
from bot.blocks import button, context, input_block, message, modal, section, sections_of
from bot.context import Context
from bot.i18n import N_, t
from bot.payloads import Json
from bot.slacktext import escape, mention

APPROVE, CHANGES = "minutes_approve", "minutes_changes"
FORM = "minutes_changes_form"
SHOWN = 15  # decisions listed in the DM; the canvas has them all
MAX_COMMENT = 1000


def sitting_title(sub: Submission, ctx: Context) -> str:
    return t(ctx.lang, "minutes.title", title=sub.title, day=ctx.day(sub.start.astimezone(ctx.tz).date()))


def button_value(approval: Approval) -> str:
    """What the buttons carry: the minutes and the version shown. Never who may click: Slack says who did."""
    return json.dumps({"a": approval.id, "v": approval.version})


def approval_request(sub: Submission, ctx: Context) -> Json:
    """The validator's DM: the minutes as submitted, [Approve] and [Ask for a change]."""
    lang, a = ctx.lang, sub.approval
    title = escape(sitting_title(sub, ctx))
    head = t(lang, "approval.asked", title=title, version=a.version, who=mention(a.submitted_by or ""))
    lines = [f"{n}. {escape(text)}" for n, text in enumerate(sub.decisions[:SHOWN], 1)]
    if len(sub.decisions) > SHOWN:
        lines.append(t(lang, "approval.more_decisions", count=len(sub.decisions) - SHOWN))
    blocks = [
        section(head),
        *sections_of([f"*{t(lang, 'minutes.decisions')}*", *(lines or [t(lang, "canvas.none")])]),
        context(t(lang, "approval.where", channel=sub.channel, actions=sub.actions)),
        {
            "type": "actions",
            "block_id": f"approval:{a.id}:{a.version}",
            "elements": [
                button(t(lang, "approval.approve"), APPROVE, button_value(a), "primary"),
                button(t(lang, "approval.ask_changes"), CHANGES, button_value(a)),
            ],
        },
    ]
    return message(head, blocks)


def answered(sub: Submission, ctx: Context) -> Json:
    """The validator's DM once they answered: what they said, and no buttons left to click."""
    a, title = sub.approval, escape(sitting_title(sub, ctx))
    when = ctx.moment(a.decided_at) if a.decided_at else ""
    if a.state == "approved":
        text = t(ctx.lang, "approval.you_approved", title=title, version=a.version, when=when)
    else:
        text = t(ctx.lang, "approval.you_asked", title=title, version=a.version, when=when, comment=_quoted(a))
    return message(text)


def outcome(sub: Submission, ctx: Context) -> Json:
    """Told to whoever submitted: the validator approved, or asks for a change (with their comment)."""
    a, title = sub.approval, escape(sitting_title(sub, ctx))
    who = mention(a.decided_by or "")
    if a.state == "approved":
        return message(t(ctx.lang, "approval.approved_dm", who=who, title=title, version=a.version))
    return message(
        t(ctx.lang, "approval.changes_dm", who=who, title=title, version=a.version, comment=_quoted(a))
        + "\n"
        + t(ctx.lang, "approval.resubmit_hint")
    )


def _quoted(a: Approval) -> str:
    return escape(" ".join((a.comment or "").split())) or "—"


def changes_modal(lang: str, metadata: Json) -> Json:
    """What [Ask for a change] opens: the comment for whoever submitted. `metadata`: what it answers, recorded
    when it opens (handlers.modals), never read back from the client."""
    element = {"type": "plain_text_input", "action_id": "value", "multiline": True, "max_length": MAX_COMMENT}
    return modal(
        FORM,
        lang,
        N_("approval.form_title"),
        [input_block("comment", t(lang, "approval.form_comment"), element)],
        metadata=metadata,
        submit_key=N_("approval.form_send"),
    )


def state_text(a: Approval | None, ctx: Context, person: Callable[[str], str], text: Callable[[str], str]) -> str:
    """Where a sitting's approval stands, in a line for the canvas or the Word file (`person` writes someone
    as the medium can, `text` makes a comment safe in it). None: a draft never submitted."""
    lang = ctx.lang
    if a is None:
        return t(lang, "approval.state_draft", version=1)

    def day(instant: datetime | None) -> str:
        return ctx.moment(instant) if instant is not None else "—"

    who = person(a.decided_by or "")
    if a.state == "submitted":
        asked = person(a.validator or "")
        return t(lang, "approval.state_submitted", version=a.version, who=asked, when=day(a.submitted_at))
    if a.state == "approved":
        return t(lang, "approval.state_approved", version=a.version, who=who, when=day(a.decided_at))
    if a.state == "changes":
        comment = text(" ".join((a.comment or "").split())) or "—"
        return t(lang, "approval.state_changes", version=a.version, who=who, when=day(a.decided_at), comment=comment)
    if a.state == "changed":
        return t(lang, "approval.state_changed", version=a.version, who=who, when=day(a.decided_at))
    return t(lang, "approval.state_draft", version=a.version)
