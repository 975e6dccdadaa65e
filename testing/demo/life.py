"""The life of a mission after its first fortnight: a sitting moved by its date, and one moved without
saying which (the bot asks); Karim's account deactivated (his director is told once, and hands his actions
over from the DM); the channel archived (the mission holds, nothing fails) and unarchived."""

from __future__ import annotations

from datetime import datetime

from testing.demo.player import CHANNEL, CLAIRE, KARIM, MARIE, PARIS, Player, last


def life(p: Player) -> None:
    say, slack, drive = p.say, p.slack, p.drive
    p.box.clock.set(datetime(2026, 12, 11, 9, 0, tzinfo=PARIS))
    say.command(CLAIRE, "/meeting", "move 1 15/12 16/12 10h", note="the sitting of Tuesday 15th, to Wednesday 16th")
    asked = say.command(CLAIRE, "/meeting", "move 1 mercredi 23/12 10h", note="which sitting? the bot asks")
    mark = say.step(CLAIRE, "clicks [ mar. 22 déc., 9h30 ]")
    question = last(asked, "respond").args
    drive.click_button(question, "meeting_sitting_1", user=CLAIRE, channel=CHANNEL, ts="1")
    say.show(mark, CLAIRE)

    mark = say.step(CLAIRE, "— an admin deactivates Karim's account; Slack tells the app (user_change)")
    drive.deactivate(KARIM)
    say.show(mark, CLAIRE, p.tick())
    notice = [c for c in slack.since(mark) if c.method == "chat.postMessage" and c.args["channel"] == CLAIRE]
    if notice:
        mark = say.step(CLAIRE, "chooses Marie in [ Reassign all their actions to… ] in that DM")
        dm = notice[-1]
        drive.choose_user(
            dm.args, "person_hand_over", MARIE, user=CLAIRE, channel=dm.result["channel"], ts=dm.result["ts"]
        )
        say.show(mark, CLAIRE)

    mark = say.step(CLAIRE, "— Claire archives #mission-srdeii for the holidays (channel_archive)")
    drive.archive(CHANNEL, by=CLAIRE)
    say.show(mark, CLAIRE, p.tick())
    p.run_until(
        "the clock runs on while it is archived: the mission's reminders are held, none fails",
        datetime(2026, 12, 15, 18, 0, tzinfo=PARIS),
    )
    mark = say.step(CLAIRE, "— Claire unarchives it (channel_unarchive)")
    drive.archive(CHANNEL, by=CLAIRE, archived=False)
    say.show(mark, CLAIRE, p.tick())
