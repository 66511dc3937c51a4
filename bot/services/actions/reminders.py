"""Reminders that follow an action's owner up until it is done: sent in their private chat
when they linked one, else in the group; with buttons for done, a week later and help; and
/mijnacties, the same cards on request. Planning them from the deadline is
bot.services.actions.actions'.

Reminders are rows with a due time, sent by `process_due` within working hours, never on a
public holiday or in the team's vacation (planning already avoids those days; one that came
due before a vacation while the bot was down is sent once after it). A reminder
counts as sent only once its outbox row is (see `outbox_settled`), so a crash right after
sending never sends it twice. Stored with its messages (the outbox) in one transaction; no
Telegram here.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.clock import Clock
from bot.core.actions.reminders import WorkingHours, next_allowed_moment, snooze_deadline
from bot.core.calendar.school_calendar import SchoolCalendar
from bot.core.team.policy import Act
from bot.services.actions.actions import ActionService
from bot.services.actions.view import ActionView
from bot.services.buttons import ReminderOp, ReminderPress, inline_buttons, with_link
from bot.services.common import (
    ButtonReply,
    Chat,
    MessageView,
    Person,
    Place,
    Press,
    Refusal,
    remember,
    send,
)
from bot.services.team import policy
from bot.texts.actions import actions as action_texts
from bot.texts.actions import reminders as reminder_texts
from storage.db import session_scope
from storage.models import Action, Member, OutboxMessage, Reminder
from storage.repo import actions as action_rows
from storage.repo import groups as group_rows
from storage.values import (
    ActionStatus,
    Channel,
    Family,
    Kind,
    OutboxStatus,
    ReminderStatus,
)

MY_ACTIONS_SHOWN = 20


class ReminderService:
    def __init__(
        self,
        *,
        engine: Engine,
        clock: Clock,
        tz: ZoneInfo,
        hours: WorkingHours,
        actions: ActionService,
        view: ActionView,
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.tz = tz
        self.hours = hours
        self.actions = actions
        self.view = view
        # Known once the bot is connected; group reminders link to a private chat with it.
        self.bot_username: str | None = None

    # --- the private chat --------------------------------------------------------------

    def link(self, person: Person) -> None:
        """The member opened a private chat: from now on reminders reach them there."""
        with session_scope(self.engine) as db:
            member = remember(db, person, now=self.clock.now())
            member.private_chat = True
            db.add(member)

    def unlink(self, *, user_id: int) -> None:
        """The member blocked the bot: remind them in the group from now on."""
        with session_scope(self.engine) as db:
            member = db.get(Member, user_id)
            if member is not None and member.private_chat:
                member.private_chat = False
                db.add(member)

    # --- how a reminder looks ----------------------------------------------------------

    def _text(
        self, db: Session, action: Action, *, group: str | None, reminding: bool = True
    ) -> str:
        return reminder_texts.reminder(
            number=action.number,
            group=group,
            body=self.view.body(db, action),
            late=action.deadline < self.view.today(),
            reminding=reminding,
        )

    def _deep_link(self) -> str | None:
        return f"https://t.me/{self.bot_username}?start=koppel" if self.bot_username else None

    def _markup(self, action: Action, *, in_group: bool) -> dict:
        labels = reminder_texts.REMINDER_BUTTONS

        def button(op: ReminderOp) -> tuple[str, ReminderPress]:
            return labels[op.value], ReminderPress(action.id, op)

        markup = inline_buttons(
            [[button(ReminderOp.DONE), button(ReminderOp.LATER)], [button(ReminderOp.HELP)]]
        )
        if in_group and (link := self._deep_link()):
            return with_link(markup, reminder_texts.PRIVATE_REMINDERS_BUTTON, link)
        return markup

    def _in_private(self, db: Session, action: Action) -> tuple[str, dict]:
        """The reminder for the owner's private chat: it names the group."""
        title = group_rows.group_titles(db, chat_ids=[action.chat_id]).get(action.chat_id)
        return self._text(db, action, group=title), self._markup(action, in_group=False)

    def _in_group(self, db: Session, action: Action) -> tuple[str, dict]:
        """The reminder in the group: it mentions the owner and links to a private chat."""
        owner = self.view.mention_of(db, action.owner_id) if action.owner_id else None
        text = reminder_texts.reminder_in_group(
            owner=owner,
            reminder_text=self._text(db, action, group=None),
            link=self._deep_link(),
        )
        return text, self._markup(action, in_group=True)

    # --- sending -----------------------------------------------------------------------

    def _queue(
        self,
        db: Session,
        reminder: Reminder,
        channel: Channel,
        place: Place,
        message: tuple[str, dict],
    ) -> None:
        """Queue the reminder's message; the reminder is sent once that row is."""
        text, markup = message
        kind = Kind(Family.REMINDER, reminder.id)
        row = send(db, place, kind, text, now=self.clock.now(), markup=markup)
        reminder.channel = channel
        reminder.outbox_id = row.id
        db.add(reminder)

    def _queue_in_group(self, db: Session, reminder: Reminder, action: Action) -> None:
        """Where a reminder goes without a private chat, or when the private one failed."""
        self._queue(db, reminder, Channel.GROUP, action, self._in_group(db, action))

    def _enqueue(self, db: Session, reminder: Reminder, action: Action) -> None:
        owner = db.get(Member, action.owner_id) if action.owner_id else None
        if owner is not None and not policy.allows(
            db, Act.RECEIVE, chat_id=action.chat_id, user_id=owner.id
        ):
            # The owner left the group: the chair was told, nobody is reminded.
            reminder.status = ReminderStatus.SKIPPED
            db.add(reminder)
            return
        if owner is not None and owner.private_chat:
            self._queue(db, reminder, Channel.DM, Chat(owner.id), self._in_private(db, action))
        else:
            self._queue_in_group(db, reminder, action)
        reminder.status = ReminderStatus.SENDING
        db.add(reminder)

    def _send_due(self) -> None:
        now = self.clock.now()
        local = now.astimezone(self.tz)
        calendars = self.actions.calendars
        if not self.hours.allows(local) or calendars.public.closed(local.date()):
            return  # never at night, in the weekend or on a holiday: they wait for the window
        with session_scope(self.engine) as db:
            latest: dict[int, Reminder] = {}
            for reminder in action_rows.due_reminders(db, now=now):
                if (earlier := latest.get(reminder.action_id)) is not None:
                    # Several came due at once (the bot was down): only the latest is news.
                    earlier.status = ReminderStatus.SKIPPED
                    db.add(earlier)
                latest[reminder.action_id] = reminder
            for reminder in latest.values():
                action = db.get(Action, reminder.action_id)
                assert action is not None
                calendar = calendars.of(db, action.chat_id)
                if calendar.closed(local.date()):
                    self._after_vacation(db, reminder, calendar)
                    continue
                self._enqueue(db, reminder, action)

    def _after_vacation(self, db: Session, reminder: Reminder, calendar: SchoolCalendar) -> None:
        """Due before the team's vacation while the bot was down: it goes out on the first
        working day after it, unless the action's next reminder comes that day anyway."""
        back = next_allowed_moment(
            self.clock.now(), tz=self.tz, hours=self.hours, calendar=calendar
        )
        following = action_rows.next_reminder_after(db, reminder=reminder)
        if (
            following is not None
            and following.astimezone(self.tz).date() == back.astimezone(self.tz).date()
        ):
            reminder.status = ReminderStatus.SKIPPED
        else:
            reminder.due_at = back
        db.add(reminder)

    def _settle_in_flight(self) -> None:
        """Reminders whose outbox row was settled without us (sent just before a crash)."""
        with session_scope(self.engine) as db:
            for reminder, row in action_rows.reminders_settled_without_us(db):
                self._settled(db, reminder, row)

    def outbox_settled(self, db: Session, row: OutboxMessage) -> bool:
        """A reminder's row settled (bot.services.reply_routing), in the transaction that
        records it as sent or failed. True when it queued another message (a refused
        private reminder goes to the group)."""
        reminder = db.get(Reminder, row.message_kind.ref_id)
        if reminder is not None and reminder.outbox_id == row.id:
            return self._settled(db, reminder, row)
        return False

    def _settled(self, db: Session, reminder: Reminder, row: OutboxMessage) -> bool:
        if row.status == OutboxStatus.SENT:
            reminder.status = ReminderStatus.SENT
            reminder.sent_at = row.sent_at or self.clock.now()
            db.add(reminder)
            return False
        reminder.last_error = row.last_error
        action = db.get(Action, reminder.action_id)
        if reminder.channel == Channel.DM and action is not None:
            # The member blocked the bot or never really opened the chat: use the group.
            member = db.get(Member, row.chat_id)
            if member is not None:
                member.private_chat = False
                db.add(member)
            self._queue_in_group(db, reminder, action)
            return True
        reminder.status = ReminderStatus.FAILED
        db.add(reminder)
        return False

    def process_due(self) -> None:
        self._settle_in_flight()
        self._send_due()

    def next_reminder_at(self, earliest: datetime | None) -> datetime | None:
        """From the earliest pending reminder (action_rows.earliest_pending_reminder)."""
        if earliest is None:
            return None
        # One that came due outside working hours (the bot was down) waits for the window.
        return next_allowed_moment(
            max(earliest, self.clock.now()),
            tz=self.tz,
            hours=self.hours,
            calendar=self.actions.calendars.public,
        )

    # --- the buttons, and /mijnacties --------------------------------------------------

    def button(self, press: Press, button: ReminderPress) -> ButtonReply:
        """✅ Klaar, ⏭ Week later, 🆘 Hulp nodig: under a reminder or a /mijnacties card."""
        actions, view = self.actions, self.view
        chat_id, who = press.chat_id, press.who
        with session_scope(self.engine) as db:
            action = db.get(Action, button.action_id)
            # Pressed in the action's group, or in the presser's own private chat.
            if (
                action is None
                or action.status == ActionStatus.DELETED
                or chat_id not in (action.chat_id, who.id)
            ):
                raise Refusal(reminder_texts.ACTION_GONE)
            policy.require(
                db, Act.USE_REMINDER, chat_id=action.chat_id, user_id=who.id, action=action
            )
            chair_id = actions.chair_of(db, action.chat_id)
            if action.status == ActionStatus.DONE:
                raise Refusal(action_texts.already_done(action.number))
            remember(db, who, now=self.clock.now())
            in_group = chat_id == action.chat_id
            if button.op == ReminderOp.DONE:
                actions.set_done(db, action)
                # The group hears who did it: the owner, or the chair for them.
                send(
                    db,
                    action,
                    Kind(Family.DONE, action.id),
                    reminder_texts.done_by(who.name, action.number, action.text),
                    now=self.clock.now(),
                )
                text, markup = view.card(db, action)
                return action_texts.marked_done(action.number), (
                    MessageView(chat_id, press.message_id, text, markup),
                )
            if button.op == ReminderOp.LATER:
                actions.set_deadline(
                    db, action, snooze_deadline(action.deadline, today=view.today())
                )
                text, markup = (
                    self._in_group(db, action) if in_group else self._in_private(db, action)
                )
                return reminder_texts.snoozed(action.number, view.day(action.deadline)), (
                    MessageView(chat_id, press.message_id, text, markup),
                )
            if action.help_asked_at is not None:
                return reminder_texts.HELP_ALREADY, ()
            action.help_asked_at = action.updated_at = self.clock.now()
            db.add(action)
            send(
                db,
                action,
                Kind(Family.HELP, action.id),
                reminder_texts.help_request(
                    owner=view.mention_of(db, who.id),
                    chair=view.mention_of(db, chair_id)
                    if chair_id
                    else reminder_texts.CHAIR_FALLBACK,
                    number=action.number,
                    text=action.text,
                    needs=action_texts.needs_text(action.needs, action.needs_note),
                ),
                now=self.clock.now(),
            )
            return reminder_texts.HELP_SENT, ()

    def my_actions(self, *, who: Person) -> list[tuple[str, dict | None]]:
        """/mijnacties in a private chat: a header, then each open action with its buttons."""
        with session_scope(self.engine) as db:
            remember(db, who, now=self.clock.now())
            actions = policy.owned_actions_shown(db, who.id)
            if not actions:
                return [(action_texts.MY_ACTIONS_NONE, None)]
            open_ones = sorted(
                (a for a in actions if a.status == ActionStatus.OPEN),
                key=lambda a: (a.deadline, a.number),
            )
            titles = group_rows.group_titles(db, chat_ids=sorted({a.chat_id for a in actions}))
            messages: list[tuple[str, dict | None]] = [
                (
                    action_texts.my_actions_header(len(open_ones), len(actions) - len(open_ones)),
                    None,
                )
            ]
            for action in open_ones[:MY_ACTIONS_SHOWN]:
                messages.append(
                    (
                        self._text(db, action, group=titles.get(action.chat_id), reminding=False),
                        self._markup(action, in_group=False),
                    )
                )
            return messages
