"""French and English texts. `t(lang, key, **params)`; dates formatted without system locales."""
from __future__ import annotations

from datetime import date, datetime

LANGUAGES = ("fr", "en")

WEEKDAYS_SHORT = {
    "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    "fr": ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."],
}
WEEKDAYS_LONG = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
}
ORDINALS = {"en": {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"},
            "fr": {1: "premier", 2: "deuxième", 3: "troisième", 4: "quatrième", -1: "dernier"}}
MONTHS_SHORT = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "fr": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
}

ACTION_HELP = {
    "en": (
        "*/action* — capture and follow action items\n"
        "• `/action <text> [@owner …] [due|by <date>]` — create one (owner: you unless you mention someone)\n"
        "• `/action` — open the form\n"
        "• `/action list [mine|all|overdue|@user]` — open actions\n"
        "• `/action done N` · `/action reopen N` · `/action delete N`\n"
        "• `/action assign N @user …` · `/action due N <date>` · `/action edit N <text>`\n"
        "Dates: `04/12` (4 December), `4/12/2026`, `2026-12-04`, `friday`, `tomorrow`, `next monday`, "
        "`in 3 days`, `end of week`, with a time like `14:30`, `2pm` or `14h30`. "
        "French works too: `vendredi`, `demain`, `lundi prochain`, `dans 3 jours`, `fin de semaine`.\n"
        "Only the creator, an owner or the project director may change an action."
    ),
    "fr": (
        "*/action* — noter et suivre les actions\n"
        "• `/action <texte> [@responsable …] [pour|avant <date>]` — créer (responsable : vous, sauf mention)\n"
        "• `/action` — ouvrir le formulaire\n"
        "• `/action list [mine|all|overdue|@personne]` — actions ouvertes (à moi, toutes, en retard)\n"
        "• `/action done N` · `/action reopen N` · `/action delete N`\n"
        "• `/action assign N @personne …` · `/action due N <date>` · `/action edit N <texte>`\n"
        "Dates : `04/12` (4 décembre), `4/12/2026`, `2026-12-04`, `vendredi`, `demain`, `lundi prochain`, "
        "`dans 3 jours`, `fin de semaine`, avec une heure comme `14h30`, `14:30` ou `2pm`. "
        "L'anglais marche aussi : `friday`, `tomorrow`, `next monday`, `in 3 days`.\n"
        "Seuls le créateur, un responsable ou le directeur de projet peuvent modifier une action."
    ),
}
MEETING_HELP = {
    "en": (
        "*/meeting* — the weekly coordination meeting, committees and consultation sessions\n"
        "• `/meeting add weekly \"Réunion de coordination\" every tuesday 09:30 for 1h`\n"
        "• `/meeting add cotech \"COTECH n°2\" on 10/12 14:00 for 2h where Salle Garonne`\n"
        "• `/meeting add workshop \"Atelier 3\" every other thursday 14h with @marie @tom` (they get DMs too)\n"
        "  kinds: `weekly`, `cotech`, `elected`, `seminar`, `workshop`, `debate`, `other`; "
        "also `monthly on the first monday 10:00`, `every monday and thursday 9h`\n"
        "• `/meeting list` · `/meeting next [kind]`\n"
        "• `/meeting cancel N [date]` (one occurrence) · `/meeting move N <date> <time>` (the next one) · "
        "`/meeting end N` (the series) · `/meeting delete N`\n"
        "• `/meeting edit N title \"…\"` · `edit N where …` · `edit N for 90min` · `edit N time 10:00` · "
        "`edit N reminders -7d -1d@16:00 -1h`\n"
        "• `/meeting agenda N` · `/meeting agenda N add <item>` · `/meeting agenda N done K`\n"
        "• `/meeting decide N <decision>` · `/meeting decisions [N]` (the register) · `/meeting ics` (calendar link)\n"
        "After each meeting its organiser is asked for its decisions and actions.\n"
        "Reminders go to the channel before each meeting (weekly: the day before at 16:00 and an hour before; "
        "committees: 7 days and 1 day before), with the agenda and the open actions to review. "
        "Only the organiser or the project director may change a meeting; anyone may add to the agenda."
    ),
    "fr": (
        "*/meeting* — la réunion de coordination hebdomadaire, les comités et les temps de concertation\n"
        "• `/meeting add weekly \"Réunion de coordination\" tous les mardis 9h30 pendant 1h`\n"
        "• `/meeting add cotech \"COTECH n°2\" le 10/12 à 14h pendant 2h lieu Salle Garonne`\n"
        "• `/meeting add workshop \"Atelier 3\" un jeudi sur deux 14h avec @marie @tom` (ils reçoivent aussi un MP)\n"
        "  types : `weekly`, `cotech`, `elected`, `seminar`, `workshop`, `debate`, `other` ; "
        "aussi `tous les mois le premier lundi 10h`, `tous les lundis et jeudis 9h`\n"
        "• `/meeting list` · `/meeting next [type]`\n"
        "• `/meeting cancel N [date]` (une séance) · `/meeting move N <date> <heure>` (la prochaine) · "
        "`/meeting end N` (la série) · `/meeting delete N`\n"
        "• `/meeting edit N titre \"…\"` · `edit N lieu …` · `edit N pendant 1h30` · `edit N heure 10h` · "
        "`edit N rappels -7d -1d@16:00 -1h`\n"
        "• `/meeting agenda N` · `/meeting agenda N add <point>` · `/meeting agenda N done K`\n"
        "• `/meeting decide N <décision>` · `/meeting decisions [N]` (le registre) · `/meeting ics` (lien du calendrier)\n"
        "Après chaque réunion, son organisateur est invité à noter décisions et actions.\n"
        "Les rappels partent dans le canal avant chaque réunion (hebdo : la veille à 16h et une heure avant ; "
        "comités : 7 jours et 1 jour avant), avec l'ordre du jour et les actions ouvertes à passer en revue. "
        "Seuls l'organisateur ou le directeur de projet peuvent modifier une réunion ; tout le monde peut compléter l'ordre du jour."
    ),
}
PHASE_HELP = {
    "en": (
        "*/phase* — consultation phases, milestones and deadline alerts\n"
        "• `/phase add \"Ateliers thématiques\" 01/02/2027 30/04/2027`\n"
        "• `/phase milestone add 1 \"Invitations envoyées\" 15/01/2027 @marie` (`none` instead of a phase number "
        "for a milestone outside any phase)\n"
        "• `/phase milestone done M` · `reopen M` · `delete M`\n"
        "• `/phase list` (the plan, with today) · `/phase timeline` (the picture) · `/phase alerts 14 7 3 1 0` · "
        "`/phase move N <new start>` · "
        "`/phase edit N name \"…\" | start <date> | end <date>` · `/phase delete N`\n"
        "A milestone in a phase moves with the phase. Alerts go to this channel and to the owner 14, 7, 3 and 1 "
        "days before and on the day, when work starts; then after 1, 3 and 7 working days late, and the project "
        "director is told. They stop when the milestone is done."
    ),
    "fr": (
        "*/phase* — phases de la concertation, jalons et alertes d'échéance\n"
        "• `/phase add \"Ateliers thématiques\" 01/02/2027 30/04/2027`\n"
        "• `/phase milestone add 1 \"Invitations envoyées\" 15/01/2027 @marie` (`aucune` au lieu du numéro de "
        "phase pour un jalon hors phase)\n"
        "• `/phase milestone done J` · `reopen J` · `delete J`\n"
        "• `/phase list` (le plan, avec aujourd'hui) · `/phase timeline` (l'image) · `/phase alerts 14 7 3 1 0` · "
        "`/phase move N <nouveau début>` · "
        "`/phase edit N nom \"…\" | debut <date> | fin <date>` · `/phase delete N`\n"
        "Un jalon dans une phase suit la phase. Les alertes partent dans ce canal et au responsable 14, 7, 3 et 1 "
        "jours avant et le jour même, en début de journée ; puis après 1, 3 et 7 jours ouvrés de retard, et le "
        "directeur de projet est prévenu. Elles s'arrêtent quand le jalon est atteint."
    ),
}
CONCERTO_HELP = {
    "en": (
        "*Concerto* coordinates the mission from this channel.\n"
        "• `/concerto setup` — project director, time zone, language and working hours for this channel\n"
        "• `/concerto settings` — which reminders you get (the day before, on the day, when overdue)\n"
        "• `/concerto export` — the action and decision log as a CSV file\n"
        "• `/concerto help` — this help\n"
        "• `/action help` — action items\n"
        "• Message menu ⋯ › *Create action item* — turn any message into an action\n"
        "• `/meeting help`, `/phase help`, `/digest help` — meetings, the mission plan, the director's digest"
    ),
    "fr": (
        "*Concerto* coordonne la mission depuis ce canal.\n"
        "• `/concerto setup` — directeur de projet, fuseau horaire, langue et heures ouvrées du canal\n"
        "• `/concerto settings` — les rappels que vous recevez (la veille, le jour même, en cas de retard)\n"
        "• `/concerto export` — le journal des actions et décisions en CSV\n"
        "• `/concerto help` — cette aide\n"
        "• `/action help` — les actions\n"
        "• Menu du message ⋯ › *Create action item* — transformer un message en action\n"
        "• `/meeting help`, `/phase help`, `/digest help` — réunions, plan de mission, point du directeur"
    ),
}

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "error.empty_text": "An action needs a description. Example: `/action Send the seminar invitations @marie by friday`",
        "error.text_too_long": "That text is {length} characters; the limit is {limit}. Shorten it and try again.",
        "error.bad_date": "I could not read the date `{fragment}`. Try `04/12`, `friday 14:30`, `tomorrow` or `in 3 days`.",
        "error.list_usage": "I don't know the list `{given}`. Use `/action list mine`, `all`, `overdue` or `@someone`.",
        "usage.done": "Usage: `/action done N` (N is the action number, e.g. `/action done 12`). To create an action that starts with this word, use `/action add …`.",
        "usage.reopen": "Usage: `/action reopen N`, e.g. `/action reopen 12`.",
        "usage.delete": "Usage: `/action delete N`, e.g. `/action delete 12`.",
        "usage.assign": "Usage: `/action assign N @someone …`, e.g. `/action assign 12 @marie`.",
        "usage.due": "Usage: `/action due N <date>`, e.g. `/action due 12 friday 14:30`.",
        "usage.edit": "Usage: `/action edit N <new text>`, e.g. `/action edit 12 Send the final programme`.",
        "error.not_found": "There is no action #{number} in this channel. `/action list all` shows the open ones.",
        "error.gone": "That action no longer exists.",
        "error.refused": "Only the creator, an owner or the project director can change action #{number}.",
        "error.setup_refused": "Only the project director (<@{director}>) can change this channel's settings.",
        "error.bad_timezone": "`{given}` is not a time zone I know. Use an IANA name such as `Europe/Paris`.",
        "error.bad_language": "`{given}` is not a language I speak: choose fr or en.",
        "error.work_hours": "The working day must end after it starts.",
        "error.work_days": "Pick at least one working day.",
        "error.not_in_channel": "I can't post in this channel yet. Invite me with `/invite @Concerto`, then try again.",
        "error.unexpected": "Something went wrong on my side and nothing was changed. Please try again in a moment.",
        "error.time_without_date": "Pick a date for this time, or clear the time.",
        "error.past_in_form": "This date has passed. Pick a date to come, or leave it empty.",
        "past.question": "The due date {due} is in the past. Create the action anyway?",
        "past.confirm": "Create anyway",
        "past.cancel": "Cancel",
        "past.cancelled": "Cancelled: nothing was created.",
        "past.too_long": "The due date {due} is in the past. Give a date to come and try again.",
        "created": "Created action #{number}.",
        "changed.done": "Action #{number} is done.",
        "changed.reopen": "Action #{number} is open again.",
        "changed.assign": "Action #{number} now belongs to {owners}.",
        "changed.due": "Action #{number} is now due {due}.",
        "changed.edit": "Action #{number} was updated.",
        "changed.delete": "Action #{number} was deleted.",
        "changed.snooze": "Action #{number} is now due {due}.",
        "action.owners": "Owner(s)",
        "action.due": "Due",
        "action.no_due": "no due date",
        "action.overdue": "overdue",
        "action.created_by": "Created by {user}",
        "action.from_message": "from this message",
        "action.done_by": "Done by {user} · {when}",
        "action.deleted": "~#{number} {text}~ — deleted by {user}",
        "button.done": "Done",
        "button.snooze": "Snooze a day",
        "button.reassign": "Reassign",
        "button.reopen": "Reopen",
        "dm.assigned": "{author} gave you action #{number} in {channel}:",
        "list.mine": "Your open actions",
        "list.all": "Open actions",
        "list.overdue": "Overdue actions",
        "list.user": "Open actions of {user}",
        "list.empty": "Nothing here: no open action matches.",
        "list.more": "…and {count} more not shown. Narrow the list with `/action list overdue` or `@someone`.",
        "modal.action_title": "New action item",
        "modal.create": "Create",
        "modal.cancel": "Cancel",
        "modal.text": "What needs doing?",
        "modal.owners": "Owner(s)",
        "modal.due_date": "Due date",
        "modal.due_time": "Due time",
        "modal.link": "For a phase or milestone",
        "modal.phase_title": "New phase",
        "modal.phase_name": "Name",
        "modal.phase_start": "Starts",
        "modal.phase_end": "Ends",
        "modal.phase_hint": "Add its milestones with `/phase milestone add`; `/phase help` shows how.",
        "phase.need_name_form": "Give the phase a name.",
        "modal.prefill_cut": "The message is longer than {limit} characters: its beginning is below, and the action links to the whole message.",
        "modal.reassign_title": "Reassign action",
        "modal.save": "Save",
        "modal.reassign_to": "New owner(s) of #{number}",
        "modal.setup_title": "Concerto setup",
        "modal.director": "Project director",
        "modal.timezone": "Time zone (IANA name)",
        "modal.language": "Language of the channel",
        "modal.work_start": "Working day starts",
        "modal.work_end": "Working day ends",
        "modal.work_days": "Working days",
        "modal.holidays": "Public holidays",
        "modal.skip_holidays": "No reminders on French public holidays",
        "setup.saved": "Settings saved for this channel: director {director}, {timezone}, {language}, {start}–{end}.",
        "setup.none": "not set",
        "lang.fr": "Français",
        "lang.en": "English",
        "modal.prefs_title": "Your reminders",
        "prefs.intro": "Concerto reminds owners of their actions by direct message, during the channel's working hours in your own time zone.",
        "prefs.label": "Remind me",
        "prefs.before": "the working day before a due date",
        "prefs.due": "on the day (an hour before a set time)",
        "prefs.overdue": "when overdue (after 1, 3 and 7 working days)",
        "prefs.summary": "every Monday at 9:00, a summary of my actions and meetings",
        "summary.head": "Your week: {open} open action(s), {overdue} overdue.",
        "summary.meetings": "Your meetings this week",
        "prefs.saved": "Saved: your reminders for {count} open action(s) are up to date.",
        "reminder.before": ":alarm_clock: Coming up in {channel}: action #{number} is due {due}",
        "reminder.due": ":alarm_clock: Due today in {channel}: action #{number}, {due}",
        "reminder.overdue": ":rotating_light: Overdue in {channel}: action #{number} was due {due}",
        "reminder.late": ":hourglass: Sent late: it was planned for {when}, while Concerto was unavailable.",
        "failure.notice": ":warning: A Concerto message could not be delivered to {target} ({kind}): `{error}`. Check that the person or channel still exists and that Concerto is in the channel; `concerto outbox retry` sends it again.",
        "meeting.usage": "I don't know `{given}`. `/meeting help` lists what I understand.",
        "meeting.bad_kind": "`{given}` is not a kind of meeting. Use `weekly`, `cotech`, `elected`, `seminar`, `workshop`, `debate` or `other`.",
        "meeting.need_title": "Put the title in quotes, e.g. `/meeting add weekly \"Réunion de coordination\" every tuesday 09:30`.",
        "meeting.need_time": "When does it start? Add a time, e.g. `every tuesday 09:30` or `on 10/12 14:00`.",
        "meeting.need_date": "On which day? e.g. `on 10/12 14:00`, or `every tuesday 09:30` for a series.",
        "meeting.past": "That time has passed. Give a date to come.",
        "meeting.not_found": "There is no meeting #{number} in this channel. `/meeting list` shows them.",
        "meeting.refused": "Only the organiser or the project director can change meeting #{number}.",
        "meeting.no_occurrence": "Meeting #{number} has no occurrence to come on that day.",
        "meeting.no_item": "There is no item {item} on the agenda of meeting #{number}.",
        "meeting.usage_cancel": "Usage: `/meeting cancel N [date]`, e.g. `/meeting cancel 2 15/12`.",
        "meeting.usage_move": "Usage: `/meeting move N <date> <time>`, e.g. `/meeting move 2 17/12 10:00`.",
        "meeting.usage_end": "Usage: `/meeting end N`.",
        "meeting.usage_delete": "Usage: `/meeting delete N`.",
        "meeting.usage_agenda": "Usage: `/meeting agenda N`, `/meeting agenda N add <item>` or `/meeting agenda N done K`.",
        "meeting.next": "Next",
        "meeting.where": "Where",
        "meeting.with": "With",
        "meeting.organised_by": "Organised by {user}",
        "meeting.none": "No meeting is scheduled in this channel yet. `/meeting help` shows how.",
        "meeting.none_left": "no occurrence to come",
        "meeting.list": "Meetings",
        "meeting.once": "once",
        "meeting.every": "every {days}",
        "meeting.every_other": "every other {days}",
        "meeting.monthly": "the {ordinal} {day} of the month",
        "meeting.and": "and",
        "meeting.reminder": ":calendar: {title}: {when}",
        "meeting.agenda": "Agenda",
        "meeting.agenda_empty": "Nothing on the agenda yet: add an item with the button or `/meeting agenda {number} add …`.",
        "meeting.carried": "carried over",
        "meeting.actions": "Open actions to review",
        "meeting.no_actions": "No open action due before the meeting.",
        "meeting.more_actions": "…and {count} more: `/action list all`.",
        "meeting.cancelled": ":no_entry_sign: Cancelled: {title}, {when} (by {user}).",
        "meeting.moved": ":arrows_counterclockwise: Moved: {title} now takes place {when} (by {user}).",
        "meeting.ended": "Meeting #{number} ends after today; its pending reminders are withdrawn.",
        "meeting.deleted": "Meeting #{number} was deleted; its pending reminders are withdrawn.",
        "meeting.item_added": "Added to the agenda of {title} ({when}).",
        "button.add_item": "Add agenda item",
        "button.decisions": "Record decisions",
        "button.new_action": "New action",
        "meeting.follow_up": ":memo: {title} ({when}) is over. Record what was decided, and capture the actions it gave: they will be reviewed at the next one.",
        "meeting.decided": ":white_check_mark: Decisions of {title} ({when}), recorded by {user}:",
        "meeting.register": "Decision register",
        "meeting.no_decisions": "No decision recorded yet. After a meeting its organiser gets a button for them, or use `/meeting decide N <text>`.",
        "meeting.no_past": "Meeting #{number} has not taken place yet: there is nothing to record decisions for.",
        "meeting.usage_decide": "Usage: `/meeting decide N <decision>`, e.g. `/meeting decide 1 Le séminaire aura lieu le 15 janvier`.",
        "meeting.usage_reminders": "Reminders are lead times such as `-7d` (7 days before, when work starts), `-1d@16:00` (the day before at 16:00) or `-1h`, e.g. `/meeting edit 2 reminders -7d -1d@16:00`.",
        "modal.meeting_title": "New meeting",
        "modal.meeting_kind": "Kind",
        "modal.meeting_name": "Title",
        "modal.meeting_date": "Date (of the first one, for a series)",
        "modal.meeting_time": "Start time",
        "modal.meeting_repeat": "Repeats",
        "modal.meeting_duration": "Duration (default: by kind)",
        "modal.meeting_attendees_hint": "They also get the reminders by direct message.",
        "repeat.once": "Once",
        "repeat.weekly": "Every week, same day",
        "repeat.biweekly": "Every other week, same day",
        "repeat.monthly": "Every month, same weekday",
        "meeting.need_title_form": "Give the meeting a title.",
        "meeting.usage_edit": "Usage: `/meeting edit N title \"…\"`, `/meeting edit N where …`, `/meeting edit N for 90min` or `/meeting edit N time 10:00`.",
        "meeting.usage_decisions": "Usage: `/meeting decisions` (all) or `/meeting decisions N` (one meeting).",
        "modal.decisions_title": "Decisions",
        "modal.decisions_label": "Decisions of {title}, one per line",
        "meeting.usage_ics": "Usage: `/meeting ics` (the calendar link) or `/meeting ics reset` (a new link; the old one stops working).",
        "meeting.ics_url": "Subscribe to this channel's meetings in Outlook or Google Calendar with this link (keep it private): {url}\n`/meeting ics reset` revokes it and gives a new one.",
        "meeting.ics_no_url": "The calendar feed needs PUBLIC_URL to be set on the server. Meanwhile `concerto export ics --channel {channel}` writes the file.",
        "modal.agenda_title": "Agenda item",
        "modal.agenda_item": "Item for {title}",
        "kind.weekly": "Weekly meeting",
        "kind.cotech": "Technical committee (COTECH)",
        "kind.elected": "Elected committee",
        "kind.seminar": "Seminar",
        "kind.workshop": "Workshop",
        "kind.debate": "Departmental debate",
        "kind.other": "Meeting",
        "phase.usage": "I don't know `{given}`. `/phase help` lists what I understand.",
        "phase.usage_edit": "Usage: `/phase edit N name \"…\"`, `/phase edit N start <date>` or `/phase edit N end <date>`.",
        "phase.usage_move": "Usage: `/phase move N <new start date>`, e.g. `/phase move 2 08/02/2027`.",
        "phase.usage_delete": "Usage: `/phase delete N`.",
        "phase.usage_milestone": "Usage: `/phase milestone add <phase N | none> \"Name\" <date> [@owner]`, or `/phase milestone done|reopen|delete M`.",
        "phase.need_name": "Put the name in quotes, e.g. `/phase add \"Ateliers thématiques\" 01/02/2027 30/04/2027`.",
        "phase.need_dates": "Give a start and an end date, e.g. `01/02/2027 30/04/2027`.",
        "phase.need_date": "Which date? e.g. `15/01/2027`.",
        "phase.end_before_start": "The end date comes before the start date.",
        "phase.one_owner": "A milestone has one owner: mention a single person.",
        "phase.past": "That date has passed. Give a date to come.",
        "phase.not_found": "There is no phase {number} in this channel. `/phase list` shows them.",
        "phase.milestone_not_found": "There is no milestone M{number} in this channel. `/phase list` shows them.",
        "phase.milestone_gone": "That milestone no longer exists.",
        "phase.refused": "Only the project director (<@{director}>) can change the mission plan.",
        "phase.milestone_refused": "Only its owner, its creator or the project director can change milestone M{number}.",
        "phase.created": ":spiral_calendar_pad: Phase {phase}: {start} → {end}.",
        "phase.milestone_created": ":triangular_flag_on_post: Milestone {milestone}{where}: due {due}, owner {owner}. Alerts go out {days} days before (0: on the day), then when late.",
        "phase.usage_alerts": "Usage: `/phase alerts 14 7 3 1 0` (days before a milestone; 0 is the day itself).",
        "phase.alerts_set": "Milestone alerts now go out {days} days before; {count} open milestone(s) re-planned.",
        "phase.no_owner": "no owner",
        "phase.mark_done": "Mark done",
        "phase.timeline": "Mission plan",
        "phase.none": "No phase or milestone yet. `/phase help` shows how to add them.",
        "phase.now": "· _now_",
        "phase.loose": "Other milestones",
        "phase.more": "…and {count} more phases.",
        "phase.today_is": "Today: {today} · :white_check_mark: done · :hourglass_flowing_sand: to come · :red_circle: late",
        "phase.in_days": "in {days} days",
        "phase.today": "today",
        "phase.tomorrow": "tomorrow",
        "phase.legend_done": "done",
        "phase.legend_to_come": "to come",
        "phase.legend_late": "late",
        "phase.picture": "The mission plan, as of {today}.",
        "phase.no_upload": "I could not post the picture ({error}); here is the plan as text.",
        "phase.late_day": "a day late",
        "phase.late_days": "{days} days late",
        "phase.alert": ":triangular_flag_on_post: Milestone {milestone}{where} is due {due}, {when}. Owner: {owner}.",
        "phase.alert_late": ":red_circle: Milestone {milestone}{where} was due {due}: {when}. Owner: {owner}.",
        "phase.escalation": ":rotating_light: Escalation: milestone {milestone}{where} was due {due} and is {when}. Owner: {owner}.",
        "phase.changed": "Phase {phase} is now {start} → {end}; its milestones and their alerts moved with it.",
        "phase.deleted": "Phase {number} and its milestones were deleted; their alerts are withdrawn.",
        "phase.milestone_done": ":white_check_mark: Milestone {milestone} is done; its alerts stop.",
        "phase.milestone_reopen": "Milestone {milestone} is open again; its alerts resume.",
        "phase.milestone_delete": "Milestone {milestone} was deleted; its alerts are withdrawn.",
        "export.title": "Action and decision log",
        "export.comment": "The action and decision log of this mission (CSV for Excel: UTF-8, `;`).",
        "export.refused": "Only the project director (<@{director}>) can export the log.",
        "export.failed": "I could not post the file ({error}). `concerto export actions --channel {channel}` writes it on the server.",
        "home.title": "Concerto",
        "home.actions": "Your open actions ({count})",
        "home.no_actions": "Nothing open for you. Capture an action with /action.",
        "home.more": "…and {count} more: `/action list` in their channels.",
        "home.meetings": "Your next meetings",
        "home.no_meetings": "None in the next two weeks.",
        "home.phase_now": "Now: {phase}, until {end}.",
        "home.next_milestone": "Next milestone: {milestone}, {due}.",
        "home.team": "Team (open/late):",
        "digest.title": "Action digest",
        "digest.mute": "Leave a section out from now on",
        "digest.rhythm_name_weekly": "Weekly",
        "digest.rhythm_name_daily": "Every working day",
        "digest.rhythm_name_off": "Off",
        "digest.muted": "“{section}” is left out of the digests to come; `/digest settings` brings it back.",
        "modal.digest_title": "Digest settings",
        "modal.digest_rhythm": "Rhythm",
        "modal.digest_day": "Day (weekly)",
        "modal.digest_time": "Time",
        "modal.digest_sections": "Sections",
        "digest.section_overdue": "Overdue",
        "digest.section_soon": "Due in 7 days",
        "digest.section_owners": "Open by owner",
        "digest.section_done": "Done",
        "digest.section_meetings": "Meetings",
        "digest.section_milestones": "Milestones at risk",
        "digest.health": "{open} open ({open_trend} in a week) · {overdue} overdue ({overdue_trend}) · {done} done since the last digest · {soon} due in the next 7 days",
        "digest.overdue": "Overdue, oldest first",
        "digest.days_late": "{days} days late",
        "digest.late_today": "late since today",
        "digest.soon": "Due in the next 7 days",
        "digest.by_owner": "Open, by owner",
        "digest.owner_line": "• {owner} — {open} open, {overdue} overdue",
        "digest.more_owners": "…and {count} more owners.",
        "digest.done": "Done since the last digest",
        "digest.meetings": "Meetings in the next 7 days",
        "digest.agenda": "{count} agenda item(s)",
        "digest.milestones": "Milestones at risk (late or within 14 days)",
        "digest.more": "…and {count} more.",
        "digest.full_list": "Full list of open actions",
        "digest.nudge": "Nudge someone (sends them their list)",
        "digest.personal": "Your actions: {open} open, {overdue} overdue. (The team digest is for the project director.)",
        "digest.yours": "Yours",
        "digest.nudged": "{owner} got their list of open actions.",
        "digest.nudge_dm": "{director} asks you to have a look at your open actions in {channel}:",
        "digest.queued": "The digest is on its way to the project director (within seconds).",
        "digest.no_director": "This channel has no project director yet: name one with `/concerto setup`.",
        "digest.only_director": "Only the project director (<@{director}>) can send or configure the team digest.",
        "digest.settings_saved": "Digest: {rhythm}.",
        "digest.rhythm_weekly": "every {day} at {time}",
        "digest.rhythm_daily": "every working day at {time}",
        "digest.rhythm_off": "off",
        "digest.usage": "Usage: `/digest` (preview), `/digest send`, `/digest settings weekly friday 17:00`, `/digest settings daily 18:00` or `/digest settings off`.",
    },
    "fr": {
        "error.empty_text": "Une action a besoin d'une description. Exemple : `/action Envoyer les invitations du séminaire @marie pour vendredi`",
        "error.text_too_long": "Ce texte fait {length} caractères ; la limite est {limit}. Raccourcissez-le et réessayez.",
        "error.bad_date": "Je n'ai pas compris la date `{fragment}`. Essayez `04/12`, `vendredi 14h30`, `demain` ou `dans 3 jours`.",
        "error.list_usage": "Je ne connais pas la liste `{given}`. Utilisez `/action list mine`, `all`, `overdue` ou `@quelqu'un`.",
        "usage.done": "Usage : `/action done N` (N est le numéro de l'action, ex. `/action done 12`). Pour créer une action qui commence par ce mot, utilisez `/action add …`.",
        "usage.reopen": "Usage : `/action reopen N`, ex. `/action reopen 12`.",
        "usage.delete": "Usage : `/action delete N`, ex. `/action delete 12`.",
        "usage.assign": "Usage : `/action assign N @quelqu'un …`, ex. `/action assign 12 @marie`.",
        "usage.due": "Usage : `/action due N <date>`, ex. `/action due 12 vendredi 14h30`.",
        "usage.edit": "Usage : `/action edit N <nouveau texte>`, ex. `/action edit 12 Envoyer le programme définitif`.",
        "error.not_found": "Il n'y a pas d'action n°{number} dans ce canal. `/action list all` montre les actions ouvertes.",
        "error.gone": "Cette action n'existe plus.",
        "error.refused": "Seuls le créateur, un responsable ou le directeur de projet peuvent modifier l'action n°{number}.",
        "error.setup_refused": "Seul le directeur de projet (<@{director}>) peut modifier les réglages de ce canal.",
        "error.bad_timezone": "`{given}` n'est pas un fuseau horaire connu. Utilisez un nom IANA comme `Europe/Paris`.",
        "error.bad_language": "`{given}` n'est pas une langue disponible : choisissez fr ou en.",
        "error.work_hours": "La journée de travail doit finir après avoir commencé.",
        "error.work_days": "Choisissez au moins un jour ouvré.",
        "error.not_in_channel": "Je ne peux pas encore écrire dans ce canal. Invitez-moi avec `/invite @Concerto`, puis réessayez.",
        "error.unexpected": "Un problème est survenu de mon côté et rien n'a été modifié. Réessayez dans un instant.",
        "error.time_without_date": "Choisissez une date pour cette heure, ou effacez l'heure.",
        "error.past_in_form": "Cette date est passée. Choisissez une date à venir, ou laissez vide.",
        "past.question": "L'échéance {due} est déjà passée. Créer l'action quand même ?",
        "past.confirm": "Créer quand même",
        "past.cancel": "Annuler",
        "past.cancelled": "Annulé : rien n'a été créé.",
        "past.too_long": "L'échéance {due} est déjà passée. Donnez une date à venir et réessayez.",
        "created": "Action n°{number} créée.",
        "changed.done": "L'action n°{number} est terminée.",
        "changed.reopen": "L'action n°{number} est rouverte.",
        "changed.assign": "L'action n°{number} est maintenant confiée à {owners}.",
        "changed.due": "L'action n°{number} est maintenant due {due}.",
        "changed.edit": "L'action n°{number} a été modifiée.",
        "changed.delete": "L'action n°{number} a été supprimée.",
        "changed.snooze": "L'action n°{number} est maintenant due {due}.",
        "action.owners": "Responsable(s)",
        "action.due": "Échéance",
        "action.no_due": "sans échéance",
        "action.overdue": "en retard",
        "action.created_by": "Créée par {user}",
        "action.from_message": "depuis ce message",
        "action.done_by": "Terminée par {user} · {when}",
        "action.deleted": "~n°{number} {text}~ — supprimée par {user}",
        "button.done": "Terminé",
        "button.snooze": "Reporter d'un jour",
        "button.reassign": "Réassigner",
        "button.reopen": "Rouvrir",
        "dm.assigned": "{author} vous a confié l'action n°{number} dans {channel} :",
        "list.mine": "Vos actions ouvertes",
        "list.all": "Actions ouvertes",
        "list.overdue": "Actions en retard",
        "list.user": "Actions ouvertes de {user}",
        "list.empty": "Rien ici : aucune action ouverte ne correspond.",
        "list.more": "…et {count} autres non affichées. Affinez avec `/action list overdue` ou `@quelqu'un`.",
        "modal.action_title": "Nouvelle action",
        "modal.create": "Créer",
        "modal.cancel": "Annuler",
        "modal.text": "Que faut-il faire ?",
        "modal.owners": "Responsable(s)",
        "modal.due_date": "Échéance",
        "modal.due_time": "Heure",
        "modal.link": "Pour une phase ou un jalon",
        "modal.phase_title": "Nouvelle phase",
        "modal.phase_name": "Nom",
        "modal.phase_start": "Début",
        "modal.phase_end": "Fin",
        "modal.phase_hint": "Ajoutez ses jalons avec `/phase milestone add` ; `/phase help` explique comment.",
        "phase.need_name_form": "Donnez un nom à la phase.",
        "modal.prefill_cut": "Le message dépasse {limit} caractères : son début est ci-dessous, et l'action renvoie au message entier.",
        "modal.reassign_title": "Réassigner l'action",
        "modal.save": "Enregistrer",
        "modal.reassign_to": "Nouveau(x) responsable(s) de n°{number}",
        "modal.setup_title": "Réglages Concerto",
        "modal.director": "Directeur de projet",
        "modal.timezone": "Fuseau horaire (nom IANA)",
        "modal.language": "Langue du canal",
        "modal.work_start": "Début de journée",
        "modal.work_end": "Fin de journée",
        "modal.work_days": "Jours ouvrés",
        "modal.holidays": "Jours fériés",
        "modal.skip_holidays": "Pas de rappel les jours fériés français",
        "setup.saved": "Réglages enregistrés pour ce canal : directeur {director}, {timezone}, {language}, {start}–{end}.",
        "setup.none": "non défini",
        "lang.fr": "Français",
        "lang.en": "English",
        "modal.prefs_title": "Vos rappels",
        "prefs.intro": "Concerto rappelle leurs actions aux responsables par message direct, pendant les heures ouvrées du canal, dans votre propre fuseau horaire.",
        "prefs.label": "Me rappeler",
        "prefs.before": "la veille ouvrée d'une échéance",
        "prefs.due": "le jour même (une heure avant une heure fixée)",
        "prefs.overdue": "en cas de retard (après 1, 3 et 7 jours ouvrés)",
        "prefs.summary": "chaque lundi à 9h, un résumé de mes actions et réunions",
        "summary.head": "Votre semaine : {open} action(s) ouverte(s), {overdue} en retard.",
        "summary.meetings": "Vos réunions de la semaine",
        "prefs.saved": "Enregistré : vos rappels pour {count} action(s) ouverte(s) sont à jour.",
        "reminder.before": ":alarm_clock: Bientôt dans {channel} : l'action n°{number} est due {due}",
        "reminder.due": ":alarm_clock: À faire aujourd'hui dans {channel} : l'action n°{number}, {due}",
        "reminder.overdue": ":rotating_light: En retard dans {channel} : l'action n°{number} était due {due}",
        "reminder.late": ":hourglass: Envoyé en retard : prévu pour {when}, pendant une indisponibilité de Concerto.",
        "failure.notice": ":warning: Un message de Concerto n'a pas pu être remis à {target} ({kind}) : `{error}`. Vérifiez que la personne ou le canal existe encore et que Concerto est dans le canal ; `concerto outbox retry` le renvoie.",
        "meeting.usage": "Je ne connais pas `{given}`. `/meeting help` liste ce que je comprends.",
        "meeting.bad_kind": "`{given}` n'est pas un type de réunion. Utilisez `weekly`, `cotech`, `elected`, `seminar`, `workshop`, `debate` ou `other`.",
        "meeting.need_title": "Mettez le titre entre guillemets, ex. `/meeting add weekly \"Réunion de coordination\" tous les mardis 9h30`.",
        "meeting.need_time": "À quelle heure ? Ajoutez-la, ex. `tous les mardis 9h30` ou `le 10/12 à 14h`.",
        "meeting.need_date": "Quel jour ? ex. `le 10/12 à 14h`, ou `tous les mardis 9h30` pour une série.",
        "meeting.past": "Ce moment est passé. Donnez une date à venir.",
        "meeting.not_found": "Il n'y a pas de réunion n°{number} dans ce canal. `/meeting list` les montre.",
        "meeting.refused": "Seuls l'organisateur ou le directeur de projet peuvent modifier la réunion n°{number}.",
        "meeting.no_occurrence": "La réunion n°{number} n'a pas de séance à venir ce jour-là.",
        "meeting.no_item": "Il n'y a pas de point {item} à l'ordre du jour de la réunion n°{number}.",
        "meeting.usage_cancel": "Usage : `/meeting cancel N [date]`, ex. `/meeting cancel 2 15/12`.",
        "meeting.usage_move": "Usage : `/meeting move N <date> <heure>`, ex. `/meeting move 2 17/12 10h`.",
        "meeting.usage_end": "Usage : `/meeting end N`.",
        "meeting.usage_delete": "Usage : `/meeting delete N`.",
        "meeting.usage_agenda": "Usage : `/meeting agenda N`, `/meeting agenda N add <point>` ou `/meeting agenda N done K`.",
        "meeting.next": "Prochaine",
        "meeting.where": "Lieu",
        "meeting.with": "Avec",
        "meeting.organised_by": "Organisée par {user}",
        "meeting.none": "Aucune réunion n'est encore prévue dans ce canal. `/meeting help` explique comment faire.",
        "meeting.none_left": "plus de séance à venir",
        "meeting.list": "Réunions",
        "meeting.once": "une fois",
        "meeting.every": "tous les {days}",
        "meeting.every_other": "un {days} sur deux",
        "meeting.monthly": "le {ordinal} {day} du mois",
        "meeting.and": "et",
        "meeting.reminder": ":calendar: {title} : {when}",
        "meeting.agenda": "Ordre du jour",
        "meeting.agenda_empty": "Rien à l'ordre du jour pour l'instant : ajoutez un point avec le bouton ou `/meeting agenda {number} add …`.",
        "meeting.carried": "reporté",
        "meeting.actions": "Actions ouvertes à passer en revue",
        "meeting.no_actions": "Aucune action ouverte due avant la réunion.",
        "meeting.more_actions": "…et {count} autres : `/action list all`.",
        "meeting.cancelled": ":no_entry_sign: Annulée : {title}, {when} (par {user}).",
        "meeting.moved": ":arrows_counterclockwise: Déplacée : {title} a désormais lieu {when} (par {user}).",
        "meeting.ended": "La réunion n°{number} s'arrête après aujourd'hui ; ses rappels en attente sont retirés.",
        "meeting.deleted": "La réunion n°{number} a été supprimée ; ses rappels en attente sont retirés.",
        "meeting.item_added": "Ajouté à l'ordre du jour de {title} ({when}).",
        "button.add_item": "Ajouter un point",
        "button.decisions": "Noter les décisions",
        "button.new_action": "Nouvelle action",
        "meeting.follow_up": ":memo: {title} ({when}) est terminée. Notez ce qui a été décidé et les actions qui en découlent : elles seront passées en revue à la prochaine.",
        "meeting.decided": ":white_check_mark: Décisions de {title} ({when}), notées par {user} :",
        "meeting.register": "Registre des décisions",
        "meeting.no_decisions": "Aucune décision notée pour l'instant. Après une réunion, son organisateur reçoit un bouton pour cela, ou utilisez `/meeting decide N <texte>`.",
        "meeting.no_past": "La réunion n°{number} n'a pas encore eu lieu : pas de décision à noter.",
        "meeting.usage_decide": "Usage : `/meeting decide N <décision>`, ex. `/meeting decide 1 Le séminaire aura lieu le 15 janvier`.",
        "meeting.usage_reminders": "Les rappels sont des délais comme `-7d` (7 jours avant, en début de journée), `-1d@16:00` (la veille à 16h) ou `-1h`, ex. `/meeting edit 2 rappels -7d -1d@16:00`.",
        "modal.meeting_title": "Nouvelle réunion",
        "modal.meeting_kind": "Type",
        "modal.meeting_name": "Titre",
        "modal.meeting_date": "Date (de la première, pour une série)",
        "modal.meeting_time": "Heure de début",
        "modal.meeting_repeat": "Répétition",
        "modal.meeting_duration": "Durée (par défaut : selon le type)",
        "modal.meeting_attendees_hint": "Ils reçoivent aussi les rappels par message direct.",
        "repeat.once": "Une fois",
        "repeat.weekly": "Chaque semaine, même jour",
        "repeat.biweekly": "Une semaine sur deux, même jour",
        "repeat.monthly": "Chaque mois, même jour de la semaine",
        "meeting.need_title_form": "Donnez un titre à la réunion.",
        "meeting.usage_edit": "Usage : `/meeting edit N titre \"…\"`, `/meeting edit N lieu …`, `/meeting edit N pendant 1h30` ou `/meeting edit N heure 10h`.",
        "meeting.usage_decisions": "Usage : `/meeting decisions` (toutes) ou `/meeting decisions N` (une réunion).",
        "modal.decisions_title": "Décisions",
        "modal.decisions_label": "Décisions de {title}, une par ligne",
        "meeting.usage_ics": "Usage : `/meeting ics` (le lien du calendrier) ou `/meeting ics reset` (un nouveau lien ; l'ancien cesse de fonctionner).",
        "meeting.ics_url": "Abonnez-vous aux réunions de ce canal dans Outlook ou Google Agenda avec ce lien (à garder privé) : {url}\n`/meeting ics reset` le révoque et en donne un nouveau.",
        "meeting.ics_no_url": "Le flux de calendrier demande que PUBLIC_URL soit défini sur le serveur. En attendant, `concerto export ics --channel {channel}` écrit le fichier.",
        "modal.agenda_title": "Point à l'ordre du jour",
        "modal.agenda_item": "Point pour {title}",
        "kind.weekly": "Réunion hebdomadaire",
        "kind.cotech": "Comité technique (COTECH)",
        "kind.elected": "Comité des élus",
        "kind.seminar": "Séminaire",
        "kind.workshop": "Atelier",
        "kind.debate": "Débat départemental",
        "kind.other": "Réunion",
        "phase.usage": "Je ne connais pas `{given}`. `/phase help` liste ce que je comprends.",
        "phase.usage_edit": "Usage : `/phase edit N nom \"…\"`, `/phase edit N debut <date>` ou `/phase edit N fin <date>`.",
        "phase.usage_move": "Usage : `/phase move N <nouvelle date de début>`, ex. `/phase move 2 08/02/2027`.",
        "phase.usage_delete": "Usage : `/phase delete N`.",
        "phase.usage_milestone": "Usage : `/phase milestone add <phase N | aucune> \"Nom\" <date> [@responsable]`, ou `/phase milestone done|reopen|delete M`.",
        "phase.need_name": "Mettez le nom entre guillemets, ex. `/phase add \"Ateliers thématiques\" 01/02/2027 30/04/2027`.",
        "phase.need_dates": "Donnez une date de début et de fin, ex. `01/02/2027 30/04/2027`.",
        "phase.need_date": "Quelle date ? ex. `15/01/2027`.",
        "phase.end_before_start": "La date de fin précède la date de début.",
        "phase.one_owner": "Un jalon a un seul responsable : mentionnez une seule personne.",
        "phase.past": "Cette date est passée. Donnez une date à venir.",
        "phase.not_found": "Il n'y a pas de phase {number} dans ce canal. `/phase list` les montre.",
        "phase.milestone_not_found": "Il n'y a pas de jalon J{number} dans ce canal. `/phase list` les montre.",
        "phase.milestone_gone": "Ce jalon n'existe plus.",
        "phase.refused": "Seul le directeur de projet (<@{director}>) peut modifier le plan de mission.",
        "phase.milestone_refused": "Seuls son responsable, son créateur ou le directeur de projet peuvent modifier le jalon J{number}.",
        "phase.created": ":spiral_calendar_pad: Phase {phase} : {start} → {end}.",
        "phase.milestone_created": ":triangular_flag_on_post: Jalon {milestone}{where} : échéance {due}, responsable {owner}. Alertes {days} jours avant (0 : le jour même), puis en cas de retard.",
        "phase.usage_alerts": "Usage : `/phase alerts 14 7 3 1 0` (jours avant un jalon ; 0 est le jour même).",
        "phase.alerts_set": "Les alertes de jalon partent désormais {days} jours avant ; {count} jalon(s) ouvert(s) replanifié(s).",
        "phase.no_owner": "sans responsable",
        "phase.mark_done": "Marquer atteint",
        "phase.timeline": "Plan de mission",
        "phase.none": "Aucune phase ni aucun jalon pour l'instant. `/phase help` explique comment les ajouter.",
        "phase.now": "· _en cours_",
        "phase.loose": "Autres jalons",
        "phase.more": "…et {count} phases de plus.",
        "phase.today_is": "Aujourd'hui : {today} · :white_check_mark: atteint · :hourglass_flowing_sand: à venir · :red_circle: en retard",
        "phase.in_days": "dans {days} jours",
        "phase.today": "aujourd'hui",
        "phase.tomorrow": "demain",
        "phase.legend_done": "atteint",
        "phase.legend_to_come": "à venir",
        "phase.legend_late": "en retard",
        "phase.picture": "Le plan de mission, au {today}.",
        "phase.no_upload": "Je n'ai pas pu publier l'image ({error}) ; voici le plan en texte.",
        "phase.late_day": "un jour de retard",
        "phase.late_days": "{days} jours de retard",
        "phase.alert": ":triangular_flag_on_post: Le jalon {milestone}{where} est dû {due}, {when}. Responsable : {owner}.",
        "phase.alert_late": ":red_circle: Le jalon {milestone}{where} était dû {due} : {when}. Responsable : {owner}.",
        "phase.escalation": ":rotating_light: Escalade : le jalon {milestone}{where} était dû {due} et a {when}. Responsable : {owner}.",
        "phase.changed": "La phase {phase} va désormais du {start} au {end} ; ses jalons et leurs alertes ont suivi.",
        "phase.deleted": "La phase {number} et ses jalons ont été supprimés ; leurs alertes sont retirées.",
        "phase.milestone_done": ":white_check_mark: Le jalon {milestone} est atteint ; ses alertes s'arrêtent.",
        "phase.milestone_reopen": "Le jalon {milestone} est rouvert ; ses alertes reprennent.",
        "phase.milestone_delete": "Le jalon {milestone} a été supprimé ; ses alertes sont retirées.",
        "export.title": "Journal des actions et décisions",
        "export.comment": "Le journal des actions et des décisions de la mission (CSV pour Excel : UTF-8, `;`).",
        "export.refused": "Seul le directeur de projet (<@{director}>) peut exporter le journal.",
        "export.failed": "Je n'ai pas pu publier le fichier ({error}). `concerto export actions --channel {channel}` l'écrit sur le serveur.",
        "home.title": "Concerto",
        "home.actions": "Vos actions ouvertes ({count})",
        "home.no_actions": "Rien d'ouvert pour vous. Notez une action avec /action.",
        "home.more": "…et {count} autres : `/action list` dans leurs canaux.",
        "home.meetings": "Vos prochaines réunions",
        "home.no_meetings": "Aucune dans les deux semaines.",
        "home.phase_now": "En cours : {phase}, jusqu'au {end}.",
        "home.next_milestone": "Prochain jalon : {milestone}, {due}.",
        "home.team": "Équipe (ouvertes/en retard) :",
        "digest.title": "Point sur les actions",
        "digest.mute": "Ne plus afficher une section",
        "digest.rhythm_name_weekly": "Hebdomadaire",
        "digest.rhythm_name_daily": "Chaque jour ouvré",
        "digest.rhythm_name_off": "Désactivé",
        "digest.muted": "« {section} » n'apparaîtra plus dans les prochains points ; `/digest settings` la rétablit.",
        "modal.digest_title": "Réglages du point",
        "modal.digest_rhythm": "Rythme",
        "modal.digest_day": "Jour (hebdomadaire)",
        "modal.digest_time": "Heure",
        "modal.digest_sections": "Sections",
        "digest.section_overdue": "En retard",
        "digest.section_soon": "Dues dans 7 jours",
        "digest.section_owners": "Par responsable",
        "digest.section_done": "Terminées",
        "digest.section_meetings": "Réunions",
        "digest.section_milestones": "Jalons à risque",
        "digest.health": "{open} ouvertes ({open_trend} en une semaine) · {overdue} en retard ({overdue_trend}) · {done} terminées depuis le dernier point · {soon} dues dans les 7 jours",
        "digest.overdue": "En retard, les plus anciennes d'abord",
        "digest.days_late": "{days} jours de retard",
        "digest.late_today": "en retard depuis aujourd'hui",
        "digest.soon": "Dues dans les 7 jours",
        "digest.by_owner": "Ouvertes, par responsable",
        "digest.owner_line": "• {owner} — {open} ouvertes, {overdue} en retard",
        "digest.more_owners": "…et {count} autres responsables.",
        "digest.done": "Terminées depuis le dernier point",
        "digest.meetings": "Réunions des 7 prochains jours",
        "digest.agenda": "{count} point(s) à l'ordre du jour",
        "digest.milestones": "Jalons à risque (en retard ou dans les 14 jours)",
        "digest.more": "…et {count} de plus.",
        "digest.full_list": "Liste complète des actions ouvertes",
        "digest.nudge": "Relancer quelqu'un (lui envoie sa liste)",
        "digest.personal": "Vos actions : {open} ouvertes, {overdue} en retard. (Le point d'équipe est réservé au directeur de projet.)",
        "digest.yours": "Les vôtres",
        "digest.nudged": "{owner} a reçu sa liste d'actions ouvertes.",
        "digest.nudge_dm": "{director} vous invite à regarder vos actions ouvertes dans {channel} :",
        "digest.queued": "Le point part vers le directeur de projet (dans quelques secondes).",
        "digest.no_director": "Ce canal n'a pas encore de directeur de projet : nommez-le avec `/concerto setup`.",
        "digest.only_director": "Seul le directeur de projet (<@{director}>) peut envoyer ou régler le point d'équipe.",
        "digest.settings_saved": "Point d'équipe : {rhythm}.",
        "digest.rhythm_weekly": "chaque {day} à {time}",
        "digest.rhythm_daily": "chaque jour ouvré à {time}",
        "digest.rhythm_off": "désactivé",
        "digest.usage": "Usage : `/digest` (aperçu), `/digest send`, `/digest settings weekly vendredi 17h`, `/digest settings daily 18h` ou `/digest settings off`.",
    },
}


def language(code: str | None, fallback: str = "en") -> str:
    """`fr-FR`, `fr`, `en-GB` … to one of ours."""
    code = (code or "")[:2].lower()
    return code if code in LANGUAGES else fallback


def t(lang: str, key: str, **params: object) -> str:
    return MESSAGES[language(lang)][key].format(**params)


def format_day(day: date, lang: str, today: date | None = None) -> str:
    """`Fri 4 Dec` / `ven. 4 déc.`, with the year when it is not this year."""
    lang = language(lang)
    text = f"{WEEKDAYS_SHORT[lang][day.weekday()]} {day.day} {MONTHS_SHORT[lang][day.month - 1]}"
    return text if today is None or day.year == today.year else f"{text} {day.year}"


def format_time(moment: datetime, lang: str) -> str:
    return f"{moment.hour}h{moment.minute:02d}" if language(lang) == "fr" else f"{moment:%H:%M}"


def format_moment(moment: datetime, lang: str, today: date | None = None) -> str:
    """A local datetime as `Fri 4 Dec, 14:30` / `ven. 4 déc., 14h30`."""
    return f"{format_day(moment.date(), lang, today)}, {format_time(moment, lang)}"


# --- issue 13 ---
# Messages added for issue 13 (faithful to Slack). One block, so the move to .po catalogues can take it whole.
MESSAGES["en"].update({
    "feedback.invite_hint": "I could not answer you in {channel}, where I am not a member: invite me there with "
                            "`/invite @Concerto`.",
    "created.already": "Action #{number} was already created by this request: nothing more was made.",
    "created.not_posted": "I could not post it in the channel (Slack said `{error}`): it is saved, "
                          "`/action list` shows it.",
    "modal.links_more": "…and {count} more phases or milestones not listed (a menu holds 100).",
    "home.more_missions": "…and {count} more missions: `/phase` in their channels.",
    "meeting.register_more": "…and {count} older decisions: `/concerto export` gives them all.",
})
MESSAGES["fr"].update({
    "feedback.invite_hint": "Je n'ai pas pu vous répondre dans {channel}, dont je ne suis pas membre : "
                            "invitez-moi avec `/invite @Concerto`.",
    "created.already": "L'action n°{number} a déjà été créée par cette demande : rien de plus n'a été créé.",
    "created.not_posted": "Je n'ai pas pu la publier dans le canal (Slack a répondu `{error}`) : elle est "
                          "enregistrée, `/action list` l'affiche.",
    "modal.links_more": "…et {count} autres phases ou jalons non listés (un menu en contient 100).",
    "home.more_missions": "…et {count} autres missions : `/phase` dans leurs canaux.",
    "meeting.register_more": "…et {count} décisions plus anciennes : `/concerto export` les donne toutes.",
})
