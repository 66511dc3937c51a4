"""Actions of the action plan (step 5 and after): something a member will do, by a deadline.
Creating them, changing them (card buttons, replies), /klaar and /acties; and what the
/actie dialog (bot.services.actions.dialog) and the reminders (bot.services.actions.reminders) build
on: who may change an action, its team, and its reminders, planned from its deadline. How an
action looks is bot.services.actions.view's.

Every decision is stored together with the messages it causes (the outbox) in one
transaction; no Telegram here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.clock import Clock
from bot.core.actions import brief
from bot.core.actions.action_line import Owner, parse_owner
from bot.core.actions.reminders import WorkingHours, plan_reminders
from bot.core.calendar.deadlines import DeadlineError, DeadlineReason, parse_deadline
from bot.core.documents.summary import pack
from bot.core.team.policy import Act
from bot.services.actions.view import ActionView, action_item
from bot.services.buttons import (
    ME,
    NO_BUTTONS,
    TYPE_IT,
    CardOp,
    CardPress,
    DeadlinePick,
    OwnerPick,
    force_reply,
)
from bot.services.calendar.calendars import TeamCalendars
from bot.services.common import (
    ButtonReply,
    MessageView,
    Person,
    Press,
    Refusal,
    Views,
    display_name,
    member_name,
    remember,
    send,
)
from bot.services.team import policy
from bot.texts import formatting
from bot.texts import help as help_texts
from bot.texts.actions import actions as action_texts
from bot.texts.actions import brief as brief_texts
from bot.texts.calendar.dates import deadline_problem
from bot.texts.session import session as session_texts
from storage.db import session_scope
from storage.models import Action, Member, OutboxMessage, Reminder, WorkSession
from storage.repo import actions as action_rows
from storage.repo import groups as group_rows
from storage.repo import members as member_rows
from storage.repo import outbox as outbox_rows
from storage.repo import sessions as session_rows
from storage.values import ActionStatus, EditField, Family, Kind

# Our other messages: a reply to one of them is no answer to the session either.
QUIET = frozenset(
    {
        Family.CHANGED,
        Family.DONE,
        Family.HELP,
        Family.DIALOG_CLOSED,
        Family.MEETING,
        Family.BRIEF,
        Family.VACATION,
    }
)
MAX_ACTION_TEXT = 1000
# Owner buttons offer the session's team and, after them, this many members seen lately.
MAX_SEEN_OWNERS = 8


@dataclass(frozen=True)
class MemberReply:
    """A member's reply, in a group, to one of the bot's messages."""

    chat_id: int
    message_id: int
    who: Person
    text: str
    replied_to_id: int
    # Members named by a text mention (they have no @username): visible text -> person.
    mentioned: Mapping[str, Person]
    # The replied message's text as the member's client shows it.
    replied_to_text: str = ""


def number_in(text: str | None) -> int | None:
    """An action number as typed ("12", "#12"); None when it is none, or too long to be one
    (those are 32-bit columns; member ids are not)."""
    value = (text or "").strip().lstrip("#")
    return int(value) if value.isdigit() and len(value) <= 9 else None


class ActionService:
    def __init__(
        self,
        *,
        engine: Engine,
        clock: Clock,
        tz: ZoneInfo,
        hours: WorkingHours,
        view: ActionView,
        calendars: TeamCalendars | None = None,
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.tz = tz
        self.hours = hours
        self.view = view
        self.calendars = calendars or TeamCalendars()

    # --- who and where -----------------------------------------------------------------

    def note_group_and_people(
        self, db: Session, *, chat_id: int, title: str | None, people: Sequence[Person]
    ) -> None:
        if title:
            group_rows.upsert_group(db, chat_id=chat_id, title=title, now=self.clock.now())
        for person in people:
            remember(db, person, now=self.clock.now())

    @staticmethod
    def session_of(db: Session, chat_id: int) -> WorkSession | None:
        """The group's latest session, which an action made now belongs to; None before the
        group's first session (then the action belongs to the group)."""
        return session_rows.latest_session(db, chat_id=chat_id)

    @staticmethod
    def chair_of(db: Session, chat_id: int) -> int | None:
        """The chair of the group's latest session also chairs its action plan (while
        still a member)."""
        return policy.chair_of(db, chat_id)

    def team(self, db: Session, chat_id: int) -> list[Member]:
        """Who may own an action: the latest session's participants and chair, then the
        members seen in the group lately; only who is in the group now."""
        session = session_rows.latest_session(db, chat_id=chat_id)
        ids = (
            [*session_rows.participant_ids(db, session_id=session.id), session.chair_id]
            if session
            else []
        )
        ids = [
            i for i in ids if i in member_rows.present_member_ids(db, chat_id=chat_id, user_ids=ids)
        ]
        seen = member_rows.group_member_ids(db, chat_id=chat_id)[:MAX_SEEN_OWNERS]
        ids = list(dict.fromkeys([*ids, *seen]))
        members = member_rows.members_by_id(db, user_ids=ids)
        return [members[i] for i in ids if i in members]

    def team_names(self, db: Session, chat_id: int) -> list[str]:
        """The names a member may type for someone of the team without @: first name,
        full name, username. `owner_from` decides whether one names a single member."""
        return [
            name
            for m in self.team(db, chat_id)
            for name in (m.first_name, display_name(m), m.username or "")
            if name
        ]

    def _action_in(self, db: Session, *, chat_id: int, action_id: int) -> Action:
        action = db.get(Action, action_id)
        if action is None or action.chat_id != chat_id:
            raise Refusal(action_texts.ACTION_NOT_IN_GROUP)
        return action

    @staticmethod
    def require_change(db: Session, action: Action, user_id: int) -> None:
        policy.require(
            db, Act.CHANGE_ACTION, chat_id=action.chat_id, user_id=user_id, action=action
        )

    # --- choosing an owner, a deadline, a text -----------------------------------------

    def picked_owner(self, db: Session, chat_id: int, arg: str, who: Person) -> int:
        """The owner a button names: the presser (ME) or someone of the team."""
        if arg == ME:
            return who.id
        # A member id (64-bit, unlike row ids), checked against the team, never looked up.
        if (owner_id := int(arg) if arg.isdigit() else None) in {
            m.id for m in self.team(db, chat_id)
        }:
            return owner_id
        raise Refusal(action_texts.NOT_IN_TEAM)

    def owner_from(
        self,
        db: Session,
        *,
        chat_id: int,
        owner: Owner | None,
        by: Person,
        mentioned: Mapping[str, Person],
    ) -> tuple[int | None, str | None]:
        """The owner's user id, or None and (when something was named) why not."""
        if owner is None:
            return None, None
        if owner.kind == "self":
            return by.id, None
        if owner.kind == "mention":
            named = mentioned[owner.value].id
            try:
                policy.require(db, Act.BE_NAMED, chat_id=chat_id, user_id=named)
            except Refusal as refusal:
                return None, refusal.text
            return named, None
        if owner.kind == "username":
            # Only among this group's members: Telegram cannot look up a @username for us,
            # and another group's people are no business of this one.
            member = member_rows.group_member_by_username(db, chat_id=chat_id, username=owner.value)
            return (member.id, None) if member else (None, action_texts.unknown_owner(owner.value))
        wanted = owner.value.lower()
        matches = [
            m
            for m in self.team(db, chat_id)
            if wanted in (m.first_name.lower(), display_name(m).lower(), (m.username or "").lower())
        ]
        if len(matches) == 1:
            return matches[0].id, None
        return None, action_texts.unknown_name(owner.value)

    def chosen_date(self, iso: str) -> date:
        """The date a deadline button names."""
        try:
            chosen = date.fromisoformat(iso)
        except ValueError:
            raise Refusal(help_texts.UNKNOWN_CHOICE) from None
        today = self.view.today()
        if chosen < today:
            # A button from an earlier day: its "over 1 week" is no longer what it says.
            raise Refusal(deadline_problem(DeadlineError(DeadlineReason.PAST, chosen), today=today))
        return chosen

    @staticmethod
    def checked_text(text: str) -> tuple[str | None, str | None]:
        """The action's text, or None and why not."""
        text = text.strip()
        if not text:
            return None, action_texts.TEXT_NEEDED
        if len(text) > MAX_ACTION_TEXT:
            return None, action_texts.text_too_long(MAX_ACTION_TEXT)
        return text, None

    # --- making and changing actions ---------------------------------------------------

    def create(
        self,
        db: Session,
        *,
        chat_id: int,
        session: WorkSession | None,
        thread_id: int | None,
        created_by: int,
        text: str,
        owner_id: int,
        deadline: date,
        needs: Sequence[str] = (),
        needs_note: str | None = None,
        leerjaar: str | None = None,
        activity: str | None = None,
        reply_to: int | None = None,
    ) -> Action:
        """A new action with its reminders planned; its card goes to the group. Without a
        session it belongs to the group (numbered, listed and reminded all the same)."""
        now = self.clock.now()
        action = Action(
            chat_id=chat_id,
            thread_id=thread_id,
            number=0,  # given by repo.add_numbered_action
            session_id=session.id if session else None,
            text=text,
            owner_id=owner_id,
            deadline=deadline,
            needs=list(needs),
            needs_note=needs_note,
            leerjaar=leerjaar,
            activity=activity,
            created_by=created_by,
            created_at=now,
            updated_at=now,
        )
        action_rows.add_numbered_action(db, action=action)
        self._plan_reminders(db, action)
        card, markup = self.view.card(db, action)
        send(
            db,
            action,
            Kind(Family.ACTION, action.id),
            card,
            now=now,
            markup=markup,
            reply_to=reply_to,
        )
        return action

    def _plan_reminders(self, db: Session, action: Action) -> None:
        """(Re)plan the reminders of an action from its deadline; sent ones stay on record.
        Sending them is bot.services.actions.reminders's."""
        action_rows.cancel_pending_reminders(db, action_id=action.id)
        if action.status != ActionStatus.OPEN:
            return
        for planned in plan_reminders(
            deadline=action.deadline,
            now=self.clock.now(),
            tz=self.tz,
            hours=self.hours,
            calendar=self.calendars.of(db, action.chat_id),
            sent=action_rows.sent_reminder_kinds(db, action_id=action.id, deadline=action.deadline),
        ):
            db.add(
                Reminder(
                    action_id=action.id,
                    kind=planned.kind,
                    due_at=planned.due_at,
                    deadline=action.deadline,
                )
            )

    def replan(self, db: Session, action: Action) -> None:
        """Plan an action's reminders anew (its owner came back to the group)."""
        self._plan_reminders(db, action)

    def replan_group(self, db: Session, chat_id: int) -> None:
        """The team's calendar changed: plan the reminders of its open actions again."""
        for action in action_rows.group_actions(db, chat_id=chat_id):
            if action.status == ActionStatus.OPEN:
                self._plan_reminders(db, action)

    def set_done(self, db: Session, action: Action) -> None:
        now = self.clock.now()
        action.status = ActionStatus.DONE
        action.done_at = action.updated_at = now
        db.add(action)
        action_rows.cancel_pending_reminders(db, action_id=action.id)

    def set_owner(self, db: Session, action: Action, owner_id: int) -> str:
        """Returns what changed, for the confirmation."""
        action.owner_id = owner_id
        action.updated_at = self.clock.now()
        db.add(action)
        return action_texts.new_owner(member_name(db, owner_id))

    def set_deadline(self, db: Session, action: Action, deadline: date) -> str:
        """Returns what changed, for the confirmation."""
        action.deadline = deadline
        action.updated_at = self.clock.now()
        db.add(action)
        self._plan_reminders(db, action)
        return action_texts.new_deadline(self.view.day(deadline)) + self.view.calendar_note(
            db, action.chat_id, deadline
        )

    # --- the card's buttons ------------------------------------------------------------

    def card_button(self, press: Press, button: CardPress) -> ButtonReply:
        who = press.who
        with session_scope(self.engine) as db:
            action = self._action_in(db, chat_id=press.chat_id, action_id=button.action_id)
            self.require_change(db, action, who.id)
            remember(db, who, now=self.clock.now())
            if button.op in (CardOp.OWNER, CardOp.DATE, CardOp.TEXT):
                self._ask_change(db, action, button.op, who)
                return None, ()
            if button.op == CardOp.DELETE and action.status != ActionStatus.DELETED:
                action.status = ActionStatus.DELETED
                action_rows.cancel_pending_reminders(db, action_id=action.id)
                notice = action_texts.action_deleted(action.number)
            elif button.op == CardOp.WORKING_DAY and action.status == ActionStatus.OPEN:
                found = self.view.day_off(db, action.chat_id, action.deadline)
                if found is None:
                    raise Refusal(action_texts.ALREADY_WORKING_DAY)
                change = self.set_deadline(db, action, found[1])
                notice = action_texts.action_changed(action.number, change)
            elif button.op == CardOp.UNDO and action.status == ActionStatus.DELETED:
                action.status = ActionStatus.DONE if action.done_at else ActionStatus.OPEN
                self._plan_reminders(db, action)
                notice = action_texts.action_restored(action.number)
            else:
                raise Refusal(action_texts.STALE_QUESTION)
            action.updated_at = self.clock.now()
            db.add(action)
            text, markup = self.view.card(db, action)
            return notice, (MessageView(press.chat_id, press.message_id, text, markup),)

    def _ask_change(self, db: Session, action: Action, op: CardOp, who: Person) -> None:
        """Ask the new owner, deadline or text; the answer comes by button or by reply."""
        view = self.view
        mention = view.mention_of(db, who.id)
        if op == CardOp.OWNER:
            field, text = EditField.OWNER, action_texts.ask_new_owner(mention, action.number)
            markup = view.owner_buttons(
                self.team(db, action.chat_id),
                lambda owner: OwnerPick(action.id, owner),
                asker=who.id,
            )
        elif op == CardOp.DATE:
            field, text = EditField.DEADLINE, action_texts.ask_new_deadline(mention, action.number)
            markup = view.deadline_buttons(lambda day: DeadlinePick(action.id, day))
        else:
            field, text = EditField.TEXT, action_texts.ask_new_text(mention, action.number)
            markup = force_reply(action.text)
        send(
            db,
            action,
            Kind(Family.EDIT, action.id, field),
            text,
            now=self.clock.now(),
            markup=markup,
        )

    def choice_button(self, press: Press, button: OwnerPick | DeadlinePick) -> ButtonReply:
        """A new owner or deadline picked for an existing action."""
        chat_id, who = press.chat_id, press.who
        with session_scope(self.engine) as db:
            action = self._action_in(db, chat_id=chat_id, action_id=button.action_id)
            self.require_change(db, action, who.id)
            if isinstance(button, DeadlinePick) and button.day == TYPE_IT:
                send(
                    db,
                    action,
                    Kind(Family.EDIT, action.id, EditField.DEADLINE),
                    action_texts.ask_typed_deadline(self.view.mention_of(db, who.id)),
                    now=self.clock.now(),
                    markup=force_reply(action_texts.DATE_PLACEHOLDER),
                )
                return None, ()
            if isinstance(button, OwnerPick):
                owner_id = self.picked_owner(db, chat_id, button.owner, who)
                change = self.set_owner(db, action, owner_id)
            else:
                change = self.set_deadline(db, action, self.chosen_date(button.day))
            prompt = outbox_rows.outbox_by_message(db, chat_id=chat_id, message_id=press.message_id)
            answered = action_texts.answered(prompt.text, change) if prompt else change
            views = [MessageView(chat_id, press.message_id, answered, NO_BUTTONS)]
            if card := self.view.card_view(db, action):
                views.append(card)
            return action_texts.action_changed(action.number, change), tuple(views)

    # --- replies to the action plan's messages -----------------------------------------

    def reply(
        self, db: Session, reply: MemberReply, prompt: OutboxMessage
    ) -> tuple[str | None, Views] | None:
        """A reply to one of the action plan's messages other than the dialog's questions
        (bot.services.reply_routing brings those to bot.services.actions.dialog): a new
        text, date or owner for an action. None when the replied message is not ours (it
        may be a session question). Otherwise (a notice to show, messages to refresh); it
        is never an answer to the session."""
        kind = prompt.message_kind
        if kind.family == Family.EDIT:
            if kind.ref_id is None or kind.detail is None:
                return None
            try:
                return self._edit_by_reply(db, reply, action_id=kind.ref_id, field=kind.detail)
            except Refusal as refusal:
                return refusal.text, ()
        if kind.family == Family.ACTION:
            return action_texts.USE_CARD_BUTTONS, ()
        if kind.family == Family.REMINDER:
            return action_texts.USE_REMINDER_BUTTONS, ()
        if kind.family in QUIET:
            return None, ()
        return None

    def _edit_by_reply(
        self, db: Session, reply: MemberReply, *, action_id: int, field: str
    ) -> tuple[str | None, Views]:
        view = self.view
        chat_id, who, text, mentioned = reply.chat_id, reply.who, reply.text, reply.mentioned
        action = self._action_in(db, chat_id=chat_id, action_id=action_id)
        self.require_change(db, action, who.id)
        self.note_group_and_people(
            db, chat_id=chat_id, title=None, people=[who, *mentioned.values()]
        )
        problem = change = None
        if field == EditField.TEXT:
            value, problem = self.checked_text(text)
            if value:
                action.text = value
                action.updated_at = self.clock.now()
                db.add(action)
                change = action_texts.NEW_TEXT
        elif field == EditField.DEADLINE:
            try:
                change = self.set_deadline(db, action, parse_deadline(text, today=view.today()))
            except DeadlineError as exc:
                problem = formatting.esc(deadline_problem(exc, today=view.today()))
        elif field == EditField.OWNER:
            owner_id, problem = self.owner_from(
                db,
                chat_id=chat_id,
                owner=parse_owner(text, mentions=mentioned.keys()),
                by=who,
                mentioned=mentioned,
            )
            if owner_id is not None:
                change = self.set_owner(db, action, owner_id)
            problem = problem or (None if change else action_texts.OWNER_BY_BUTTON)
        if problem:
            if field == EditField.OWNER:
                return problem, ()
            # Ask again, keeping the action as it was.
            if field == EditField.DEADLINE:
                ask = action_texts.ask_typed_deadline(view.mention_of(db, who.id))
                placeholder = action_texts.DATE_PLACEHOLDER
            else:
                ask = action_texts.ask_new_text(view.mention_of(db, who.id), action.number)
                placeholder = action.text
            send(
                db,
                action,
                Kind(Family.EDIT, action.id, field),
                action_texts.try_again(problem, ask),
                now=self.clock.now(),
                markup=force_reply(placeholder),
                reply_to=reply.message_id,
            )
            return None, ()
        send(
            db,
            action,
            Kind(Family.CHANGED, action.id),
            action_texts.action_changed(action.number, change or ""),
            now=self.clock.now(),
            reply_to=reply.message_id,
        )
        card = view.card_view(db, action)
        return None, (card,) if card else ()

    # --- /klaar and /acties ------------------------------------------------------------

    def mark_done(
        self, *, chat_id: int, by: Person, number_arg: str | None, message_id: int
    ) -> None:
        number = number_in(number_arg)
        if number is None:
            raise Refusal(action_texts.KLAAR_WHICH)
        with session_scope(self.engine) as db:
            action = action_rows.action_by_number(db, chat_id=chat_id, number=number)
            if action is None:
                raise Refusal(action_texts.unknown_action(number))
            if action.status == ActionStatus.DONE:
                raise Refusal(action_texts.already_done(number))
            # Without a chair, who wrote the action down stands in (the policy's rule).
            policy.require(db, Act.FINISH_ACTION, chat_id=chat_id, user_id=by.id, action=action)
            owner = self.view.owner_name(db, action.owner_id)
            remember(db, by, now=self.clock.now())
            self.set_done(db, action)
            send(
                db,
                action,
                Kind(Family.DONE, action.id),
                action_texts.action_done(number, action.text, owner),
                now=self.clock.now(),
                reply_to=message_id,
            )

    def list_actions(self, *, chat_id: int, include_earlier: bool) -> list[str]:
        """/acties: the latest session's actions, late first, then every action still open
        from before it (earlier sessions, or made without one), each saying where it comes
        from; with `include_earlier`: all of them. Before a group's first session: the
        group's own actions."""
        today = self.view.today()
        with session_scope(self.engine) as db:
            session = session_rows.latest_session(db, chat_id=chat_id)
            if session is None or include_earlier:
                scope = action_texts.GROUP_ACTIONS if session is None else action_texts.ALL_SESSIONS
                return pack(
                    self._listing(db, scope, action_rows.group_actions(db, chat_id=chat_id))
                )
            started = (session.started_at or session.created_at).astimezone(self.tz).date()
            own = action_rows.group_actions(db, chat_id=chat_id, session_id=session.id)
            earlier = [
                a
                for a in action_rows.group_actions(db, chat_id=chat_id)
                if a.session_id != session.id and a.status == ActionStatus.OPEN
            ]
            scope = session_texts.session_of(self.view.day(started))
            if own or not earlier:
                blocks = self._listing(db, scope, own)
            else:
                blocks = [action_texts.no_actions_in_session(scope)]
            if earlier:
                blocks.append(self._earlier_block(db, earlier, today))
            return pack(blocks)

    def _listing(self, db: Session, scope: str, actions: Sequence[Action]) -> list[str]:
        today = self.view.today()
        items = [action_item(a, owner=self.view.owner_name(db, a.owner_id)) for a in actions]
        if not items:
            return [action_texts.NO_ACTIONS_YET]
        header = action_texts.actions_header(
            scope, brief_texts.counts_text(brief.counts(items, today))
        )
        return [header, *brief_texts.list_blocks(brief.ordered(items, today), today)]

    def _earlier_block(self, db: Session, actions: Sequence[Action], today: date) -> str:
        """Open actions from before the latest session, late first, each with its origin."""
        origins: dict[int, str] = {}
        for action in actions:
            came_from = db.get(WorkSession, action.session_id) if action.session_id else None
            if came_from is None:
                origins[action.number] = action_texts.MADE_WITHOUT_SESSION
            else:
                day = (came_from.started_at or came_from.created_at).astimezone(self.tz).date()
                origins[action.number] = action_texts.from_session(self.view.day(day))
        items = [action_item(a, owner=self.view.owner_name(db, a.owner_id)) for a in actions]
        ordered = brief.ordered(items, today)
        shown = [*ordered[brief.State.LATE], *ordered[brief.State.OPEN]]
        return action_texts.earlier_open_actions(
            [(brief_texts.action_line(item, today), origins[item.number]) for item in shown]
        )
