"""Actions of the action plan (step 5 and after): something a member will do, by a deadline.
Creating them, changing them (card buttons, replies), /klaar and /acties; and what the
/actie dialog (bot.services.action_dialog) and the reminders (bot.services.reminding) build on: how an action
looks, who may change it, and its reminders, planned from its deadline.

Like bot/sessions.py: every decision is stored together with the messages it causes (the
outbox) in one transaction; no Telegram here.

Callback data never carries trust: buttons name an action or a dialog by id, and every press
is checked against the database (right chat, right member).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot import texts
from bot.clock import Clock
from bot.core import brief
from bot.core.action_line import Owner, parse_owner
from bot.core.deadlines import DeadlineError, format_date_nl, parse_deadline, quick_deadlines
from bot.core.reminders import WorkingHours, plan_reminders
from bot.core.summary import pack
from bot.services.outbox import NO_BUTTONS, force_reply, inline_buttons, queue_message
from bot.services.sessions import MessageView, Person, Refusal, member_name, remember
from storage import repo
from storage.db import session_scope
from storage.models import Action, ActionDraft, Member, Reminder, WorkSession

# Our other messages: a reply to one of them is no answer to the session either.
QUIET_KINDS = frozenset({"changed", "done", "help", "dialog-closed", "meeting", "brief"})
MAX_ACTION_TEXT = 1000

Views = tuple[MessageView, ...]
ButtonReply = tuple[str | None, Views]


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


def button_parts(data: str, count: int) -> list[str]:
    """The parts of a button's callback data ("ac:12:del"); a Refusal for a malformed one."""
    parts = data.split(":")
    if len(parts) != count:
        raise Refusal("Die knop ken ik niet.")
    return parts


def number_in(text: str | None) -> int | None:
    """An action number or row id as typed or sent by a button ("12", "#12"); None when it
    is none, or too long to be one (those are 32-bit columns; member ids are not)."""
    value = (text or "").strip().lstrip("#")
    return int(value) if value.isdigit() and len(value) <= 9 else None


class ActionService:
    def __init__(self, *, engine: Engine, clock: Clock, tz: ZoneInfo, hours: WorkingHours) -> None:
        self.engine = engine
        self.clock = clock
        self.tz = tz
        self.hours = hours

    # --- who and where -----------------------------------------------------------------

    def today(self) -> date:
        return self.clock.now().astimezone(self.tz).date()

    def name_of(self, db: Session, user_id: int | None) -> str | None:
        """A member's name ("?" when unknown); None for nobody (an owner who was forgotten)."""
        return None if user_id is None else member_name(db, user_id)

    def mention_of(self, db: Session, user_id: int) -> str:
        return texts.mention(user_id, member_name(db, user_id))

    def note_group_and_people(
        self, db: Session, *, chat_id: int, title: str | None, people: Sequence[Person]
    ) -> None:
        if title:
            repo.upsert_group(db, chat_id=chat_id, title=title, now=self.clock.now())
        for person in people:
            remember(db, person, now=self.clock.now())

    def require_session(self, db: Session, chat_id: int) -> WorkSession:
        """The group's latest session: actions are made in (or after) one."""
        session = repo.latest_session(db, chat_id=chat_id)
        if session is None:
            raise Refusal(texts.ACTIONS_NEED_SESSION)
        return session

    def chair_of(self, db: Session, chat_id: int) -> int | None:
        """The chair of the group's latest session also chairs its action plan."""
        session = repo.latest_session(db, chat_id=chat_id)
        return session.chair_id if session else None

    def _team(self, db: Session, chat_id: int) -> list[Member]:
        session = repo.latest_session(db, chat_id=chat_id)
        if session is None:
            return []
        ids = list(
            dict.fromkeys([*repo.participant_ids(db, session_id=session.id), session.chair_id])
        )
        members = repo.members_by_id(db, user_ids=ids)
        return [members[i] for i in ids if i in members]

    def _action_in(self, db: Session, *, chat_id: int, action_id: int) -> Action:
        action = db.get(Action, action_id)
        if action is None or action.chat_id != chat_id:
            raise Refusal("Die actie hoort niet bij deze groep.")
        return action

    def _may_change(self, db: Session, action: Action, user_id: int) -> bool:
        return user_id in (action.owner_id, action.created_by, self.chair_of(db, action.chat_id))

    def send_to_group(
        self,
        db: Session,
        action: Action,
        *,
        kind: str,
        text: str,
        markup: dict | None = None,
        reply_to: int | None = None,
    ) -> None:
        """A message about the action, in its group (and topic)."""
        queue_message(
            db,
            chat_id=action.chat_id,
            thread_id=action.thread_id,
            kind=kind,
            text=text,
            now=self.clock.now(),
            markup=markup,
            reply_to=reply_to,
        )

    # --- how an action looks -----------------------------------------------------------

    def body(self, db: Session, thing: Action | ActionDraft) -> str:
        """An action, or a draft of one, on a few lines."""
        today = self.today()
        if thing.deadline is None:
            when = "nog niet gekozen"
        else:
            when = (
                f"{format_date_nl(thing.deadline, today=today)} "
                f"({texts.days_left(thing.deadline, today)})"
            )
        return texts.action_body(
            text=thing.text or "…",
            owner=self.name_of(db, thing.owner_id),
            when=when,
            needs=brief.needs_text(thing.needs, thing.needs_note),
            leerjaar=thing.leerjaar,
        )

    def card(self, db: Session, action: Action) -> tuple[str, dict]:
        text = texts.action_card(
            number=action.number,
            body=self.body(db, action),
            state=action.status,
            owner=self.name_of(db, action.owner_id),
        )
        labels = texts.ACTION_BUTTONS
        if action.status == "deleted":
            rows = [[(labels["undo"], f"ac:{action.id}:undo")]]
        elif action.status == "done":
            return text, NO_BUTTONS
        else:
            rows = [
                [
                    (labels["owner"], f"ac:{action.id}:owner"),
                    (labels["date"], f"ac:{action.id}:date"),
                ],
                [(labels["text"], f"ac:{action.id}:text"), (labels["del"], f"ac:{action.id}:del")],
            ]
        return text, inline_buttons(rows)

    def _card_view(self, db: Session, action: Action) -> MessageView | None:
        sent = repo.latest_outbox_of_kind(db, chat_id=action.chat_id, kind=f"action:{action.id}")
        if sent is None or not sent.message_id:
            return None
        text, markup = self.card(db, action)
        return MessageView(action.chat_id, sent.message_id, text, markup)

    # --- choosing an owner, a deadline, a text -----------------------------------------

    def owner_buttons(self, db: Session, chat_id: int, prefix: str, asker: int) -> dict:
        people = [
            (texts.display_name(m.first_name, m.last_name), f"{prefix}:{m.id}")
            for m in self._team(db, chat_id)
            if m.id != asker
        ]
        people.append((texts.ME_BUTTON, f"{prefix}:me"))
        return inline_buttons([people[i : i + 2] for i in range(0, len(people), 2)])

    def picked_owner(self, db: Session, chat_id: int, arg: str, who: Person) -> int:
        """The owner a button names: the presser ("me") or someone of the team."""
        if arg == "me":
            return who.id
        # A member id (64-bit, unlike row ids), checked against the team, never looked up.
        if (owner_id := int(arg) if arg.isdigit() else None) in {
            m.id for m in self._team(db, chat_id)
        }:
            return owner_id
        raise Refusal("Die persoon hoort niet bij deze sessie.")

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
            return mentioned[owner.value].id, None
        if owner.kind == "username":
            member = repo.member_by_username(db, username=owner.value)
            return (member.id, None) if member else (None, texts.unknown_owner(owner.value))
        wanted = owner.value.lower()
        matches = [
            m
            for m in self._team(db, chat_id)
            if wanted
            in (
                m.first_name.lower(),
                texts.display_name(m.first_name, m.last_name).lower(),
                (m.username or "").lower(),
            )
        ]
        if len(matches) == 1:
            return matches[0].id, None
        return None, texts.unknown_name(owner.value)

    def deadline_buttons(self, prefix: str) -> dict:
        quick = [
            (label, f"{prefix}:{day.isoformat()}") for label, day in quick_deadlines(self.today())
        ]
        rows = [quick[i : i + 2] for i in range(0, len(quick), 2)]
        return inline_buttons([*rows, [(texts.TYPE_DATE_BUTTON, f"{prefix}:type")]])

    def chosen_date(self, iso: str) -> date:
        """The date a deadline button names."""
        try:
            chosen = date.fromisoformat(iso)
        except ValueError:
            raise Refusal("Die keuze ken ik niet.") from None
        if chosen < self.today():
            # A button from an earlier day: its "over 1 week" is no longer what it says.
            raise Refusal(DeadlineError.past(chosen, self.today()).message)
        return chosen

    @staticmethod
    def checked_text(text: str) -> tuple[str | None, str | None]:
        """The action's text, or None and why not."""
        text = text.strip()
        if not text:
            return None, texts.TEXT_NEEDED
        if len(text) > MAX_ACTION_TEXT:
            return None, f"Dat is wat lang; vat de actie samen in hooguit {MAX_ACTION_TEXT} tekens."
        return text, None

    # --- making and changing actions ---------------------------------------------------

    def create(
        self,
        db: Session,
        *,
        session: WorkSession,
        thread_id: int | None,
        created_by: int,
        text: str,
        owner_id: int,
        deadline: date,
        needs: Sequence[str] = (),
        needs_note: str | None = None,
        leerjaar: str | None = None,
        reply_to: int | None = None,
    ) -> Action:
        """A new action with its reminders planned; its card goes to the group."""
        now = self.clock.now()
        action = Action(
            chat_id=session.chat_id,
            thread_id=thread_id,
            number=0,  # given by repo.add_numbered_action
            session_id=session.id,
            text=text,
            owner_id=owner_id,
            deadline=deadline,
            needs=list(needs),
            needs_note=needs_note,
            leerjaar=leerjaar,
            created_by=created_by,
            created_at=now,
            updated_at=now,
        )
        repo.add_numbered_action(db, action=action)
        self._plan_reminders(db, action)
        card, markup = self.card(db, action)
        self.send_to_group(
            db, action, kind=f"action:{action.id}", text=card, markup=markup, reply_to=reply_to
        )
        return action

    def _plan_reminders(self, db: Session, action: Action) -> None:
        """(Re)plan the reminders of an action from its deadline; sent ones stay on record.
        Sending them is bot.services.reminding's."""
        repo.cancel_pending_reminders(db, action_id=action.id)
        if action.status != "open":
            return
        for planned in plan_reminders(
            deadline=action.deadline, now=self.clock.now(), tz=self.tz, hours=self.hours
        ):
            db.add(Reminder(action_id=action.id, kind=planned.kind, due_at=planned.due_at))

    def set_done(self, db: Session, action: Action) -> None:
        now = self.clock.now()
        action.status = "done"
        action.done_at = action.updated_at = now
        db.add(action)
        repo.cancel_pending_reminders(db, action_id=action.id)

    def set_owner(self, db: Session, action: Action, owner_id: int) -> str:
        """Returns what changed, for the confirmation."""
        action.owner_id = owner_id
        action.updated_at = self.clock.now()
        db.add(action)
        return f"nieuwe eigenaar {texts.esc(self.name_of(db, owner_id) or '?')}"

    def set_deadline(self, db: Session, action: Action, deadline: date) -> str:
        """Returns what changed, for the confirmation."""
        action.deadline = deadline
        action.updated_at = self.clock.now()
        db.add(action)
        self._plan_reminders(db, action)
        return f"nieuwe deadline {format_date_nl(deadline, today=self.today())}"

    # --- the card's buttons ------------------------------------------------------------

    def card_button(self, *, chat_id: int, message_id: int, data: str, who: Person) -> ButtonReply:
        _, action_id, op = button_parts(data, 3)
        with session_scope(self.engine) as db:
            action = self._action_in(db, chat_id=chat_id, action_id=number_in(action_id) or 0)
            if not self._may_change(db, action, who.id):
                raise Refusal(texts.only_action_people(action.number))
            remember(db, who, now=self.clock.now())
            if op in ("owner", "date", "text"):
                self._ask_change(db, action, op, who)
                return None, ()
            if op == "del" and action.status != "deleted":
                action.status = "deleted"
                repo.cancel_pending_reminders(db, action_id=action.id)
                notice = texts.action_deleted(action.number)
            elif op == "undo" and action.status == "deleted":
                action.status = "done" if action.done_at else "open"
                self._plan_reminders(db, action)
                notice = texts.action_restored(action.number)
            else:
                raise Refusal(texts.STALE_QUESTION)
            action.updated_at = self.clock.now()
            db.add(action)
            text, markup = self.card(db, action)
            return notice, (MessageView(chat_id, message_id, text, markup),)

    def _ask_change(self, db: Session, action: Action, op: str, who: Person) -> None:
        """Ask the new owner, deadline or text; the answer comes by button or by reply."""
        mention = self.mention_of(db, who.id)
        if op == "owner":
            field, text = "owner", texts.ask_new_owner(mention, action.number)
            markup = self.owner_buttons(db, action.chat_id, f"ao:{action.id}", asker=who.id)
        elif op == "date":
            field, text = "deadline", texts.ask_new_deadline(mention, action.number)
            markup = self.deadline_buttons(f"ax:{action.id}")
        else:
            field, text = "text", texts.ask_new_text(mention, action.number)
            markup = force_reply(action.text)
        self.send_to_group(db, action, kind=f"edit:{action.id}:{field}", text=text, markup=markup)

    def choice_button(
        self, *, chat_id: int, message_id: int, data: str, who: Person
    ) -> ButtonReply:
        """A new owner (ao:) or deadline (ax:) picked for an existing action."""
        kind, action_id, arg = button_parts(data, 3)
        with session_scope(self.engine) as db:
            action = self._action_in(db, chat_id=chat_id, action_id=number_in(action_id) or 0)
            if not self._may_change(db, action, who.id):
                raise Refusal(texts.only_action_people(action.number))
            if kind == "ax" and arg == "type":
                self.send_to_group(
                    db,
                    action,
                    kind=f"edit:{action.id}:deadline",
                    text=texts.ask_typed_deadline(self.mention_of(db, who.id)),
                    markup=force_reply("Bijv. 15 december"),
                )
                return None, ()
            if kind == "ao":
                change = self.set_owner(db, action, self.picked_owner(db, chat_id, arg, who))
            else:
                change = self.set_deadline(db, action, self.chosen_date(arg))
            prompt = repo.outbox_by_message(db, chat_id=chat_id, message_id=message_id)
            answered = f"{prompt.text}\n\n➡️ {change}" if prompt else change
            views = [MessageView(chat_id, message_id, answered, NO_BUTTONS)]
            if card := self._card_view(db, action):
                views.append(card)
            return texts.action_changed(action.number, change), tuple(views)

    # --- replies to the action plan's messages -----------------------------------------

    def reply(self, reply: MemberReply) -> tuple[str | None, Views] | None:
        """A reply to one of the action plan's messages other than the dialog's questions
        (bot.services.action_dialog has those): a new text, date or owner for an action. None when
        the replied message is not ours (it may be a session question). Otherwise (a notice
        to show, messages to refresh); it is never an answer to the session."""
        with session_scope(self.engine) as db:
            prompt = repo.outbox_by_message(
                db, chat_id=reply.chat_id, message_id=reply.replied_to_id
            )
            kind = prompt.kind.split(":") if prompt else []
            if kind[:1] == ["edit"] and len(kind) == 3:
                try:
                    return self._edit_by_reply(db, reply, action_id=int(kind[1]), field=kind[2])
                except Refusal as refusal:
                    return refusal.text, ()
            if kind[:1] == ["action"]:
                return texts.USE_CARD_BUTTONS, ()
            if kind[:1] == ["reminder"]:
                return texts.USE_REMINDER_BUTTONS, ()
            if kind[:1] and kind[0] in QUIET_KINDS:
                return None, ()
            return None

    def _edit_by_reply(
        self, db: Session, reply: MemberReply, *, action_id: int, field: str
    ) -> tuple[str | None, Views]:
        chat_id, who, text, mentioned = reply.chat_id, reply.who, reply.text, reply.mentioned
        action = self._action_in(db, chat_id=chat_id, action_id=action_id)
        if not self._may_change(db, action, who.id):
            return texts.only_action_people(action.number), ()
        self.note_group_and_people(
            db, chat_id=chat_id, title=None, people=[who, *mentioned.values()]
        )
        problem = change = None
        if field == "text":
            value, problem = self.checked_text(text)
            if value:
                action.text = value
                action.updated_at = self.clock.now()
                db.add(action)
                change = "nieuwe tekst"
        elif field == "deadline":
            try:
                change = self.set_deadline(db, action, parse_deadline(text, today=self.today()))
            except DeadlineError as exc:
                problem = texts.esc(exc.message)
        elif field == "owner":
            owner_id, problem = self.owner_from(
                db,
                chat_id=chat_id,
                owner=parse_owner(text, mentions=mentioned.keys()),
                by=who,
                mentioned=mentioned,
            )
            if owner_id is not None:
                change = self.set_owner(db, action, owner_id)
            problem = problem or (None if change else texts.OWNER_BY_BUTTON)
        if problem:
            # Ask again, keeping the action as it was.
            ask = (
                texts.ask_typed_deadline(self.mention_of(db, who.id))
                if field == "deadline"
                else texts.ask_new_text(self.mention_of(db, who.id), action.number)
            )
            if field == "owner":
                return problem, ()
            self.send_to_group(
                db,
                action,
                kind=f"edit:{action.id}:{field}",
                text=f"{problem}\n{ask}",
                markup=force_reply("Bijv. 15 december" if field == "deadline" else action.text),
                reply_to=reply.message_id,
            )
            return None, ()
        self.send_to_group(
            db,
            action,
            kind=f"changed:{action.id}",
            text=texts.action_changed(action.number, change or ""),
            reply_to=reply.message_id,
        )
        card = self._card_view(db, action)
        return None, (card,) if card else ()

    # --- /klaar and /acties ------------------------------------------------------------

    def mark_done(
        self, *, chat_id: int, by: Person, number_arg: str | None, message_id: int
    ) -> None:
        number = number_in(number_arg)
        if number is None:
            raise Refusal(texts.KLAAR_WHICH)
        with session_scope(self.engine) as db:
            action = repo.action_by_number(db, chat_id=chat_id, number=number)
            if action is None:
                raise Refusal(texts.unknown_action(number))
            if action.status == "done":
                raise Refusal(texts.already_done(number))
            chair_id = self.chair_of(db, chat_id)
            if by.id not in (action.owner_id, chair_id):
                raise Refusal(
                    texts.only_owner_or_chair(
                        number, self.name_of(db, action.owner_id), self.name_of(db, chair_id) or "?"
                    )
                )
            remember(db, by, now=self.clock.now())
            self.set_done(db, action)
            self.send_to_group(
                db,
                action,
                kind=f"done:{action.id}",
                text=texts.action_done(number, action.text, self.name_of(db, action.owner_id)),
                reply_to=message_id,
            )

    def list_actions(self, *, chat_id: int, include_earlier: bool) -> list[str]:
        """/acties: the latest session's actions (with `include_earlier`: all), late first."""
        today = self.today()
        with session_scope(self.engine) as db:
            session = repo.latest_session(db, chat_id=chat_id)
            if session is None:
                raise Refusal(texts.NO_SESSION_EVER)
            scope_id = None if include_earlier else session.id
            actions = repo.group_actions(db, chat_id=chat_id, session_id=scope_id)
            items = [brief.ActionItem.of(a, owner=self.name_of(db, a.owner_id)) for a in actions]
            started = (session.started_at or session.created_at).astimezone(self.tz).date()
            scope = (
                "alle sessies"
                if include_earlier
                else f"werksessie van {format_date_nl(started, today=today)}"
            )
            blocks = (
                [texts.actions_header(scope, brief.counts_text(items, today))]
                + brief.list_blocks(items, today)
                if items
                else [texts.NO_ACTIONS_YET]
            )
            if not include_earlier:
                earlier = [
                    a
                    for a in repo.group_actions(db, chat_id=chat_id)
                    if a.session_id != session.id and a.status == "open"
                ]
                if earlier:
                    blocks.append(texts.open_from_earlier(len(earlier)))
            return pack(blocks)
