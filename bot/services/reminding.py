"""Reminders that follow an action's owner up until it is done: sent in their private chat
when they linked one, else in the group; with buttons for done, a week later and help; and
/mijnacties, the same cards on request. Planning them from the deadline is bot.services.actions'.

Reminders are rows with a due time, sent by `process_due` within working hours. A reminder
counts as sent only once its outbox row is (see `outbox_settled`), so a crash right after
sending never sends it twice. Stored with its messages (the outbox) in one transaction; no
Telegram here.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot import texts
from bot.clock import Clock
from bot.core import brief
from bot.core.deadlines import format_date_nl
from bot.core.reminders import WorkingHours, next_allowed_moment, snooze_deadline
from bot.services.actions import ActionService, ButtonReply, button_parts, number_in
from bot.services.outbox import inline_buttons, queue_message
from bot.services.sessions import MessageView, Person, Refusal, remember
from storage import repo
from storage.db import session_scope
from storage.models import Action, Member, OutboxMessage, Reminder

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
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.tz = tz
        self.hours = hours
        self.actions = actions
        # Known once the bot is connected; group reminders link to a private chat with it.
        self.bot_username: str | None = None

    # --- how a reminder looks ----------------------------------------------------------

    def _text(
        self, db: Session, action: Action, *, group: str | None, reminding: bool = True
    ) -> str:
        return texts.reminder(
            number=action.number,
            group=group,
            body=self.actions.body(db, action),
            late=action.deadline < self.actions.today(),
            reminding=reminding,
        )

    def _deep_link(self) -> str | None:
        return f"https://t.me/{self.bot_username}?start=koppel" if self.bot_username else None

    def _markup(self, action: Action, *, in_group: bool) -> dict:
        labels = texts.REMINDER_BUTTONS
        markup = inline_buttons(
            [
                [
                    (labels["done"], f"rm:{action.id}:done"),
                    (labels["later"], f"rm:{action.id}:later"),
                ],
                [(labels["help"], f"rm:{action.id}:help")],
            ]
        )
        if in_group and (link := self._deep_link()):
            markup["inline_keyboard"].append(
                [{"text": texts.PRIVATE_REMINDERS_BUTTON, "url": link}]
            )
        return markup

    def _in_private(self, db: Session, action: Action) -> tuple[str, dict]:
        """The reminder for the owner's private chat: it names the group."""
        title = repo.group_titles(db, chat_ids=[action.chat_id]).get(action.chat_id)
        return self._text(db, action, group=title), self._markup(action, in_group=False)

    def _in_group(self, db: Session, action: Action) -> tuple[str, dict]:
        """The reminder in the group: it mentions the owner and links to a private chat."""
        owner = self.actions.mention_of(db, action.owner_id) if action.owner_id else None
        text = texts.reminder_in_group(
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
        *,
        channel: str,
        chat_id: int,
        thread_id: int | None,
        message: tuple[str, dict],
    ) -> None:
        """Queue the reminder's message; the reminder is sent once that row is."""
        text, markup = message
        row = queue_message(
            db,
            chat_id=chat_id,
            thread_id=thread_id,
            kind=f"reminder:{reminder.id}",
            text=text,
            now=self.clock.now(),
            markup=markup,
        )
        reminder.channel = channel
        reminder.outbox_id = row.id
        db.add(reminder)

    def _queue_in_group(self, db: Session, reminder: Reminder, action: Action) -> None:
        """Where a reminder goes without a private chat, or when the private one failed."""
        self._queue(
            db,
            reminder,
            channel="group",
            chat_id=action.chat_id,
            thread_id=action.thread_id,
            message=self._in_group(db, action),
        )

    def _enqueue(self, db: Session, reminder: Reminder, action: Action) -> None:
        owner = db.get(Member, action.owner_id) if action.owner_id else None
        if owner is not None and owner.private_chat:
            self._queue(
                db,
                reminder,
                channel="dm",
                chat_id=owner.id,
                thread_id=None,
                message=self._in_private(db, action),
            )
        else:
            self._queue_in_group(db, reminder, action)
        reminder.status = "sending"
        db.add(reminder)

    def _send_due(self) -> None:
        now = self.clock.now()
        if not self.hours.allows(now.astimezone(self.tz)):
            return  # never at night or in the weekend: they wait for the next window
        with session_scope(self.engine) as db:
            latest: dict[int, Reminder] = {}
            for reminder in repo.due_reminders(db, now=now):
                if (earlier := latest.get(reminder.action_id)) is not None:
                    # Several came due at once (the bot was down): only the latest is news.
                    earlier.status = "skipped"
                    db.add(earlier)
                latest[reminder.action_id] = reminder
            for reminder in latest.values():
                self._enqueue(db, reminder, db.get_one(Action, reminder.action_id))

    def _settle_in_flight(self) -> None:
        """Reminders whose outbox row was settled without us (sent just before a crash)."""
        with session_scope(self.engine) as db:
            for reminder in repo.reminders_in_flight(db):
                row = db.get(OutboxMessage, reminder.outbox_id) if reminder.outbox_id else None
                if row is not None and row.status in ("sent", "failed"):
                    self._settled(db, reminder, row)

    def outbox_settled(self, db: Session, row: OutboxMessage) -> bool:
        """Delivery's hook, in the transaction that records a row as sent or failed. True
        when it queued another message (a refused private reminder goes to the group)."""
        kind, _, ref = row.kind.partition(":")
        if kind == "reminder":
            reminder = db.get(Reminder, int(ref))
            if reminder is not None and reminder.outbox_id == row.id:
                return self._settled(db, reminder, row)
        return False

    def _settled(self, db: Session, reminder: Reminder, row: OutboxMessage) -> bool:
        if row.status == "sent":
            reminder.status = "sent"
            reminder.sent_at = row.sent_at or self.clock.now()
            db.add(reminder)
            return False
        reminder.last_error = row.last_error
        action = db.get(Action, reminder.action_id)
        if reminder.channel == "dm" and action is not None:
            # The member blocked the bot or never really opened the chat: use the group.
            member = db.get(Member, row.chat_id)
            if member is not None:
                member.private_chat = False
                db.add(member)
            self._queue_in_group(db, reminder, action)
            return True
        reminder.status = "failed"
        db.add(reminder)
        return False

    def process_due(self) -> None:
        self._settle_in_flight()
        self._send_due()

    def next_reminder_at(self) -> datetime | None:
        with session_scope(self.engine) as db:
            earliest = repo.earliest_pending_reminder(db)
        if earliest is None:
            return None
        # One that came due outside working hours (the bot was down) waits for the window.
        return next_allowed_moment(max(earliest, self.clock.now()), tz=self.tz, hours=self.hours)

    def unlink(self, *, user_id: int) -> None:
        """The member blocked the bot: remind them in the group from now on."""
        with session_scope(self.engine) as db:
            member = db.get(Member, user_id)
            if member is not None and member.private_chat:
                member.private_chat = False
                db.add(member)

    # --- the buttons, and /mijnacties --------------------------------------------------

    def button(self, *, chat_id: int, message_id: int, data: str, who: Person) -> ButtonReply:
        """✅ Klaar, ⏭ Week later, 🆘 Hulp nodig: under a reminder or a /mijnacties card."""
        actions = self.actions
        _, action_id, op = button_parts(data, 3)
        with session_scope(self.engine) as db:
            action = db.get(Action, number_in(action_id) or 0)
            # Pressed in the action's group, or in the presser's own private chat.
            if (
                action is None
                or action.status == "deleted"
                or chat_id not in (action.chat_id, who.id)
            ):
                raise Refusal("Deze actie bestaat niet meer.")
            chair_id = actions.chair_of(db, action.chat_id)
            if who.id not in (action.owner_id, chair_id):
                raise Refusal(
                    texts.only_owner_or_chair_button(actions.name_of(db, action.owner_id))
                )
            if action.status == "done":
                raise Refusal(texts.already_done(action.number))
            remember(db, who, now=self.clock.now())
            in_group = chat_id == action.chat_id
            if op == "done":
                actions.set_done(db, action)
                if not in_group:
                    actions.send_to_group(
                        db,
                        action,
                        kind=f"done:{action.id}",
                        text=texts.done_elsewhere(
                            actions.name_of(db, action.owner_id) or "?", action.number, action.text
                        ),
                    )
                text, markup = actions.card(db, action)
                return texts.marked_done(action.number), (
                    MessageView(chat_id, message_id, text, markup),
                )
            if op == "later":
                actions.set_deadline(
                    db, action, snooze_deadline(action.deadline, today=actions.today())
                )
                when = format_date_nl(action.deadline, today=actions.today())
                text, markup = (
                    self._in_group(db, action) if in_group else self._in_private(db, action)
                )
                return texts.snoozed(action.number, when), (
                    MessageView(chat_id, message_id, text, markup),
                )
            if op == "help":
                if action.help_asked_at is not None:
                    return texts.HELP_ALREADY, ()
                action.help_asked_at = action.updated_at = self.clock.now()
                db.add(action)
                actions.send_to_group(
                    db,
                    action,
                    kind=f"help:{action.id}",
                    text=texts.help_request(
                        owner=actions.mention_of(db, who.id),
                        chair=actions.mention_of(db, chair_id) if chair_id else "Voorzitter",
                        number=action.number,
                        text=action.text,
                        needs=brief.needs_text(action.needs, action.needs_note),
                    ),
                )
                return texts.HELP_SENT, ()
            raise Refusal("Die knop ken ik niet.")

    def my_actions(self, *, who: Person) -> list[tuple[str, dict | None]]:
        """/mijnacties in a private chat: a header, then each open action with its buttons."""
        with session_scope(self.engine) as db:
            remember(db, who, now=self.clock.now())
            actions = repo.owned_actions(db, owner_id=who.id)
            if not actions:
                return [(texts.MY_ACTIONS_NONE, None)]
            open_ones = sorted(
                (a for a in actions if a.status == "open"), key=lambda a: (a.deadline, a.number)
            )
            titles = repo.group_titles(db, chat_ids=sorted({a.chat_id for a in actions}))
            messages: list[tuple[str, dict | None]] = [
                (texts.my_actions_header(len(open_ones), len(actions) - len(open_ones)), None)
            ]
            for action in open_ones[:MY_ACTIONS_SHOWN]:
                messages.append(
                    (
                        self._text(db, action, group=titles.get(action.chat_id), reminding=False),
                        self._markup(action, in_group=False),
                    )
                )
            return messages
