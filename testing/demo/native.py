"""Native to Slack: the online forum's moderation workflow (Workflow Builder, started by its webhook) creates
an action through Concerto's step; the COTECH's minutes go to the Region's secretary, who approves them from
her DM; the minutes' canvas then says so."""

from __future__ import annotations

from datetime import datetime, timedelta

from testing.demo.player import CHANNEL, KARIM, PARIS, REGINE, TOM, Player

APPROVE = "minutes_approve"  # the [Approuver] button of the validator's DM (bot/approvals/blocks.py)


def native(p: Player) -> None:
    say, slack, drive = p.say, p.slack, p.drive
    p.box.clock.set(datetime(2026, 12, 10, 17, 0, tzinfo=PARIS))
    mark = say.step(
        KARIM,
        "— the forum's moderation tool calls its Workflow Builder webhook: a contribution to answer; the workflow's "
        "step Concerto › Create an action runs (function_executed)",
    )
    inputs = {
        "channel": CHANNEL,
        "text": "Répondre à la contribution n°214 (mobilité en zone rurale)",
        "owners": [KARIM],
        "due": "dans 5 jours",
    }
    _, execution = drive.step("create_action", inputs)
    say.show(mark, KARIM)
    ended = slack.execution(execution)
    print(f"  — the step ends: {ended.state}, outputs {ended.outputs}")

    say.command(TOM, "/meeting", "validator 2 <@U0REGINE|regine>", note="the Region's COTECH secretary")
    say.command(TOM, "/meeting", "minutes 2 10/12 submit")
    p.tick_at("Thursday 10 December, 17:01: the outbox delivers", datetime(2026, 12, 10, 17, 1, tzinfo=PARIS))
    asked = [c for c in slack.calls("chat.postMessage") if c.args["channel"] == REGINE and APPROVE in str(c.args)]
    if asked:
        dm = asked[-1]
        mark = say.step(REGINE, "clicks [ Approuver ] in her DM")
        drive.click_button(dm.args, APPROVE, user=REGINE, channel=dm.result["channel"], ts=dm.result["ts"])
        say.show(mark, REGINE)
    p.tick_at("Thursday 10 December, 17:03: the minutes' canvas follows", datetime(2026, 12, 10, 17, 3, tzinfo=PARIS))
    minutes = [c for c in slack.canvases().values() if not c.channel_canvas and c.channel == CHANNEL]
    say.canvas("the COTECH's minutes, approved", minutes[-1] if minutes else None)
    p.box.clock.advance(timedelta(minutes=1))
