"""/actie: a whole action in one line, or the guided dialog that asks for it question by
question (what, who, when; then which activity of step 4 it carries out, what is needed and
for which leerjaar). Whatever part of a
line cannot be used is asked for again; the rest is kept as a draft meanwhile. A dialog left
alone too long is closed (`process_due`). While a member's dialog waits, that member's next
plain message in the group (seen when the bot reads all messages: privacy mode off, or
admin) is its answer when it can be one; otherwise the member is asked to reply to the
question. It is never taken as an answer to the session (`plain`).

Each question is a stage in one table (`STAGES`): how it is asked, what a typed answer and
its buttons do, side by side; which question comes next is `_next_stage`'s alone.

Stored with its messages (the outbox) in one transaction; no Telegram here. Saving a draft
is bot.services.actions.actions' `create`; showing it, bot.services.actions.view's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.clock import Clock
from bot.core.actions.action_line import Owner, parse_action_line, parse_owner
from bot.core.calendar.deadlines import DeadlineError, parse_deadline
from bot.core.domain import Leerjaar, Need
from bot.core.team.policy import Act
from bot.services.actions.actions import ActionService, MemberReply
from bot.services.actions.view import ActionView
from bot.services.buttons import (
    NO_BUTTONS,
    TYPE_IT,
    CallbackData,
    Confirm,
    DialogActivity,
    DialogConfirm,
    DialogDeadline,
    DialogLeerjaar,
    DialogNeeds,
    DialogOwner,
    DialogPress,
    DialogResume,
    NeedsMove,
    Resume,
    Skip,
    force_reply,
    inline_buttons,
)
from bot.services.common import (
    ButtonReply,
    Chat,
    MessageView,
    Person,
    Press,
    Refusal,
    Views,
    member_name,
    send,
)
from bot.services.team import policy
from bot.texts import formatting
from bot.texts import help as help_texts
from bot.texts import requests as request_texts
from bot.texts.actions import actions as action_texts
from bot.texts.calendar.dates import deadline_problem
from storage.db import session_scope
from storage.models import Action, ActionDraft, OutboxMessage
from storage.repo import actions as action_rows
from storage.repo import outbox as outbox_rows
from storage.values import ActionStatus, DraftStatus, Family, Kind, OutboxStatus, Stage

# The dialog asks these in order (`_next_stage`): the first three are needed for an action,
# asked until answered; the others a guided dialog asks each once, and then saves.
REQUIRED_STAGES: tuple[str, ...] = (Stage.WHAT, Stage.OWNER, Stage.DEADLINE)
OPTIONAL_STAGES: tuple[str, ...] = (Stage.ACTIVITY, Stage.NEEDS, Stage.LEERJAAR, Stage.CONFIRM)
MAX_NOTE = 200
MAX_LEERJAAR = 30
MAX_ACTIVITY = 100
# The activities the dialog offers: (key, label) of those the team found interesting in the
# group's latest session, most marked first.
ActivityOptions = Callable[[Session, int], Sequence[tuple[str, str]]]


class ActionDialog:
    def __init__(
        self,
        *,
        engine: Engine,
        clock: Clock,
        actions: ActionService,
        view: ActionView,
        timeout: timedelta,
        activity_options: ActivityOptions,
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.actions = actions
        self.view = view
        self.timeout = timeout
        self.activity_options = activity_options

    # --- /actie ------------------------------------------------------------------------

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
        actions = self.actions
        with session_scope(self.engine) as db:
            session = actions.session_of(db, chat_id)
            actions.note_group_and_people(
                db, chat_id=chat_id, title=chat_title, people=[by, *mentioned.values()]
            )
            if not text.strip():
                self._open(db, chat_id=chat_id, thread_id=thread_id, who=by, reply_to=message_id)
                return
            line = parse_action_line(
                text,
                today=self.view.today(),
                mentions=mentioned.keys(),
                names=actions.team_names(db, chat_id),
            )
            owner_id, owner_problem = actions.owner_from(
                db, chat_id=chat_id, owner=line.owner, by=by, mentioned=mentioned
            )
            what, text_problem = actions.checked_text(line.what) if line.what else (None, None)
            if what and owner_id is not None and line.deadline is not None:
                actions.create(
                    db,
                    chat_id=chat_id,
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
                problems.append(
                    formatting.esc(deadline_problem(line.deadline_error, today=self.view.today()))
                )
            # A name that named nobody is asked first: the problem points to the buttons.
            stage = Stage.OWNER if owner_problem and owner_id is None else None
            self._ask(
                db, draft, stage=stage, reply_to=message_id, problem=" ".join(problems) or None
            )

    def edited(
        self,
        *,
        chat_id: int,
        by: Person,
        message_id: int,
        text: str,
        mentioned: Mapping[str, Person],
    ) -> tuple[str | None, Views]:
        """An /actie the member edited afterwards (Telegram sends the edit as an update of
        its own): never a second action. The action it made takes what the edited line
        says; an /actie whose dialog is still going, or that made nothing, is left as it
        is, with a note. Returns (a notice, the messages to refresh)."""
        with session_scope(self.engine) as db:
            action = self._action_made_by(db, chat_id=chat_id, message_id=message_id)
            if action is None or not policy.allows(
                db, Act.CHANGE_ACTION, chat_id=chat_id, user_id=by.id, action=action
            ):
                return request_texts.EDITED_ACTIE_IGNORED, ()
            if action.status != ActionStatus.OPEN:
                return request_texts.action_edit_closed(action.number), ()
            actions = self.actions
            actions.note_group_and_people(
                db, chat_id=chat_id, title=None, people=[by, *mentioned.values()]
            )
            line = parse_action_line(text, today=self.view.today(), mentions=mentioned.keys())
            changes: list[str] = []
            what, text_problem = actions.checked_text(line.what) if line.what else (None, None)
            if what and what != action.text:
                action.text = what
                action.updated_at = self.clock.now()
                db.add(action)
                changes.append(action_texts.NEW_TEXT)
            owner_id, owner_problem = actions.owner_from(
                db, chat_id=chat_id, owner=line.owner, by=by, mentioned=mentioned
            )
            if owner_id is not None and owner_id != action.owner_id:
                changes.append(actions.set_owner(db, action, owner_id))
            if line.deadline is not None and line.deadline != action.deadline:
                changes.append(actions.set_deadline(db, action, line.deadline))
            problems = [p for p in (text_problem, owner_problem) if p]
            if line.deadline_error:
                problems.append(deadline_problem(line.deadline_error, today=self.view.today()))
            if not changes and not problems:
                return None, ()
            send(
                db,
                action,
                Kind(Family.CHANGED, action.id),
                request_texts.action_edited(action.number, changes, problems),
                now=self.clock.now(),
                reply_to=message_id,
            )
            card = self.view.card_view(db, action) if changes else None
            return None, (card,) if card else ()

    @staticmethod
    def _action_made_by(db: Session, *, chat_id: int, message_id: int) -> Action | None:
        """The action an /actie message made: its card answered the message, or the
        dialog that message opened was saved (and not started over since)."""
        for row in outbox_rows.answers_to(db, chat_id=chat_id, message_id=message_id):
            kind = row.message_kind
            if kind.ref_id is None:
                continue
            if kind.family == Family.ACTION:
                return db.get(Action, kind.ref_id)
            if kind.family == Family.DIALOG:
                draft = db.get(ActionDraft, kind.ref_id)
                if (
                    draft is not None
                    and draft.status == DraftStatus.SAVED
                    and draft.action_id is not None
                    and draft.created_at <= row.created_at
                ):
                    return db.get(Action, draft.action_id)
                return None
        return None

    def _fresh_draft(
        self, db: Session, *, chat_id: int, thread_id: int | None, user_id: int, guided: bool
    ) -> ActionDraft:
        """One draft per member per group; a new dialog starts it over. Questions asked
        before `created_at` belong to an earlier dialog and no longer count."""
        now = self.clock.now()
        draft = action_rows.draft_of(db, chat_id=chat_id, user_id=user_id) or ActionDraft(
            chat_id=chat_id, user_id=user_id, created_at=now, updated_at=now
        )
        draft.thread_id = thread_id
        draft.guided = guided
        draft.stage = Stage.WHAT
        draft.status = DraftStatus.OPEN
        draft.text = draft.owner_id = draft.deadline = None
        draft.needs = []
        draft.needs_note = draft.leerjaar = draft.activity = None
        draft.prompt_message_id = None
        draft.created_at = draft.updated_at = now
        db.add(draft)
        db.flush()
        return draft

    def _open(
        self, db: Session, *, chat_id: int, thread_id: int | None, who: Person, reply_to: int
    ) -> None:
        draft = action_rows.draft_of(db, chat_id=chat_id, user_id=who.id)
        if (
            draft is not None
            and draft.status in (DraftStatus.OPEN, DraftStatus.ABANDONED)
            and (draft.text or draft.owner_id or draft.deadline)
        ):
            # Something was typed before: offer to carry on with it.
            draft.status = DraftStatus.OPEN
            draft.updated_at = self.clock.now()
            db.add(draft)
            text, markup = STAGES[Stage.RESUME].ask(Turn(self, db, draft), None)
            send(
                db,
                Chat(chat_id, thread_id),
                Kind(Family.DIALOG, draft.id, Stage.RESUME),
                text,
                now=self.clock.now(),
                markup=markup,
                reply_to=reply_to,
            )
            return
        draft = self._fresh_draft(
            db, chat_id=chat_id, thread_id=thread_id, user_id=who.id, guided=True
        )
        self._ask(db, draft, reply_to=reply_to)

    # --- the flow: which question, and what an answer or a button leads to ----------------

    def _next_stage(self, db: Session, draft: ActionDraft, answered: str | None) -> str:
        """The question to ask now: a required part that is still missing; then, in a guided
        dialog, the optional questions in order, moving on only from the one `answered`."""
        for stage, value in zip(
            REQUIRED_STAGES, (draft.text, draft.owner_id, draft.deadline), strict=True
        ):
            if value is None:
                return stage
        if not draft.guided:
            return Stage.SAVE
        if answered in OPTIONAL_STAGES:
            stage = (*OPTIONAL_STAGES, Stage.SAVE)[OPTIONAL_STAGES.index(answered) + 1]
        elif draft.stage in REQUIRED_STAGES:
            stage = OPTIONAL_STAGES[0]
        else:
            stage = draft.stage
        if stage == Stage.ACTIVITY and not self.activity_options(db, draft.chat_id):
            return Stage.NEEDS  # no activity of step 4 to choose from
        return stage

    def _ask(
        self,
        db: Session,
        draft: ActionDraft,
        *,
        stage: str | None = None,
        answered: str | None = None,
        reply_to: int | None = None,
        problem: str | None = None,
    ) -> None:
        """Ask the next question of the dialog (after the one `answered`), or `stage` again;
        or save when complete."""
        stage = stage or self._next_stage(db, draft, answered)
        if stage == Stage.SAVE:
            self._save(db, draft, reply_to=reply_to)
            return
        draft.stage = stage
        draft.updated_at = self.clock.now()
        db.add(draft)
        if not draft.guided and (draft.text or draft.owner_id or draft.deadline):
            # A one-line /actie missed a part: show what is kept while asking for the rest.
            problem = "\n\n".join(
                filter(None, [problem, action_texts.kept(self.view.body(db, draft))])
            )
        text, markup = STAGES[stage].ask(Turn(self, db, draft), problem)
        send(
            db,
            draft,
            Kind(Family.DIALOG, draft.id, stage),
            text,
            now=self.clock.now(),
            markup=markup,
            reply_to=reply_to,
        )

    def _save(self, db: Session, draft: ActionDraft, *, reply_to: int | None) -> Action:
        session = self.actions.session_of(db, draft.chat_id)
        assert draft.text and draft.owner_id is not None and draft.deadline is not None
        action = self.actions.create(
            db,
            chat_id=draft.chat_id,
            session=session,
            thread_id=draft.thread_id,
            created_by=draft.user_id,
            text=draft.text,
            owner_id=draft.owner_id,
            deadline=draft.deadline,
            needs=draft.needs,
            needs_note=draft.needs_note,
            leerjaar=draft.leerjaar,
            activity=draft.activity,
            reply_to=reply_to,
        )
        draft.status = DraftStatus.SAVED
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
            or draft.status in (DraftStatus.SAVED, DraftStatus.CANCELLED)
            or prompt.created_at < draft.created_at
        ):
            raise Refusal(action_texts.DIALOG_CLOSED)
        policy.require(db, Act.USE_DIALOG, chat_id=draft.chat_id, user_id=who.id, draft=draft)
        # Answering a question of a dialog that timed out picks it up again.
        draft.status = DraftStatus.OPEN
        return draft

    def reply(
        self, db: Session, reply: MemberReply, prompt: OutboxMessage
    ) -> tuple[str | None, Views] | None:
        """A typed answer to one of the dialog's questions (`prompt`, a row of the DIALOG
        family; bot.services.reply_routing). None when it names no question; otherwise (a
        notice to show, messages to refresh)."""
        kind = prompt.message_kind
        if kind.ref_id is None or kind.detail is None:
            return None
        try:
            draft = self._dialog_of(db, prompt=prompt, draft_id=kind.ref_id, who=reply.who)
        except Refusal as refusal:
            return refusal.text, ()
        return self._answer(db, reply, draft=draft, stage=kind.detail), ()

    def plain(
        self, db: Session, said: MemberReply, *, thread_id: int | None
    ) -> tuple[str | None, Views] | None:
        """A plain message (no reply) in the group. None when no dialog of this member waits
        here; otherwise it answered the waiting question, or the member hears to reply to
        it. Either way it is no answer to the session."""
        draft = action_rows.draft_of(db, chat_id=said.chat_id, user_id=said.who.id)
        if draft is None or draft.status != DraftStatus.OPEN or draft.thread_id != thread_id:
            return None
        if not STAGES[draft.stage].takes_plain(Turn(self, db, draft), said):
            draft.updated_at = self.clock.now()
            db.add(draft)
            return action_texts.reply_to_question(self.view.mention_of(db, said.who.id)), ()
        return self._answer(db, said, draft=draft, stage=draft.stage), ()

    def _answer(
        self, db: Session, reply: MemberReply, *, draft: ActionDraft, stage: str
    ) -> str | None:
        """A typed answer to the question `stage`: asked again with what is wrong, or the
        dialog moves on. Returns a notice."""
        who, mentioned = reply.who, reply.mentioned
        self.actions.note_group_and_people(
            db, chat_id=draft.chat_id, title=None, people=[who, *mentioned.values()]
        )
        spec = STAGES.get(stage)
        typed = spec.on_text(Turn(self, db, draft), reply) if spec else None
        if typed is None:
            return action_texts.PRESS_A_BUTTON
        self._ask(
            db,
            draft,
            stage=stage if typed.problem else None,
            answered=stage if typed.answered else None,
            reply_to=reply.message_id,
            problem=typed.problem or typed.note,
        )
        return None

    def button(self, press: Press, button: DialogPress) -> ButtonReply:
        """A button under one of the dialog's questions."""
        with session_scope(self.engine) as db:
            prompt = outbox_rows.outbox_by_message(
                db, chat_id=press.chat_id, message_id=press.message_id
            )
            kind = prompt.message_kind if prompt else None
            if (
                prompt is None
                or kind is None
                or kind.family != Family.DIALOG
                or kind.ref_id != button.draft_id
            ):
                raise Refusal(action_texts.DIALOG_CLOSED)
            draft = self._dialog_of(db, prompt=prompt, draft_id=button.draft_id, who=press.who)
            if kind.detail != Stage.RESUME and kind.detail != draft.stage:
                raise Refusal(action_texts.STALE_QUESTION)
            spec = BY_PRESS[type(button)]
            if spec.stage != kind.detail:
                raise Refusal(help_texts.UNKNOWN_BUTTON_DATA)  # made up: no such button there
            draft.updated_at = self.clock.now()
            db.add(draft)
            outcome = spec.on_button(Turn(self, db, draft), press, prompt, button)
            if not isinstance(outcome, Answered):
                return outcome
            self._ask(db, draft, answered=spec.stage)
            return None, (MessageView(press.chat_id, press.message_id, outcome.shown, NO_BUTTONS),)

    def outbox_settled(self, db: Session, row: OutboxMessage) -> bool:
        """A question of the dialog settled (bot.services.reply_routing): remember which
        message holds the dialog's latest question. Never queues anything."""
        if row.status == OutboxStatus.SENT:
            draft = db.get(ActionDraft, row.message_kind.ref_id)
            if draft is not None and row.created_at >= draft.created_at:
                draft.prompt_message_id = row.message_id
                db.add(draft)
        return False

    # --- time-outs ---------------------------------------------------------------------

    def process_due(self) -> None:
        """Close the dialogs nobody answered for `timeout`."""
        idle_since = self.clock.now() - self.timeout
        with session_scope(self.engine) as db:
            for draft in action_rows.stale_drafts(db, idle_since=idle_since):
                draft.status = DraftStatus.ABANDONED
                db.add(draft)
                send(
                    db,
                    draft,
                    Kind(Family.DIALOG_CLOSED, draft.id),
                    action_texts.dialog_timed_out(self.view.mention_of(db, draft.user_id)),
                    now=self.clock.now(),
                )

    def next_timeout(self, earliest: datetime | None) -> datetime | None:
        """From the latest answer of the quietest open dialog
        (action_rows.earliest_open_draft_activity)."""
        return earliest + self.timeout if earliest else None


# --- the questions, stage by stage ---------------------------------------------------------


@dataclass(frozen=True)
class Turn:
    """One move in one member's dialog: what a stage's handlers work with."""

    dialog: ActionDialog
    db: Session
    draft: ActionDraft

    @property
    def who(self) -> str:
        """The member whose dialog it is, mentioned."""
        return self.dialog.view.mention_of(self.db, self.draft.user_id)

    def ask_typed(self, stage: str, text: str, placeholder: str) -> ButtonReply:
        """A button that asks for its answer typed instead (a date, a note): the question
        it sat under stays as it is, and so does the dialog's stage."""
        send(
            self.db,
            self.draft,
            Kind(Family.DIALOG, self.draft.id, stage),
            text,
            now=self.dialog.clock.now(),
            markup=force_reply(placeholder),
        )
        return None, ()


@dataclass(frozen=True)
class Typed:
    """What a typed answer came to: what is wrong with it (its question is asked again,
    keeping the rest), or a note to show above the next question. An answer that is no
    answer to the question itself (a note to the needs) leaves the dialog where it is."""

    problem: str | None = None
    note: str | None = None
    answered: bool = True


@dataclass(frozen=True)
class Answered:
    """A button answered its question: the question shows `shown`, without its buttons, and
    the dialog moves on."""

    shown: str


def _lead(problem: str | None) -> str:
    return f"{problem}\n\n" if problem else ""


B = TypeVar("B")  # a stage's button data


class StageSpec(Generic[B]):
    """One question of the dialog: how it is asked, what a typed answer does, and what its
    buttons (data of type `press`) do. Which question comes next is `_next_stage`'s."""

    stage: ClassVar[str]
    press: ClassVar[type | None] = None

    def ask(self, turn: Turn, problem: str | None) -> tuple[str, dict]:
        """The question's text (with `problem`: what was wrong, or kept) and its markup."""
        raise NotImplementedError

    def takes_plain(self, turn: Turn, said: MemberReply) -> bool:
        """Whether a message that replies to nothing reads as the answer. The optional
        questions are answered by their buttons or a reply."""
        return False

    def on_text(self, turn: Turn, said: MemberReply) -> Typed | None:
        """A typed answer; None when only a button answers this question."""
        return None

    def on_button(
        self, turn: Turn, press: Press, prompt: OutboxMessage, button: B
    ) -> Answered | ButtonReply:
        """A press of one of its buttons, under its question (`prompt`)."""
        raise Refusal(help_texts.UNKNOWN_BUTTON_DATA)


class _Resume(StageSpec[DialogResume]):
    """The offer to carry on with an earlier draft; never a draft's stage (/actie asks it)."""

    stage = Stage.RESUME
    press = DialogResume

    def ask(self, turn: Turn, problem: str | None) -> tuple[str, dict]:
        pick = partial(DialogResume, turn.draft.id)
        buttons = [
            (action_texts.RESUME_BUTTON, pick(Resume.GO_ON)),
            (action_texts.RESTART_BUTTON, pick(Resume.START_OVER)),
        ]
        body = turn.dialog.view.body(turn.db, turn.draft)
        return action_texts.resume_draft(turn.who, body), inline_buttons([buttons])

    def on_button(
        self, turn: Turn, press: Press, prompt: OutboxMessage, button: DialogResume
    ) -> Answered:
        if button.choice == Resume.GO_ON:
            return Answered(action_texts.answered(prompt.text, action_texts.GO_ON_ANSWER))
        # The same row, started over: its questions so far no longer count.
        turn.dialog._fresh_draft(
            turn.db,
            chat_id=press.chat_id,
            thread_id=turn.draft.thread_id,
            user_id=press.who.id,
            guided=True,
        )
        return Answered(action_texts.answered(prompt.text, action_texts.START_OVER_ANSWER))


class _What(StageSpec[None]):
    stage = Stage.WHAT

    def ask(self, turn: Turn, problem: str | None) -> tuple[str, dict]:
        return _lead(problem) + action_texts.ask_what(turn.who), force_reply(
            action_texts.WHAT_PLACEHOLDER
        )

    def takes_plain(self, turn: Turn, said: MemberReply) -> bool:
        return True

    def on_text(self, turn: Turn, said: MemberReply) -> Typed:
        value, problem = turn.dialog.actions.checked_text(said.text)
        turn.draft.text = value or turn.draft.text
        return Typed(problem)


class _Owner(StageSpec[DialogOwner]):
    stage = Stage.OWNER
    press = DialogOwner

    def ask(self, turn: Turn, problem: str | None) -> tuple[str, dict]:
        team = turn.dialog.actions.team(turn.db, turn.draft.chat_id)
        pick = partial(DialogOwner, turn.draft.id)
        markup = turn.dialog.view.owner_buttons(team, pick, asker=turn.draft.user_id)
        return action_texts.ask_owner(turn.who, problem), markup

    def takes_plain(self, turn: Turn, said: MemberReply) -> bool:
        owner = parse_owner(said.text, mentions=said.mentioned.keys())
        return owner is not None and self._owner(turn, owner, said)[0] is not None

    def on_text(self, turn: Turn, said: MemberReply) -> Typed:
        owner = parse_owner(said.text, mentions=said.mentioned.keys())
        owner_id, problem = self._owner(turn, owner, said)
        if owner_id is not None:
            turn.draft.owner_id = owner_id
        return Typed(problem or (None if owner_id else action_texts.OWNER_BY_BUTTON))

    def on_button(
        self, turn: Turn, press: Press, prompt: OutboxMessage, button: DialogOwner
    ) -> Answered:
        owner_id = turn.dialog.actions.picked_owner(turn.db, press.chat_id, button.owner, press.who)
        turn.draft.owner_id = owner_id
        return Answered(
            action_texts.answered(prompt.text, formatting.esc(member_name(turn.db, owner_id)))
        )

    @staticmethod
    def _owner(turn: Turn, owner: Owner | None, said: MemberReply) -> tuple[int | None, str | None]:
        return turn.dialog.actions.owner_from(
            turn.db, chat_id=turn.draft.chat_id, owner=owner, by=said.who, mentioned=said.mentioned
        )


class _Deadline(StageSpec[DialogDeadline]):
    stage = Stage.DEADLINE
    press = DialogDeadline

    def ask(self, turn: Turn, problem: str | None) -> tuple[str, dict]:
        markup = turn.dialog.view.deadline_buttons(partial(DialogDeadline, turn.draft.id))
        return action_texts.ask_deadline(turn.who, problem), markup

    def takes_plain(self, turn: Turn, said: MemberReply) -> bool:
        try:
            parse_deadline(said.text, today=turn.dialog.view.today())
        except DeadlineError as exc:
            # A date in the past is a date: the dialog says what is wrong with it.
            return exc.is_date
        return True

    def on_text(self, turn: Turn, said: MemberReply) -> Typed:
        view, draft = turn.dialog.view, turn.draft
        try:
            draft.deadline = parse_deadline(said.text, today=view.today())
        except DeadlineError as exc:
            return Typed(formatting.esc(deadline_problem(exc, today=view.today())))
        return Typed(
            note=view.calendar_note(turn.db, draft.chat_id, draft.deadline).strip() or None
        )

    def on_button(
        self, turn: Turn, press: Press, prompt: OutboxMessage, button: DialogDeadline
    ) -> Answered | ButtonReply:
        if button.day == TYPE_IT:
            return turn.ask_typed(
                Stage.DEADLINE,
                action_texts.ask_typed_deadline(turn.who),
                action_texts.DATE_PLACEHOLDER,
            )
        view, draft = turn.dialog.view, turn.draft
        draft.deadline = day = turn.dialog.actions.chosen_date(button.day)
        shown = view.day(day) + view.calendar_note(turn.db, draft.chat_id, day)
        return Answered(action_texts.answered(prompt.text, shown))


class _Activity(StageSpec[DialogActivity]):
    """Which activity of step 4 the action carries out (asked only when there are some)."""

    stage = Stage.ACTIVITY
    press = DialogActivity

    def ask(self, turn: Turn, problem: str | None) -> tuple[str, dict]:
        pick = partial(DialogActivity, turn.draft.id)
        activities = turn.dialog.activity_options(turn.db, turn.draft.chat_id)
        choices: list[list[tuple[str, CallbackData]]] = [
            [(label, pick(key))] for key, label in activities
        ]
        choices.append([(action_texts.SKIP_BUTTON, pick(Skip.SKIP))])
        return action_texts.ask_activity(turn.who), inline_buttons(choices)

    def on_text(self, turn: Turn, said: MemberReply) -> Typed:
        # An activity the board did not have: typed, kept as typed.
        turn.draft.activity = " ".join(said.text.split())[:MAX_ACTIVITY] or None
        return Typed()

    def on_button(
        self, turn: Turn, press: Press, prompt: OutboxMessage, button: DialogActivity
    ) -> Answered:
        options = dict(turn.dialog.activity_options(turn.db, press.chat_id))
        if button.activity != Skip.SKIP and button.activity not in options:
            raise Refusal(help_texts.UNKNOWN_CHOICE)
        activity = None if button.activity == Skip.SKIP else options[button.activity]
        turn.draft.activity = activity
        shown = formatting.esc(activity) if activity else action_texts.SKIPPED_ANSWER
        return Answered(action_texts.answered(prompt.text, shown))


class _Needs(StageSpec[DialogNeeds]):
    """What the action needs: toggles, a typed note, and on to the next question."""

    stage = Stage.NEEDS
    press = DialogNeeds

    def ask(self, turn: Turn, problem: str | None) -> tuple[str, dict]:
        text, markup = self._question(turn)
        return _lead(problem) + text, markup

    @staticmethod
    def _question(turn: Turn) -> tuple[str, dict]:
        draft, pick = turn.draft, partial(DialogNeeds, turn.draft.id)
        toggles = [
            (action_texts.need_toggle(action_texts.NEEDS[key], key in draft.needs), pick(key))
            for key in Need
        ]
        rows = [toggles[:3], toggles[3:]]
        rows.append(
            [
                (action_texts.NEED_NOTE_BUTTON, pick(NeedsMove.NOTE)),
                (action_texts.NEXT_BUTTON, pick(NeedsMove.NEXT)),
            ]
        )
        chosen = action_texts.needs_text(draft.needs, draft.needs_note)
        return action_texts.ask_needs(turn.who, chosen), inline_buttons(rows)

    def on_text(self, turn: Turn, said: MemberReply) -> Typed:
        # Refused rather than cut: the note is shown in every action line and reminder.
        value = " ".join(said.text.split())
        if len(value) > MAX_NOTE:
            return Typed(action_texts.note_too_long(MAX_NOTE))
        turn.draft.needs_note = value or None
        # A note says nothing about which needs: the dialog stays where it is.
        return Typed(answered=False)

    def on_button(
        self, turn: Turn, press: Press, prompt: OutboxMessage, button: DialogNeeds
    ) -> Answered | ButtonReply:
        if button.need == NeedsMove.NOTE:
            return turn.ask_typed(
                Stage.NEEDS, action_texts.ask_note(turn.who), action_texts.NOTE_PLACEHOLDER
            )
        if button.need == NeedsMove.NEXT:
            text, _ = self._question(turn)
            return Answered(text)
        draft = turn.draft
        chosen = set(draft.needs) ^ {button.need}
        draft.needs = [str(key) for key in Need if key in chosen]
        turn.db.add(draft)
        # A toggle changes the question in place: the dialog stays on it.
        text, markup = self._question(turn)
        return None, (MessageView(press.chat_id, press.message_id, text, markup),)


class _Leerjaar(StageSpec[DialogLeerjaar]):
    stage = Stage.LEERJAAR
    press = DialogLeerjaar

    def ask(self, turn: Turn, problem: str | None) -> tuple[str, dict]:
        pick = partial(DialogLeerjaar, turn.draft.id)
        options = [(action_texts.LEERJAREN[key], pick(key)) for key in Leerjaar]
        rows = [options[:4], [*options[4:], (action_texts.SKIP_BUTTON, pick(Skip.SKIP))]]
        return _lead(problem) + action_texts.ask_leerjaar(turn.who), inline_buttons(rows)

    def on_text(self, turn: Turn, said: MemberReply) -> Typed:
        value = " ".join(said.text.split()).lower().removeprefix("leerjaar").strip()
        if len(value) > MAX_LEERJAAR:
            return Typed(action_texts.leerjaar_too_long(MAX_LEERJAAR))
        turn.draft.leerjaar = value or None
        return Typed()

    def on_button(
        self, turn: Turn, press: Press, prompt: OutboxMessage, button: DialogLeerjaar
    ) -> Answered:
        if button.leerjaar == Skip.SKIP:
            turn.draft.leerjaar = None
            return Answered(action_texts.answered(prompt.text, action_texts.SKIPPED_ANSWER))
        turn.draft.leerjaar = str(button.leerjaar)
        label = formatting.esc(action_texts.leerjaar_label(button.leerjaar))
        return Answered(action_texts.answered(prompt.text, label))


class _Confirm(StageSpec[DialogConfirm]):
    stage = Stage.CONFIRM
    press = DialogConfirm

    def ask(self, turn: Turn, problem: str | None) -> tuple[str, dict]:
        pick = partial(DialogConfirm, turn.draft.id)
        markup = inline_buttons(
            [
                [
                    (action_texts.SAVE_BUTTON, pick(Confirm.SAVE)),
                    (action_texts.CANCEL_BUTTON, pick(Confirm.CANCEL)),
                ]
            ]
        )
        body = turn.dialog.view.body(turn.db, turn.draft)
        return _lead(problem) + action_texts.confirm_draft(turn.who, body), markup

    def on_button(
        self, turn: Turn, press: Press, prompt: OutboxMessage, button: DialogConfirm
    ) -> ButtonReply:
        if button.answer == Confirm.CANCEL:
            turn.draft.status = DraftStatus.CANCELLED
            cancelled = MessageView(
                press.chat_id, press.message_id, action_texts.DRAFT_CANCELLED, NO_BUTTONS
            )
            return action_texts.DRAFT_CANCELLED, (cancelled,)
        action = turn.dialog._save(turn.db, turn.draft, reply_to=None)
        shown = action_texts.answered(prompt.text, action_texts.saved_as(action.number))
        return None, (MessageView(press.chat_id, press.message_id, shown, NO_BUTTONS),)


STAGES: dict[str, StageSpec[Any]] = {
    spec.stage: spec
    for spec in (
        _Resume(),
        _What(),
        _Owner(),
        _Deadline(),
        _Activity(),
        _Needs(),
        _Leerjaar(),
        _Confirm(),
    )
}
BY_PRESS: dict[type, StageSpec[Any]] = {
    spec.press: spec for spec in STAGES.values() if spec.press is not None
}
