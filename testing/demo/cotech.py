"""The COTECH of 10 December: its agenda, a point done during it, the follow-up its organiser is asked
for, a decision and the minutes; then the canvases the clock writes, the mission's and the minutes'."""

from __future__ import annotations

from datetime import datetime

from testing.demo.player import CHANNEL, CLAIRE, KARIM, PARIS, TOM, Player, last


def cotech(p: Player) -> None:
    say, slack, drive = p.say, p.slack, p.drive
    say.command(KARIM, "/meeting", "agenda 2 add Calendrier des ateliers thématiques")
    say.command(KARIM, "/meeting", "agenda 2 add Budget du séminaire")
    p.box.clock.set(datetime(2026, 12, 10, 15, 30, tzinfo=PARIS))
    say.command(TOM, "/meeting", "agenda 2 done 1", note="during the COTECH")
    p.tick_at(
        "Thursday 10 December, 16:00: the COTECH is over; its organiser is asked for its follow-up",
        datetime(2026, 12, 10, 16, 0, tzinfo=PARIS),
    )
    p.box.clock.set(datetime(2026, 12, 10, 16, 30, tzinfo=PARIS))
    say.command(
        TOM,
        "/meeting",
        "decide 2 Le séminaire de lancement se tiendra le 15 janvier à l'hémicycle",
        note="after the COTECH",
    )
    say.command(TOM, "/meeting", "minutes 2")
    p.tick_at(
        "Thursday 10 December, 16:31: the clock writes the canvases", datetime(2026, 12, 10, 16, 31, tzinfo=PARIS)
    )

    prompt = [
        c
        for c in slack.calls("chat.postMessage")
        if c.args["channel"] == TOM and "meeting_new_action" in str(c.args.get("blocks"))
    ][-1]
    mark = say.step(TOM, "clicks [ New action ] in the COTECH's follow-up DM and fills the form")
    drive.click_button(
        prompt.args, "meeting_new_action", user=TOM, channel=prompt.result["channel"], ts=prompt.result["ts"]
    )
    form = last(slack.since(mark), "views.update").args["view"]
    drive.submit(
        form,
        {
            "text": {"type": "plain_text_input", "value": "Envoyer le relevé de décisions aux élus"},
            "owners": {"type": "multi_users_select", "selected_users": [CLAIRE]},
            "due_date": {"type": "datepicker", "selected_date": "2026-12-14"},
            "due_time": {"type": "timepicker", "selected_time": None},
        },
        user=TOM,
    )
    say.show(mark, TOM)
    p.tick_at(
        "Thursday 10 December, 16:33: the minutes follow (one write a minute at most)",
        datetime(2026, 12, 10, 16, 33, tzinfo=PARIS),
    )

    say.canvas("the mission canvas (the channel's canvas tab), after its week", slack.channel_canvas(CHANNEL))
    minutes = [c for c in slack.canvases().values() if not c.channel_canvas and c.channel == CHANNEL]
    say.canvas("the COTECH's minutes, shared in #mission-srdeii", minutes[-1] if minutes else None)
