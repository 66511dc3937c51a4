"""The action plan after step 5: actions with an owner and a deadline, the guided /actie
dialog, and the reminders that follow owners up until it is done.

Like bot/sessions.py: every decision is stored together with the messages it causes (the
outbox) in one transaction; no Telegram here. Reminders and dialog time-outs are rows with a
due time, done by `process_due`. A reminder counts as sent only once its outbox row is (see
`outbox_settled`), so a crash right after sending never sends it twice.

Callback data never carries trust: buttons name an action or a dialog by id, and every press
is checked against the database (right chat, right member).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot import texts
from bot.clock import Clock
from bot.core import brief
from bot.core.action_line import Owner, parse_action_line, parse_owner
from bot.core.deadlines import DeadlineError, format_date_nl, parse_deadline, quick_deadlines
from bot.core.reminders import WorkingHours, next_allowed_moment, plan_reminders, snooze_deadline
from bot.core.summary import pack
from bot.sessions import MessageView, Person, Refusal, _buttons
from storage import repo
from storage.db import session_scope
from storage.models import Action, ActionDraft, Member, OutboxMessage, Reminder, WorkSession

# The dialog asks these in order; the first three are needed for an action.
REQUIRED_STAGES = ("what", "owner", "deadline")
# Our other messages: a reply to one of them is no answer to the session either.
QUIET_KINDS = frozenset({"changed", "done", "help", "dialog-closed", "meeting", "brief"})
MAX_ACTION_TEXT = 1000
MAX_NOTE = 200
MAX_LEERJAAR = 30
MY_ACTIONS_SHOWN = 20

Views = tuple[MessageView, ...]
ButtonReply = tuple[str | None, Views]

NO_BUTTONS: dict = {"inline_keyboard": []}


def _force_reply(placeholder: str) -> dict:
    # selective: only the member who is asked gets the reply box (they are mentioned).
    return {"force_reply": True, "selective": True, "input_field_placeholder": placeholder[:64]}


def _parts(data: str, count: int) -> list[str]:
    parts = data.split(":")
    if len(parts) != count:
        raise Refusal("Die knop ken ik niet.")
    return parts


def _number(text: str | None) -> int | None:
    value = (text or "").strip().lstrip("#")
    return int(value) if value.isdigit() and len(value) < 19 else None


class ActionService:
    def __init__(
        self,
        *,
        engine: Engine,
        clock: Clock,
        tz: ZoneInfo,
        hours: WorkingHours,
        dialog_timeout: timedelta,
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.tz = tz
        self.hours = hours
        self.dialog_timeout = dialog_timeout
        # Known once the bot is connected; group reminders link to a private chat with it.
        self.bot_username: str | None = None

    # --- helpers -----------------------------------------------------------------------

    def _today(self) -> date:
        return self.clock.now().astimezone(self.tz).date()

    def _remember(self, db: Session, person: Person) -> Member:
        return repo.upsert_member(
            db,
            user_id=person.id,
            first_name=person.first_name,
            last_name=person.last_name,
            username=person.username,
            now=self.clock.now(),
        )

    def _note(
        self, db: Session, *, chat_id: int, title: str | None, people: Sequence[Person]
    ) -> None:
        if title:
            repo.upsert_group(db, chat_id=chat_id, title=title, now=self.clock.now())
        for person in people:
            self._remember(db, person)

    def _name(self, db: Session, user_id: int | None) -> str | None:
        if user_id is None:
            return None
        member = db.get(Member, user_id)
        return texts.display_name(member.first_name, member.last_name) if member else "?"

    def _mention(self, db: Session, user_id: int) -> str:
        return texts.mention(user_id, self._name(db, user_id) or "?")

    def _session(self, db: Session, chat_id: int) -> WorkSession:
        session = repo.latest_session(db, chat_id=chat_id)
        if session is None:
            raise Refusal(texts.ACTIONS_NEED_SESSION)
        return session

    def _chair_id(self, db: Session, chat_id: int) -> int | None:
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

    def _send(
        self,
        db: Session,
        *,
        chat_id: int,
        thread_id: int | None,
        kind: str,
        text: str,
        markup: dict | None = None,
        reply_to: int | None = None,
    ) -> OutboxMessage:
        return repo.enqueue(
            db,
            message=OutboxMessage(
                chat_id=chat_id,
                thread_id=thread_id,
                kind=kind,
                text=text,
                reply_markup=markup,
                reply_to_message_id=reply_to,
                created_at=self.clock.now(),
            ),
        )

    def _action_in(self, db: Session, *, chat_id: int, action_id: int) -> Action:
        action = db.get(Action, action_id)
        if action is None or action.chat_id != chat_id:
            raise Refusal("Die actie hoort niet bij deze groep.")
        return action

    def _may_change(self, db: Session, action: Action, user_id: int) -> bool:
        return user_id in (action.owner_id, action.created_by, self._chair_id(db, action.chat_id))

    # --- how an action looks -----------------------------------------------------------

    def _body(self, db: Session, thing: Action | ActionDraft) -> str:
        """An action, or a draft of one, on a few lines."""
        today = self._today()
        if thing.deadline is None:
            when = "nog niet gekozen"
        else:
            when = (
                f"{format_date_nl(thing.deadline, today=today)} "
                f"({texts.days_left(thing.deadline, today)})"
            )
        return texts.action_body(
            text=thing.text or "…",
            owner=self._name(db, thing.owner_id),
            when=when,
            needs=brief.needs_text(thing.needs, thing.needs_note),
            leerjaar=thing.leerjaar,
        )

    def _card(self, db: Session, action: Action) -> tuple[str, dict]:
        text = texts.action_card(
            number=action.number,
            body=self._body(db, action),
            state=action.status,
            owner=self._name(db, action.owner_id),
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
        return text, _buttons(rows)

    def _card_view(self, db: Session, action: Action) -> MessageView | None:
        sent = repo.latest_outbox_of_kind(db, chat_id=action.chat_id, kind=f"action:{action.id}")
        if sent is None or not sent.message_id:
            return None
        text, markup = self._card(db, action)
        return MessageView(action.chat_id, sent.message_id, text, markup)

    def _picked_owner(self, db: Session, chat_id: int, arg: str, who: Person) -> int:
        """The owner a button names: the presser ("me") or someone of the team."""
        if arg == "me":
            return who.id
        if (owner_id := _number(arg)) in {m.id for m in self._team(db, chat_id)}:
            return owner_id
        raise Refusal("Die persoon hoort niet bij deze sessie.")

    def _owner_buttons(self, db: Session, chat_id: int, prefix: str, asker: int) -> dict:
        people = [
            (texts.display_name(m.first_name, m.last_name), f"{prefix}:{m.id}")
            for m in self._team(db, chat_id)
            if m.id != asker
        ]
        people.append((texts.ME_BUTTON, f"{prefix}:me"))
        return _buttons([people[i : i + 2] for i in range(0, len(people), 2)])

    def _deadline_buttons(self, prefix: str) -> dict:
        quick = [
            (label, f"{prefix}:{day.isoformat()}") for label, day in quick_deadlines(self._today())
        ]
        rows = [quick[i : i + 2] for i in range(0, len(quick), 2)]
        return _buttons([*rows, [(texts.TYPE_DATE_BUTTON, f"{prefix}:type")]])

    # --- making actions ----------------------------------------------------------------

    def add(
        self,
        *,
        chat_id: int,
        thread_id: int | None,
        chat_title: str | None,
        by: Person,
        message_id: int,
        text: str,
        mentioned: Mapping[str, Person],
    ) -> None:
        """/actie: a whole action in one line, or (bare) the guided dialog. Whatever part of
        a line cannot be used is asked for again; the rest is kept as a draft meanwhile."""
        with session_scope(self.engine) as db:
            session = self._session(db, chat_id)
            self._note(db, chat_id=chat_id, title=chat_title, people=[by, *mentioned.values()])
            if not text.strip():
                self._open_dialog(
                    db, chat_id=chat_id, thread_id=thread_id, who=by, reply_to=message_id
                )
                return
            line = parse_action_line(text, today=self._today(), mentions=mentioned.keys())
            owner_id, owner_problem = self._owner_from(
                db, chat_id=chat_id, owner=line.owner, by=by, mentioned=mentioned
            )
            what, text_problem = self._checked_text(line.what) if line.what else (None, None)
            if what and owner_id is not None and line.deadline is not None:
                self._create(
                    db,
                    session=session,
                    thread_id=thread_id,
                    created_by=by.id,
                    text=what,
                    owner_id=owner_id,
                    deadline=line.deadline,
                    reply_to=message_id,
                )
                return
            draft = self._fresh_draft(
                db, chat_id=chat_id, thread_id=thread_id, user_id=by.id, guided=False
            )
            draft.text, draft.owner_id, draft.deadline = what, owner_id, line.deadline
            problems = [p for p in (text_problem, owner_problem) if p]
            if line.deadline_error:
                problems.append(texts.esc(line.deadline_error))
            self._ask(db, draft, reply_to=message_id, problem=" ".join(problems) or None)

    def _checked_text(self, text: str) -> tuple[str | None, str | None]:
        text = text.strip()
        if not text:
            return None, texts.TEXT_NEEDED
        if len(text) > MAX_ACTION_TEXT:
            return None, f"Dat is wat lang; vat de actie samen in hooguit {MAX_ACTION_TEXT} tekens."
        return text, None

    def _owner_from(
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

    def _create(
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
        now = self.clock.now()
        action = Action(
            chat_id=session.chat_id,
            thread_id=thread_id,
            number=repo.next_action_number(db, chat_id=session.chat_id),
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
        db.add(action)
        db.flush()
        self._plan(db, action)
        card, markup = self._card(db, action)
        self._send(
            db,
            chat_id=action.chat_id,
            thread_id=thread_id,
            kind=f"action:{action.id}",
            text=card,
            markup=markup,
            reply_to=reply_to,
        )
        return action

    def _plan(self, db: Session, action: Action) -> None:
        """(Re)plan the reminders of an action from its deadline; sent ones stay on record."""
        repo.cancel_pending_reminders(db, action_id=action.id)
        if action.status != "open":
            return
        for planned in plan_reminders(
            deadline=action.deadline, now=self.clock.now(), tz=self.tz, hours=self.hours
        ):
            db.add(Reminder(action_id=action.id, kind=planned.kind, due_at=planned.due_at))

    def _mark_done(self, db: Session, action: Action) -> None:
        now = self.clock.now()
        action.status = "done"
        action.done_at = action.updated_at = now
        db.add(action)
        repo.cancel_pending_reminders(db, action_id=action.id)

    # --- the guided dialog -------------------------------------------------------------

    def _fresh_draft(
        self, db: Session, *, chat_id: int, thread_id: int | None, user_id: int, guided: bool
    ) -> ActionDraft:
        """One draft per member per group; a new dialog starts it over. Questions asked
        before `created_at` belong to an earlier dialog and no longer count."""
        now = self.clock.now()
        draft = repo.draft_of(db, chat_id=chat_id, user_id=user_id) or ActionDraft(
            chat_id=chat_id, user_id=user_id, created_at=now, updated_at=now
        )
        draft.thread_id = thread_id
        draft.guided = guided
        draft.stage = "what"
        draft.status = "open"
        draft.text = draft.owner_id = draft.deadline = None
        draft.needs = []
        draft.needs_note = draft.leerjaar = None
        draft.prompt_message_id = None
        draft.created_at = draft.updated_at = now
        db.add(draft)
        db.flush()
        return draft

    def _open_dialog(
        self, db: Session, *, chat_id: int, thread_id: int | None, who: Person, reply_to: int
    ) -> None:
        draft = repo.draft_of(db, chat_id=chat_id, user_id=who.id)
        if (
            draft is not None
            and draft.status in ("open", "abandoned")
            and (draft.text or draft.owner_id or draft.deadline)
        ):
            # Something was typed before: offer to carry on with it.
            draft.status = "open"
            draft.updated_at = self.clock.now()
            db.add(draft)
            self._send(
                db,
                chat_id=chat_id,
                thread_id=thread_id,
                kind=f"dialog:{draft.id}:resume",
                text=texts.resume_draft(self._mention(db, who.id), self._body(db, draft)),
                markup=_buttons(
                    [
                        [
                            (texts.RESUME_BUTTON, f"dr:{draft.id}:r:go"),
                            (texts.RESTART_BUTTON, f"dr:{draft.id}:r:new"),
                        ]
                    ]
                ),
                reply_to=reply_to,
            )
            return
        draft = self._fresh_draft(
            db, chat_id=chat_id, thread_id=thread_id, user_id=who.id, guided=True
        )
        self._ask(db, draft, reply_to=reply_to)

    @staticmethod
    def _next_stage(draft: ActionDraft) -> str:
        for stage, value in zip(
            REQUIRED_STAGES, (draft.text, draft.owner_id, draft.deadline), strict=True
        ):
            if value is None:
                return stage
        if not draft.guided:
            return "save"
        # The optional questions move on by their buttons.
        return "needs" if draft.stage in REQUIRED_STAGES else draft.stage

    def _ask(
        self,
        db: Session,
        draft: ActionDraft,
        *,
        stage: str | None = None,
        reply_to: int | None = None,
        problem: str | None = None,
    ) -> None:
        """Ask the next question of the dialog (or `stage` again), or save when complete."""
        stage = stage or self._next_stage(draft)
        if stage == "save":
            self._save(db, draft, reply_to=reply_to)
            return
        draft.stage = stage
        draft.updated_at = self.clock.now()
        db.add(draft)
        text, markup = self._question(db, draft, stage, problem)
        self._send(
            db,
            chat_id=draft.chat_id,
            thread_id=draft.thread_id,
            kind=f"dialog:{draft.id}:{stage}",
            text=text,
            markup=markup,
            reply_to=reply_to,
        )

    def _question(
        self, db: Session, draft: ActionDraft, stage: str, problem: str | None
    ) -> tuple[str, dict]:
        who = self._mention(db, draft.user_id)
        if not draft.guided and (draft.text or draft.owner_id or draft.deadline):
            # A one-line /actie missed a part: show what is kept while asking for the rest.
            problem = "\n\n".join(filter(None, [problem, texts.kept(self._body(db, draft))]))
        lead = f"{problem}\n\n" if problem else ""
        if stage == "what":
            return lead + texts.ask_what(who), _force_reply("Bijv. Engelstalig lesmateriaal zoeken")
        if stage == "owner":
            markup = self._owner_buttons(db, draft.chat_id, f"dr:{draft.id}:o", draft.user_id)
            return texts.ask_owner(who, problem), markup
        if stage == "deadline":
            return texts.ask_deadline(who, problem), self._deadline_buttons(f"dr:{draft.id}:d")
        if stage == "needs":
            return self._needs_question(db, draft, who)
        if stage == "leerjaar":
            options = [(label, f"dr:{draft.id}:l:{key}") for key, label in texts.LEERJAREN.items()]
            rows = [options[:4], [*options[4:], (texts.SKIP_BUTTON, f"dr:{draft.id}:l:skip")]]
            return texts.ask_leerjaar(who), _buttons(rows)
        markup = _buttons(
            [
                [
                    (texts.SAVE_BUTTON, f"dr:{draft.id}:c:save"),
                    (texts.CANCEL_BUTTON, f"dr:{draft.id}:c:cancel"),
                ]
            ]
        )
        return lead + texts.confirm_draft(who, self._body(db, draft)), markup

    def _needs_question(self, db: Session, draft: ActionDraft, who: str) -> tuple[str, dict]:
        toggles = [
            (("✅ " if key in draft.needs else "") + label, f"dr:{draft.id}:n:{key}")
            for key, label in texts.NEEDS.items()
        ]
        rows = [toggles[:3], toggles[3:]]
        rows.append(
            [
                (texts.NEED_NOTE_BUTTON, f"dr:{draft.id}:n:note"),
                (texts.NEXT_BUTTON, f"dr:{draft.id}:n:next"),
            ]
        )
        chosen = brief.needs_text(draft.needs, draft.needs_note)
        return texts.ask_needs(who, chosen), _buttons(rows)

    def _save(self, db: Session, draft: ActionDraft, *, reply_to: int | None) -> Action:
        session = self._session(db, draft.chat_id)
        assert draft.text and draft.owner_id is not None and draft.deadline is not None
        action = self._create(
            db,
            session=session,
            thread_id=draft.thread_id,
            created_by=draft.user_id,
            text=draft.text,
            owner_id=draft.owner_id,
            deadline=draft.deadline,
            needs=draft.needs,
            needs_note=draft.needs_note,
            leerjaar=draft.leerjaar,
            reply_to=reply_to,
        )
        draft.status = "saved"
        draft.action_id = action.id
        draft.updated_at = self.clock.now()
        db.add(draft)
        return action

    def _dialog_of(
        self, db: Session, *, prompt: OutboxMessage, draft_id: int, who: Person
    ) -> ActionDraft:
        draft = db.get(ActionDraft, draft_id)
        if (
            draft is None
            or draft.chat_id != prompt.chat_id
            or draft.status in ("saved", "cancelled")
            or prompt.created_at < draft.created_at
        ):
            raise Refusal(texts.DIALOG_CLOSED)
        if draft.user_id != who.id:
            raise Refusal(texts.not_your_dialog(self._name(db, draft.user_id) or "?"))
        # Answering a question of a dialog that timed out picks it up again.
        draft.status = "open"
        return draft

    def _continue_dialog(
        self,
        db: Session,
        *,
        prompt: OutboxMessage,
        draft_id: int,
        stage: str,
        who: Person,
        text: str,
        mentioned: Mapping[str, Person],
        message_id: int,
    ) -> str | None:
        """A typed answer to one of the dialog's questions fills in what that question asked."""
        draft = self._dialog_of(db, prompt=prompt, draft_id=draft_id, who=who)
        self._note(db, chat_id=draft.chat_id, title=None, people=[who, *mentioned.values()])
        problem = None
        if stage == "what":
            value, problem = self._checked_text(text)
            draft.text = value or draft.text
        elif stage == "owner":
            owner = parse_owner(text, mentions=mentioned.keys())
            owner_id, problem = self._owner_from(
                db, chat_id=draft.chat_id, owner=owner, by=who, mentioned=mentioned
            )
            if owner_id is not None:
                draft.owner_id = owner_id
            problem = problem or (None if owner_id else texts.OWNER_BY_BUTTON)
        elif stage == "deadline":
            try:
                draft.deadline = parse_deadline(text, today=self._today())
            except DeadlineError as exc:
                problem = texts.esc(exc.message)
        elif stage == "needs":
            draft.needs_note = " ".join(text.split())[:MAX_NOTE] or None
        elif stage == "leerjaar":
            value = " ".join(text.split()).lower().removeprefix("leerjaar").strip()
            draft.leerjaar = value[:MAX_LEERJAAR] or None
            draft.stage = "confirm"
        else:
            return texts.PRESS_A_BUTTON
        self._ask(db, draft, stage=stage if problem else None, reply_to=message_id, problem=problem)
        return None

    def dialog_button(
        self, *, chat_id: int, message_id: int, data: str, who: Person
    ) -> ButtonReply:
        _, draft_id, op, arg = _parts(data, 4)
        with session_scope(self.engine) as db:
            prompt = repo.outbox_by_message(db, chat_id=chat_id, message_id=message_id)
            if prompt is None or not prompt.kind.startswith(f"dialog:{draft_id}:"):
                raise Refusal(texts.DIALOG_CLOSED)
            draft = self._dialog_of(db, prompt=prompt, draft_id=int(draft_id), who=who)
            asked = prompt.kind.rsplit(":", 1)[1]
            if asked != "resume" and asked != draft.stage:
                raise Refusal(texts.STALE_QUESTION)
            draft.updated_at = self.clock.now()
            db.add(draft)
            answered = None
            if op == "r":  # resume or start over
                if arg == "new":
                    draft = self._fresh_draft(
                        db, chat_id=chat_id, thread_id=draft.thread_id, user_id=who.id, guided=True
                    )
                answered = "verder" if arg == "go" else "opnieuw"
                self._ask(db, draft)
            elif op == "o":
                draft.owner_id = owner_id = self._picked_owner(db, chat_id, arg, who)
                answered = texts.esc(self._name(db, owner_id) or "?")
                self._ask(db, draft)
            elif op == "d":
                if arg == "type":
                    self._send(
                        db,
                        chat_id=chat_id,
                        thread_id=draft.thread_id,
                        kind=f"dialog:{draft.id}:deadline",
                        text=texts.ask_typed_deadline(self._mention(db, who.id)),
                        markup=_force_reply("Bijv. 15 december"),
                    )
                    return None, ()
                draft.deadline = self._chosen_date(arg)
                answered = format_date_nl(draft.deadline, today=self._today())
                self._ask(db, draft)
            elif op == "n":
                return self._needs_button(db, draft, prompt, arg, who)
            elif op == "l":
                if arg != "skip" and arg not in texts.LEERJAREN:
                    raise Refusal("Die keuze ken ik niet.")
                draft.leerjaar = None if arg == "skip" else arg
                draft.stage = "confirm"
                answered = texts.esc(texts.leerjaar_label(arg)) if arg != "skip" else "overgeslagen"
                self._ask(db, draft)
            elif op == "c":
                if arg == "save":
                    action = self._save(db, draft, reply_to=None)
                    answered = f"opgeslagen als actie #{action.number}"
                else:
                    draft.status = "cancelled"
                    return texts.DRAFT_CANCELLED, (
                        MessageView(chat_id, message_id, texts.DRAFT_CANCELLED, NO_BUTTONS),
                    )
            else:
                raise Refusal("Die knop ken ik niet.")
            return None, (
                MessageView(chat_id, message_id, f"{prompt.text}\n\n➡️ {answered}", NO_BUTTONS),
            )

    def _chosen_date(self, iso: str) -> date:
        try:
            chosen = date.fromisoformat(iso)
        except ValueError:
            raise Refusal("Die keuze ken ik niet.") from None
        if chosen < self._today():
            # A button from an earlier day: its "over 1 week" is no longer what it says.
            raise Refusal(DeadlineError.past(chosen, self._today()).message)
        return chosen

    def _needs_button(
        self, db: Session, draft: ActionDraft, prompt: OutboxMessage, arg: str, who: Person
    ) -> ButtonReply:
        if arg == "note":
            self._send(
                db,
                chat_id=draft.chat_id,
                thread_id=draft.thread_id,
                kind=f"dialog:{draft.id}:needs",
                text=texts.ask_note(self._mention(db, who.id)),
                markup=_force_reply("Bijv. een gastspreker"),
            )
            return None, ()
        if arg == "next":
            text, _ = self._needs_question(db, draft, self._mention(db, who.id))
            draft.stage = "leerjaar"
            self._ask(db, draft)
            return None, (MessageView(prompt.chat_id, prompt.message_id, text, NO_BUTTONS),)
        if arg not in texts.NEEDS:
            raise Refusal("Die keuze ken ik niet.")
        chosen = set(draft.needs) ^ {arg}
        draft.needs = [key for key in texts.NEEDS if key in chosen]
        db.add(draft)
        text, markup = self._needs_question(db, draft, self._mention(db, who.id))
        return None, (MessageView(prompt.chat_id, prompt.message_id, text, markup),)

    # --- replies to the bot's messages -------------------------------------------------

    def reply(
        self,
        *,
        chat_id: int,
        message_id: int,
        who: Person,
        text: str,
        replied_to_id: int,
        mentioned: Mapping[str, Person],
    ) -> tuple[str | None, Views] | None:
        """A reply to one of the action plan's messages: a dialog answer, a new text or date
        for an action. None when the replied message is not ours (it may be a session
        question). Otherwise (a notice to show, messages to refresh); it is never an answer
        to the session."""
        with session_scope(self.engine) as db:
            prompt = repo.outbox_by_message(db, chat_id=chat_id, message_id=replied_to_id)
            kind = prompt.kind.split(":") if prompt else []
            try:
                if kind[:1] == ["dialog"] and len(kind) == 3:
                    notice = self._continue_dialog(
                        db,
                        prompt=prompt,
                        draft_id=int(kind[1]),
                        stage=kind[2],
                        who=who,
                        text=text,
                        mentioned=mentioned,
                        message_id=message_id,
                    )
                    return notice, ()
                if kind[:1] == ["edit"] and len(kind) == 3:
                    return self._edit_by_reply(
                        db,
                        action_id=int(kind[1]),
                        field=kind[2],
                        who=who,
                        text=text,
                        chat_id=chat_id,
                        message_id=message_id,
                        mentioned=mentioned,
                    )
            except Refusal as refusal:
                return refusal.text, ()
            if kind[:1] == ["action"]:
                return texts.USE_CARD_BUTTONS, ()
            if kind[:1] == ["reminder"]:
                return texts.USE_REMINDER_BUTTONS, ()
            if kind[:1] and kind[0] in QUIET_KINDS:
                return None, ()
            return None

    # --- changing an action ------------------------------------------------------------

    def card_button(self, *, chat_id: int, message_id: int, data: str, who: Person) -> ButtonReply:
        _, action_id, op = _parts(data, 3)
        with session_scope(self.engine) as db:
            action = self._action_in(db, chat_id=chat_id, action_id=_number(action_id) or 0)
            if not self._may_change(db, action, who.id):
                raise Refusal(texts.only_action_people(action.number))
            self._remember(db, who)
            if op in ("owner", "date", "text"):
                self._ask_change(db, action, op, who)
                return None, ()
            if op == "del" and action.status != "deleted":
                action.status = "deleted"
                repo.cancel_pending_reminders(db, action_id=action.id)
                notice = texts.action_deleted(action.number)
            elif op == "undo" and action.status == "deleted":
                action.status = "done" if action.done_at else "open"
                self._plan(db, action)
                notice = texts.action_restored(action.number)
            else:
                raise Refusal(texts.STALE_QUESTION)
            action.updated_at = self.clock.now()
            db.add(action)
            text, markup = self._card(db, action)
            return notice, (MessageView(chat_id, message_id, text, markup),)

    def _ask_change(self, db: Session, action: Action, op: str, who: Person) -> None:
        """Ask the new owner, deadline or text; the answer comes by button or by reply."""
        mention = self._mention(db, who.id)
        if op == "owner":
            field, text = "owner", texts.ask_new_owner(mention, action.number)
            markup = self._owner_buttons(db, action.chat_id, f"ao:{action.id}", asker=who.id)
        elif op == "date":
            field, text = "deadline", texts.ask_new_deadline(mention, action.number)
            markup = self._deadline_buttons(f"ax:{action.id}")
        else:
            field, text = "text", texts.ask_new_text(mention, action.number)
            markup = _force_reply(action.text)
        self._send(
            db,
            chat_id=action.chat_id,
            thread_id=action.thread_id,
            kind=f"edit:{action.id}:{field}",
            text=text,
            markup=markup,
        )

    def choice_button(
        self, *, chat_id: int, message_id: int, data: str, who: Person
    ) -> ButtonReply:
        """A new owner (ao:) or deadline (ax:) picked for an existing action."""
        kind, action_id, arg = _parts(data, 3)
        with session_scope(self.engine) as db:
            action = self._action_in(db, chat_id=chat_id, action_id=_number(action_id) or 0)
            if not self._may_change(db, action, who.id):
                raise Refusal(texts.only_action_people(action.number))
            if kind == "ax" and arg == "type":
                self._send(
                    db,
                    chat_id=chat_id,
                    thread_id=action.thread_id,
                    kind=f"edit:{action.id}:deadline",
                    text=texts.ask_typed_deadline(self._mention(db, who.id)),
                    markup=_force_reply("Bijv. 15 december"),
                )
                return None, ()
            if kind == "ao":
                change = self._set_owner(db, action, self._picked_owner(db, chat_id, arg, who))
            else:
                change = self._set_deadline(db, action, self._chosen_date(arg))
            prompt = repo.outbox_by_message(db, chat_id=chat_id, message_id=message_id)
            answered = f"{prompt.text}\n\n➡️ {change}" if prompt else change
            views = [MessageView(chat_id, message_id, answered, NO_BUTTONS)]
            if card := self._card_view(db, action):
                views.append(card)
            return texts.action_changed(action.number, change), tuple(views)

    def _set_owner(self, db: Session, action: Action, owner_id: int) -> str:
        action.owner_id = owner_id
        action.updated_at = self.clock.now()
        db.add(action)
        return f"nieuwe eigenaar {texts.esc(self._name(db, owner_id) or '?')}"

    def _set_deadline(self, db: Session, action: Action, deadline: date) -> str:
        action.deadline = deadline
        action.updated_at = self.clock.now()
        db.add(action)
        self._plan(db, action)
        return f"nieuwe deadline {format_date_nl(deadline, today=self._today())}"

    def _edit_by_reply(
        self,
        db: Session,
        *,
        action_id: int,
        field: str,
        who: Person,
        text: str,
        chat_id: int,
        message_id: int,
        mentioned: Mapping[str, Person],
    ) -> tuple[str | None, Views]:
        action = self._action_in(db, chat_id=chat_id, action_id=action_id)
        if not self._may_change(db, action, who.id):
            return texts.only_action_people(action.number), ()
        self._note(db, chat_id=chat_id, title=None, people=[who, *mentioned.values()])
        problem = change = None
        if field == "text":
            value, problem = self._checked_text(text)
            if value:
                action.text = value
                action.updated_at = self.clock.now()
                db.add(action)
                change = "nieuwe tekst"
        elif field == "deadline":
            try:
                change = self._set_deadline(db, action, parse_deadline(text, today=self._today()))
            except DeadlineError as exc:
                problem = texts.esc(exc.message)
        elif field == "owner":
            owner_id, problem = self._owner_from(
                db,
                chat_id=chat_id,
                owner=parse_owner(text, mentions=mentioned.keys()),
                by=who,
                mentioned=mentioned,
            )
            if owner_id is not None:
                change = self._set_owner(db, action, owner_id)
            problem = problem or (None if change else texts.OWNER_BY_BUTTON)
        if problem:
            # Ask again, keeping the action as it was.
            ask = (
                texts.ask_typed_deadline(self._mention(db, who.id))
                if field == "deadline"
                else texts.ask_new_text(self._mention(db, who.id), action.number)
            )
            if field == "owner":
                return problem, ()
            self._send(
                db,
                chat_id=chat_id,
                thread_id=action.thread_id,
                kind=f"edit:{action.id}:{field}",
                text=f"{problem}\n{ask}",
                markup=_force_reply("Bijv. 15 december" if field == "deadline" else action.text),
                reply_to=message_id,
            )
            return None, ()
        self._send(
            db,
            chat_id=chat_id,
            thread_id=action.thread_id,
            kind=f"changed:{action.id}",
            text=texts.action_changed(action.number, change or ""),
            reply_to=message_id,
        )
        card = self._card_view(db, action)
        return None, (card,) if card else ()

    # --- /klaar, /acties, /mijnacties ----------------------------------------------------

    def mark_done(
        self, *, chat_id: int, by: Person, number_arg: str | None, message_id: int
    ) -> None:
        number = _number(number_arg)
        if number is None:
            raise Refusal(texts.KLAAR_WHICH)
        with session_scope(self.engine) as db:
            action = repo.action_by_number(db, chat_id=chat_id, number=number)
            if action is None:
                raise Refusal(texts.unknown_action(number))
            if action.status == "done":
                raise Refusal(texts.already_done(number))
            chair_id = self._chair_id(db, chat_id)
            if by.id not in (action.owner_id, chair_id):
                raise Refusal(
                    texts.only_owner_or_chair(
                        number, self._name(db, action.owner_id), self._name(db, chair_id) or "?"
                    )
                )
            self._remember(db, by)
            self._mark_done(db, action)
            self._send(
                db,
                chat_id=chat_id,
                thread_id=action.thread_id,
                kind=f"done:{action.id}",
                text=texts.action_done(number, action.text, self._name(db, action.owner_id)),
                reply_to=message_id,
            )

    def _items(self, db: Session, actions: Sequence[Action]) -> list[brief.ActionItem]:
        return [brief.ActionItem.of(a, owner=self._name(db, a.owner_id)) for a in actions]

    def list_actions(self, *, chat_id: int, include_earlier: bool) -> list[str]:
        """/acties: the latest session's actions (with `include_earlier`: all), late first."""
        today = self._today()
        with session_scope(self.engine) as db:
            session = repo.latest_session(db, chat_id=chat_id)
            if session is None:
                raise Refusal(texts.NO_SESSION_EVER)
            scope_id = None if include_earlier else session.id
            actions = repo.group_actions(db, chat_id=chat_id, session_id=scope_id)
            items = self._items(db, actions)
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

    def my_actions(self, *, who: Person) -> list[tuple[str, dict | None]]:
        """/mijnacties in a private chat: a header, then each open action with its buttons."""
        with session_scope(self.engine) as db:
            self._remember(db, who)
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
                        self._reminder_text(
                            db, action, group=titles.get(action.chat_id), reminding=False
                        ),
                        self._reminder_markup(action, in_group=False),
                    )
                )
            return messages

    def unlink(self, *, user_id: int) -> None:
        """The member blocked the bot: remind them in the group from now on."""
        with session_scope(self.engine) as db:
            member = db.get(Member, user_id)
            if member is not None and member.private_chat:
                member.private_chat = False
                db.add(member)

    # --- reminders ---------------------------------------------------------------------

    def _reminder_text(
        self, db: Session, action: Action, *, group: str | None, reminding: bool = True
    ) -> str:
        return texts.reminder(
            number=action.number,
            group=group,
            body=self._body(db, action),
            late=action.deadline < self._today(),
            reminding=reminding,
        )

    def _deep_link(self) -> str | None:
        return f"https://t.me/{self.bot_username}?start=koppel" if self.bot_username else None

    def _reminder_markup(self, action: Action, *, in_group: bool) -> dict:
        labels = texts.REMINDER_BUTTONS
        markup = _buttons(
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

    def _group_reminder(self, db: Session, action: Action) -> tuple[str, dict]:
        owner = self._mention(db, action.owner_id) if action.owner_id else None
        text = texts.reminder_in_group(
            owner=owner,
            reminder_text=self._reminder_text(db, action, group=None),
            link=self._deep_link(),
        )
        return text, self._reminder_markup(action, in_group=True)

    def _enqueue_reminder(self, db: Session, reminder: Reminder, action: Action) -> None:
        owner = db.get(Member, action.owner_id) if action.owner_id else None
        if owner is not None and owner.private_chat:
            title = repo.group_titles(db, chat_ids=[action.chat_id]).get(action.chat_id)
            row = self._send(
                db,
                chat_id=owner.id,
                thread_id=None,
                kind=f"reminder:{reminder.id}",
                text=self._reminder_text(db, action, group=title),
                markup=self._reminder_markup(action, in_group=False),
            )
            reminder.channel = "dm"
        else:
            text, markup = self._group_reminder(db, action)
            row = self._send(
                db,
                chat_id=action.chat_id,
                thread_id=action.thread_id,
                kind=f"reminder:{reminder.id}",
                text=text,
                markup=markup,
            )
            reminder.channel = "group"
        reminder.status = "sending"
        reminder.outbox_id = row.id
        db.add(reminder)

    def _send_due_reminders(self) -> None:
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
                self._enqueue_reminder(db, reminder, db.get(Action, reminder.action_id))

    def _settle_reminders(self) -> None:
        """Reminders whose outbox row was settled without us (sent just before a crash)."""
        with session_scope(self.engine) as db:
            for reminder in repo.reminders_in_flight(db):
                row = db.get(OutboxMessage, reminder.outbox_id) if reminder.outbox_id else None
                if row is not None and row.status in ("sent", "failed"):
                    self._reminder_settled(db, reminder, row)

    def outbox_settled(self, db: Session, row: OutboxMessage) -> bool:
        """Delivery's hook, in the transaction that records a row as sent or failed. True
        when it queued another message (a refused private reminder goes to the group)."""
        kind, _, ref = row.kind.partition(":")
        if kind == "reminder":
            reminder = db.get(Reminder, int(ref))
            if reminder is not None and reminder.outbox_id == row.id:
                return self._reminder_settled(db, reminder, row)
        elif kind == "dialog" and row.status == "sent":
            draft = db.get(ActionDraft, int(ref.split(":")[0]))
            if draft is not None and row.created_at >= draft.created_at:
                draft.prompt_message_id = row.message_id
                db.add(draft)
        return False

    def _reminder_settled(self, db: Session, reminder: Reminder, row: OutboxMessage) -> bool:
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
            text, markup = self._group_reminder(db, action)
            fallback = self._send(
                db,
                chat_id=action.chat_id,
                thread_id=action.thread_id,
                kind=f"reminder:{reminder.id}",
                text=text,
                markup=markup,
            )
            reminder.channel = "group"
            reminder.outbox_id = fallback.id
            db.add(reminder)
            return True
        reminder.status = "failed"
        db.add(reminder)
        return False

    def reminder_button(
        self, *, chat_id: int, message_id: int, data: str, who: Person
    ) -> ButtonReply:
        """✅ Klaar, ⏭ Week later, 🆘 Hulp nodig: under a reminder or a /mijnacties card."""
        _, action_id, op = _parts(data, 3)
        with session_scope(self.engine) as db:
            action = db.get(Action, _number(action_id) or 0)
            # Pressed in the action's group, or in the presser's own private chat.
            if (
                action is None
                or action.status == "deleted"
                or chat_id not in (action.chat_id, who.id)
            ):
                raise Refusal("Deze actie bestaat niet meer.")
            chair_id = self._chair_id(db, action.chat_id)
            if who.id not in (action.owner_id, chair_id):
                raise Refusal(texts.only_owner_or_chair_button(self._name(db, action.owner_id)))
            if action.status == "done":
                raise Refusal(texts.already_done(action.number))
            self._remember(db, who)
            in_group = chat_id == action.chat_id
            if op == "done":
                self._mark_done(db, action)
                if not in_group:
                    self._send(
                        db,
                        chat_id=action.chat_id,
                        thread_id=action.thread_id,
                        kind=f"done:{action.id}",
                        text=texts.done_elsewhere(
                            self._name(db, action.owner_id) or "?", action.number, action.text
                        ),
                    )
                text, markup = self._card(db, action)
                return texts.marked_done(action.number), (
                    MessageView(chat_id, message_id, text, markup),
                )
            if op == "later":
                self._set_deadline(
                    db, action, snooze_deadline(action.deadline, today=self._today())
                )
                when = format_date_nl(action.deadline, today=self._today())
                if in_group:
                    text, markup = self._group_reminder(db, action)
                else:
                    title = repo.group_titles(db, chat_ids=[action.chat_id]).get(action.chat_id)
                    text = self._reminder_text(db, action, group=title)
                    markup = self._reminder_markup(action, in_group=False)
                return texts.snoozed(action.number, when), (
                    MessageView(chat_id, message_id, text, markup),
                )
            if op == "help":
                if action.help_asked_at is not None:
                    return texts.HELP_ALREADY, ()
                action.help_asked_at = action.updated_at = self.clock.now()
                db.add(action)
                self._send(
                    db,
                    chat_id=action.chat_id,
                    thread_id=action.thread_id,
                    kind=f"help:{action.id}",
                    text=texts.help_request(
                        owner=self._mention(db, who.id),
                        chair=self._mention(db, chair_id) if chair_id else "Voorzitter",
                        number=action.number,
                        text=action.text,
                        needs=brief.needs_text(action.needs, action.needs_note),
                    ),
                )
                return texts.HELP_SENT, ()
            raise Refusal("Die knop ken ik niet.")

    # --- due work ----------------------------------------------------------------------

    def _close_stale_dialogs(self) -> None:
        idle_since = self.clock.now() - self.dialog_timeout
        with session_scope(self.engine) as db:
            for draft in repo.stale_drafts(db, idle_since=idle_since):
                draft.status = "abandoned"
                db.add(draft)
                self._send(
                    db,
                    chat_id=draft.chat_id,
                    thread_id=draft.thread_id,
                    kind=f"dialog-closed:{draft.id}",
                    text=texts.dialog_timed_out(self._mention(db, draft.user_id)),
                )

    def process_due(self) -> None:
        self._settle_reminders()
        self._send_due_reminders()
        self._close_stale_dialogs()

    def next_reminder_at(self) -> datetime | None:
        with session_scope(self.engine) as db:
            earliest = repo.earliest_pending_reminder(db)
        if earliest is None:
            return None
        # One that came due outside working hours (the bot was down) waits for the window.
        return next_allowed_moment(max(earliest, self.clock.now()), tz=self.tz, hours=self.hours)

    def next_dialog_timeout(self) -> datetime | None:
        with session_scope(self.engine) as db:
            earliest = repo.earliest_open_draft_activity(db)
        return earliest + self.dialog_timeout if earliest else None
