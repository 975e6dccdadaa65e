"""Action items: create, list and change them, with permissions and an audit trail."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.actions.notices import link_label, plan_assigned, plan_changed, plan_created, post_key, stored_view
from bot.actions.rules import ActionDue, plan_action
from bot.actions.values import COUNT_UP_TO, ActionList, ActionView, AlreadyCreated, Draft, PastDue, view_of
from bot.clock import Clock
from bot.dates import When
from bot.errors import NotFound, Refused, UserError
from bot.i18n import N_
from bot.notices import Planned
from bot.outbox import Announce, apply_plan, recipients
from bot.permissions import may_change_action, may_hand_over
from bot.reach import Reach, check_reach
from bot.refresh.plan import touch
from bot.worktime import WorkWeek, work_week
from storage.db import Conflict, Engine, Session, read_scope, session_scope
from storage.models import (
    Action,
    AuditEntry,
    Milestone,
    Mission,
    Phase,
    id_of,
)
from storage.outbox import row_by_key
from storage.queries import (
    action_by_number,
    action_by_request_key,
    audit_by_request_key,
    open_actions,
    owners_of,
    record_audit,
    set_owners,
    take_number,
)

LIST_LIMIT = 40


def _set_due(action: Action, due: When | None, tz: ZoneInfo) -> None:
    action.due_date = due.day if due else None
    action.due_at = due.deadline(tz) if due else None
    action.due_all_day = due is None or due.at is None


def _link(session, action: Action, mission: Mission, link: str | None) -> None:
    """Attach the action to a phase or milestone of its own mission (anything else is ignored)."""
    kind, _, ident = (link or "").partition(":")
    model = {"phase": Phase, "milestone": Milestone}.get(kind)
    target = session.get(model, int(ident)) if model and ident.isdigit() else None
    if target is not None and target.mission_id == mission.id:
        setattr(action, f"{kind}_id", target.id)


def _when(action: Action, tz: ZoneInfo) -> When | None:
    if action.due_date is None:
        return None
    if action.due_all_day or action.due_at is None:
        return When(action.due_date)
    return When(action.due_date, action.due_at.astimezone(tz).time())


def _owners(session: Session, action: Action) -> list[str]:
    action_id = id_of(action)
    return owners_of(session, [action_id])[action_id]


UNCHANGED = {"done": N_("action.already_done"), "reopen": N_("action.already_open")}


def _changes_nothing(
    action: Action,
    current: ActionView,
    verb: str,
    *,
    owners: tuple[str, ...],
    due: When | None,
    text: str,
    tz: ZoneInfo,
) -> bool:
    """A change that would leave the action as it is (done twice, the same text): refused, so that no post
    is updated, nobody told and no audit line claims what did not happen."""
    if verb in ("done", "reopen"):
        return action.status == ("done" if verb == "done" else "open")
    if verb == "assign":
        return set(owners) == set(current.owners)
    if verb == "due":
        return due is not None and _when(action, tz) == due
    return verb == "edit" and text == action.text


def snoozed(current: When | None, today: date, week: WorkWeek) -> When:
    """The next working day after the due date, or after today if that is already past."""
    base = max(current.day, today) if current else today
    return When(week.working_day_on_or_after(base + timedelta(days=1)), current.at if current else None)


class Actions:
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self.engine, self.clock = engine, clock

    def create(
        self,
        mission: Mission,
        *,
        author: str,
        draft: Draft,
        tz: ZoneInfo,
        confirmed_past: bool = False,
        permalink: str | None = None,
        meeting: tuple[int, datetime] | None = None,
        link: str | None = None,
        request_key: str | None = None,
    ) -> ActionView:
        """`meeting`: (meeting id, occurrence) when the action was captured at a meeting;
        `link`: "phase:ID" or "milestone:ID" when it serves one of the mission's phases or milestones;
        `request_key` names the Slack request asking: if it already created an action, AlreadyCreated."""
        now = self.clock.now()
        if draft.due and draft.due.deadline(tz) <= now and not confirmed_past:
            raise PastDue(draft.due, draft.text, draft.as_dict())
        if request_key and (made := self._made_by(mission.team_id, request_key)) is not None:
            raise AlreadyCreated(made)
        try:
            return self._insert(mission, author, draft, tz, now, permalink, meeting, link, request_key)
        except Conflict:  # the same request, at the same moment (a double click): it made one
            made = self._made_by(mission.team_id, request_key) if request_key else None
            if made is None:
                raise
            raise AlreadyCreated(made) from None

    def _made_by(self, team_id: str, request_key: str) -> ActionView | None:
        with read_scope(self.engine) as session:
            action = action_by_request_key(session, team_id, request_key)
            if action is None:
                return None
            return stored_view(session, action)

    def _insert(
        self,
        mission: Mission,
        author: str,
        draft: Draft,
        tz: ZoneInfo,
        now: datetime,
        permalink: str | None,
        meeting: tuple[int, datetime] | None,
        link: str | None,
        request_key: str | None,
    ) -> ActionView:
        owners = draft.owners or (author,)
        with session_scope(self.engine) as session:
            action = Action(
                team_id=mission.team_id,
                mission_id=id_of(mission),
                number=take_number(session, id_of(mission), Mission.next_action_number),
                text=draft.text,
                created_by=author,
                created_at=now,
                updated_at=now,
                permalink=permalink,
                meeting_id=meeting[0] if meeting else None,
                meeting_at=meeting[1] if meeting else None,
                request_key=request_key,
            )
            _set_due(action, draft.due, tz)
            _link(session, action, mission, link)
            session.add(action)
            session.flush()
            set_owners(session, action, owners)
            session.flush()
            sync_action(session, action, mission, now)
            touch(session, mission, now, meeting_id=action.meeting_id)
            created = audited(
                session,
                mission,
                action,
                actor=author,
                verb="create",
                at=now,
                text=draft.text,
                owners=list(owners),
                due=action.due_at,
                permalink=permalink,
                link=link,
            )
            plan_created(session, action, mission, created, now)
            return view_of(action, owners, link_label(session, action))

    def list(self, mission: Mission, *, scope: str, viewer: str, user: str | None = None) -> ActionList:
        owner = {"mine": viewer, "user": user}.get(scope)
        due_before = self.clock.now() if scope == "overdue" else None
        with read_scope(self.engine) as session:
            rows, total = open_actions(
                session, mission, owner=owner, due_before=due_before, limit=LIST_LIMIT, count_up_to=COUNT_UP_TO
            )
            owners = owners_of(session, [id_of(a) for a in rows])
            return ActionList([view_of(a, owners[id_of(a)]) for a in rows], total)

    def get(self, mission: Mission, number: int) -> ActionView:
        with read_scope(self.engine) as session:
            action = self._find(session, mission, number)
            return stored_view(session, action)

    def reach(self, reach: Reach, action_id: int) -> tuple[Mission, int]:
        """The mission and number of the action a button or a form names, if the request reaches it (from
        its channel; from a DM or the Home, as its creator, an owner or the director): else "gone"."""
        with read_scope(self.engine) as session:
            action = session.get(Action, action_id)
            if action is None or action.status == "deleted":
                raise NotFound("error.gone")
            mission = session.get_one(Mission, action.mission_id)
            concerned = [action.created_by, *_owners(session, action), mission.director_id]
            return check_reach(session, reach, mission, concerned=concerned, gone=NotFound("error.gone")), action.number

    def change(
        self,
        mission: Mission,
        number: int,
        *,
        actor: str,
        verb: str,
        tz: ZoneInfo,
        owners: tuple[str, ...] = (),
        due: When | None = None,
        text: str = "",
        confirmed_past: bool = False,
        request_key: str | None = None,
    ) -> ActionView:
        """Apply one change (done, reopen, assign, due, snooze, edit, delete) if `actor` may, with what it
        causes in Slack (the post updated, new owners told) planned in the same transaction. `request_key`
        names the Slack request: run again (after a crash, say), it finds the change made and makes none."""
        now = self.clock.now()
        with session_scope(self.engine) as session:
            action = self._find(session, mission, number, deleted=request_key is not None)
            current = view_of(action, _owners(session, action))
            if request_key and audit_by_request_key(session, mission.team_id, request_key) is not None:
                return view_of(action, current.owners, link_label(session, action))
            if action.status == "deleted":
                raise NotFound("error.not_found", number=number)
            before = current.owners
            if not may_change_action(
                actor, director=mission.director_id, creator=current.created_by, owners=current.owners
            ):
                raise Refused("error.refused", number=number)
            if _changes_nothing(action, current, verb, owners=owners, due=due, text=text, tz=tz):
                raise UserError(UNCHANGED.get(verb, N_("action.unchanged")), number=number)
            detail: dict[str, object] = {}
            if verb == "done":
                action.status, action.done_at, action.done_by = "done", now, actor
            elif verb == "reopen":
                action.status, action.done_at, action.done_by = "open", None, None
            elif verb == "delete":
                action.status = "deleted"
            elif verb == "assign":
                detail = {"from": list(current.owners), "to": list(owners)}
                set_owners(session, action, owners)
                current = replace(current, owners=tuple(dict.fromkeys(owners)))
            elif verb in ("due", "snooze"):
                if verb == "snooze":
                    due = snoozed(_when(action, tz), now.astimezone(tz).date(), work_week(mission))
                elif due is None:
                    raise ValueError("a due change without its new due date")
                elif due.deadline(tz) <= now and not confirmed_past:
                    raise PastDue(due, action.text, {"n": number, **due.as_dict()})
                detail = {"from": action.due_at, "to": due.deadline(tz)}
                _set_due(action, due, tz)
            elif verb == "edit":
                detail = {"from": action.text, "to": text}
                action.text = text
            else:
                raise ValueError(f"unknown change {verb!r}")
            action.updated_at = now
            session.flush()
            sync_action(session, action, mission, now)
            touch(session, mission, now, meeting_id=action.meeting_id)
            change = audited(
                session,
                mission,
                action,
                actor=actor,
                verb=verb,
                at=now,
                **detail,
            )
            change.request_key = request_key  # the same request run again finds it made
            plan_changed(session, action, change, now)
            if verb == "assign":
                plan_assigned(session, action, [o for o in current.owners if o not in before + (actor,)], change, now)
            return view_of(action, current.owners, link_label(session, action))

    def hand_over(
        self, mission: Mission, *, gone: str, to: str, actor: str, announce: Announce[Sequence[ActionView]]
    ) -> Sequence[ActionView]:
        """Every open action `gone` owns in the mission, now `to`'s instead (someone left, or changed
        role), each post brought up to date, and the channel told once."""
        if not may_hand_over(actor, director=mission.director_id):
            raise Refused("person.hand_over_refused")
        now = self.clock.now()
        with session_scope(self.engine) as session:
            announce.check(session, mission)
            owned, _ = open_actions(session, mission, owner=gone, limit=10_000, count_up_to=0)
            if not owned:
                raise UserError("person.nothing_to_hand_over")
            owners = owners_of(session, [id_of(a) for a in owned])
            views = []
            for action in sorted(owned, key=lambda a: a.number):
                before = owners[id_of(action)]
                after = tuple(dict.fromkeys(to if o == gone else o for o in before))
                set_owners(session, action, after)
                action.updated_at = now
                session.flush()
                sync_action(session, action, mission, now)
                change = audited(
                    session,
                    mission,
                    action,
                    actor=actor,
                    verb="assign",
                    at=now,
                    **{"from": list(before), "to": list(after)},
                )
                plan_changed(session, action, change, now)
                views.append(view_of(action, after))
            touch(session, mission, now)
            announce.plan(session, mission, views, now)
            return views

    def post_state(self, mission: Mission, action_id: int) -> tuple[str, str | None]:
        """Where the action's post stands (pending, sending, sent, failed, dropped) and Slack's last error."""
        with read_scope(self.engine) as session:
            post = row_by_key(session, mission.team_id, post_key(action_id))
            return (post.state, post.last_error) if post else ("missing", None)

    @staticmethod
    def _find(session, mission: Mission, number: int, *, deleted: bool = False) -> Action:
        """The action numbered so in the mission; a deleted one only if `deleted` (a request run again)."""
        action = action_by_number(session, id_of(mission), number)
        if action is None or (action.status == "deleted" and not deleted):
            raise NotFound("error.not_found", number=number)
        return action


def audited(
    session: Session, mission: Mission, action: Action, *, actor: str, verb: str, at: datetime, **detail: object
) -> AuditEntry:
    """A change to one of the mission's actions, in its audit trail."""
    return record_audit(
        session,
        team_id=mission.team_id,
        mission_id=mission.id,
        entity="action",
        entity_id=id_of(action),
        actor=actor,
        verb=verb,
        at=at,
        **detail,
    )


def sync_action(session: Session, action: Action, mission: Mission, now: datetime) -> None:
    """Bring the action's pending reminders in line with its current state."""
    planned: list[Planned] = []
    if action.status == "open" and action.due_at is not None and action.due_date is not None:
        due = ActionDue(id_of(action), action.due_at, action.due_date, action.due_all_day)
        owners = recipients(session, action.team_id, _owners(session, action), mission.timezone)
        planned = plan_action(due, owners, work_week(mission))
    apply_plan(
        session,
        team_id=action.team_id,
        mission_id=mission.id,
        entity="action",
        entity_id=id_of(action),
        planned=planned,
        now=now,
    )
