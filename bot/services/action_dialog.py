"""/actie: a whole action in one line, or the guided dialog that asks for it question by
question (what, who, when; then which activity of step 4 it carries out, what is needed and
for which leerjaar). Whatever part of a
line cannot be used is asked for again; the rest is kept as a draft meanwhile. A dialog left
alone too long is closed (`process_due`). While a member's dialog waits, that member's next
plain message in the group (seen when the bot reads all messages: privacy mode off, or
admin) is its answer when it can be one; otherwise the member is asked to reply to the
question. It is never taken as an answer to the session (`plain`).

Stored with its messages (the outbox) in one transaction; no Telegram here. Saving a draft
is bot.services.actions' `create`; showing it, bot.services.action_view's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot import texts
from bot.clock import Clock
from bot.core.action_line import Owner, parse_action_line, parse_owner
from bot.core.deadlines import DeadlineError, parse_deadline
from bot.core.domain import Leerjaar, Need
from bot.core.policy import Act
from bot.services import policy
from bot.services.action_view import ActionView
from bot.services.actions import ActionService, MemberReply
from bot.services.buttons import (
    CANCEL,
    GO_ON,
    NEXT,
    NO_BUTTONS,
    NOTE,
    SAVE,
    SKIP,
    START_OVER,
    TYPE_IT,
    CallbackData,
    DialogOp,
    DialogPress,
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
from bot.texts.dates import deadline_problem
from storage import repo
from storage.db import session_scope
from storage.models import Action, ActionDraft, OutboxMessage
from storage.values import ActionStatus, DraftStatus, Family, Kind, OutboxStatus, Stage

# The dialog asks these in order; the first three are needed for an action.
REQUIRED_STAGES = (Stage.WHAT, Stage.OWNER, Stage.DEADLINE)
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
                    texts.esc(deadline_problem(line.deadline_error, today=self.view.today()))
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
                return texts.EDITED_ACTIE_IGNORED, ()
            if action.status != ActionStatus.OPEN:
                return texts.action_edit_closed(action.number), ()
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
                changes.append(texts.NEW_TEXT)
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
                texts.action_edited(action.number, changes, problems),
                now=self.clock.now(),
                reply_to=message_id,
            )
            card = self.view.card_view(db, action) if changes else None
            return None, (card,) if card else ()

    @staticmethod
    def _action_made_by(db: Session, *, chat_id: int, message_id: int) -> Action | None:
        """The action an /actie message made: its card answered the message, or the
        dialog that message opened was saved (and not started over since)."""
        for row in repo.answers_to(db, chat_id=chat_id, message_id=message_id):
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
        draft = repo.draft_of(db, chat_id=chat_id, user_id=user_id) or ActionDraft(
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
        draft = repo.draft_of(db, chat_id=chat_id, user_id=who.id)
        if (
            draft is not None
            and draft.status in (DraftStatus.OPEN, DraftStatus.ABANDONED)
            and (draft.text or draft.owner_id or draft.deadline)
        ):
            # Something was typed before: offer to carry on with it.
            draft.status = DraftStatus.OPEN
            draft.updated_at = self.clock.now()
            db.add(draft)
            send(
                db,
                Chat(chat_id, thread_id),
                Kind(Family.DIALOG, draft.id, Stage.RESUME),
                texts.resume_draft(self.view.mention_of(db, who.id), self.view.body(db, draft)),
                now=self.clock.now(),
                markup=inline_buttons(
                    [
                        [
                            (texts.RESUME_BUTTON, DialogPress(draft.id, DialogOp.RESUME, GO_ON)),
                            (
                                texts.RESTART_BUTTON,
                                DialogPress(draft.id, DialogOp.RESUME, START_OVER),
                            ),
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

    # --- the questions -----------------------------------------------------------------

    @staticmethod
    def _next_stage(draft: ActionDraft) -> str:
        for stage, value in zip(
            REQUIRED_STAGES, (draft.text, draft.owner_id, draft.deadline), strict=True
        ):
            if value is None:
                return stage
        if not draft.guided:
            return Stage.SAVE
        # The optional questions move on by their buttons.
        return Stage.ACTIVITY if draft.stage in REQUIRED_STAGES else draft.stage

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
        if stage == Stage.ACTIVITY and not self.activity_options(db, draft.chat_id):
            stage = Stage.NEEDS
        if stage == Stage.SAVE:
            self._save(db, draft, reply_to=reply_to)
            return
        draft.stage = stage
        draft.updated_at = self.clock.now()
        db.add(draft)
        text, markup = self._question(db, draft, stage, problem)
        send(
            db,
            draft,
            Kind(Family.DIALOG, draft.id, stage),
            text,
            now=self.clock.now(),
            markup=markup,
            reply_to=reply_to,
        )

    def _question(
        self, db: Session, draft: ActionDraft, stage: str, problem: str | None
    ) -> tuple[str, dict]:
        view = self.view
        who = view.mention_of(db, draft.user_id)
        if not draft.guided and (draft.text or draft.owner_id or draft.deadline):
            # A one-line /actie missed a part: show what is kept while asking for the rest.
            problem = "\n\n".join(filter(None, [problem, texts.kept(view.body(db, draft))]))
        lead = f"{problem}\n\n" if problem else ""

        def press(op: DialogOp) -> Callable[[str], DialogPress]:
            return lambda arg: DialogPress(draft.id, op, arg)

        if stage == Stage.WHAT:
            return lead + texts.ask_what(who), force_reply(texts.WHAT_PLACEHOLDER)
        if stage == Stage.OWNER:
            team = self.actions.team(db, draft.chat_id)
            markup = view.owner_buttons(team, press(DialogOp.OWNER), asker=draft.user_id)
            return texts.ask_owner(who, problem), markup
        if stage == Stage.DEADLINE:
            return texts.ask_deadline(who, problem), view.deadline_buttons(press(DialogOp.DEADLINE))
        if stage == Stage.ACTIVITY:
            pick = press(DialogOp.ACTIVITY)
            activities = self.activity_options(db, draft.chat_id)
            choices: list[list[tuple[str, CallbackData]]] = [
                [(label, pick(key))] for key, label in activities
            ]
            choices.append([(texts.SKIP_BUTTON, pick(SKIP))])
            return texts.ask_activity(who), inline_buttons(choices)
        if stage == Stage.NEEDS:
            text, markup = self._needs_question(draft, who)
            return lead + text, markup
        leerjaar, confirm = press(DialogOp.LEERJAAR), press(DialogOp.CONFIRM)
        if stage == Stage.LEERJAAR:
            options = [(texts.LEERJAREN[key], leerjaar(key)) for key in Leerjaar]
            rows = [options[:4], [*options[4:], (texts.SKIP_BUTTON, leerjaar(SKIP))]]
            return lead + texts.ask_leerjaar(who), inline_buttons(rows)
        markup = inline_buttons(
            [[(texts.SAVE_BUTTON, confirm(SAVE)), (texts.CANCEL_BUTTON, confirm(CANCEL))]]
        )
        return lead + texts.confirm_draft(who, view.body(db, draft)), markup

    @staticmethod
    def _needs_question(draft: ActionDraft, who: str) -> tuple[str, dict]:
        def need(arg: str) -> DialogPress:
            return DialogPress(draft.id, DialogOp.NEEDS, arg)

        toggles = [
            (texts.need_toggle(texts.NEEDS[key], key in draft.needs), need(key)) for key in Need
        ]
        rows = [toggles[:3], toggles[3:]]
        rows.append([(texts.NEED_NOTE_BUTTON, need(NOTE)), (texts.NEXT_BUTTON, need(NEXT))])
        chosen = texts.needs_text(draft.needs, draft.needs_note)
        return texts.ask_needs(who, chosen), inline_buttons(rows)

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

    # --- the answers -------------------------------------------------------------------

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
            raise Refusal(texts.DIALOG_CLOSED)
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
        draft = repo.draft_of(db, chat_id=said.chat_id, user_id=said.who.id)
        if draft is None or draft.status != DraftStatus.OPEN or draft.thread_id != thread_id:
            return None
        if not self._could_answer(db, draft, said):
            draft.updated_at = self.clock.now()
            db.add(draft)
            return texts.reply_to_question(self.view.mention_of(db, said.who.id)), ()
        return self._answer(db, said, draft=draft, stage=draft.stage), ()

    def _could_answer(self, db: Session, draft: ActionDraft, said: MemberReply) -> bool:
        """Whether a message that replies to nothing reads as the answer the dialog waits
        for: anything for "what", a member of the team for "who", a date for "when". The
        optional questions are answered by their buttons or a reply."""
        if draft.stage == Stage.WHAT:
            return True
        if draft.stage == Stage.OWNER:
            owner = parse_owner(said.text, mentions=said.mentioned.keys())
            return owner is not None and self._owner_of(db, draft, owner, said)[0] is not None
        if draft.stage == Stage.DEADLINE:
            try:
                parse_deadline(said.text, today=self.view.today())
            except DeadlineError as exc:
                # A date in the past is a date: the dialog says what is wrong with it.
                return exc.is_date
            return True
        return False

    def _owner_of(
        self, db: Session, draft: ActionDraft, owner: Owner | None, said: MemberReply
    ) -> tuple[int | None, str | None]:
        return self.actions.owner_from(
            db, chat_id=draft.chat_id, owner=owner, by=said.who, mentioned=said.mentioned
        )

    def _answer(
        self, db: Session, reply: MemberReply, *, draft: ActionDraft, stage: str
    ) -> str | None:
        """A typed answer fills in what its question asked."""
        actions = self.actions
        who, text, mentioned = reply.who, reply.text, reply.mentioned
        actions.note_group_and_people(
            db, chat_id=draft.chat_id, title=None, people=[who, *mentioned.values()]
        )
        problem = note = None
        if stage == Stage.WHAT:
            value, problem = actions.checked_text(text)
            draft.text = value or draft.text
        elif stage == Stage.OWNER:
            owner_id, problem = self._owner_of(
                db, draft, parse_owner(text, mentions=mentioned.keys()), reply
            )
            if owner_id is not None:
                draft.owner_id = owner_id
            problem = problem or (None if owner_id else texts.OWNER_BY_BUTTON)
        elif stage == Stage.DEADLINE:
            try:
                draft.deadline = parse_deadline(text, today=self.view.today())
                note = self.view.calendar_note(db, draft.chat_id, draft.deadline).strip() or None
            except DeadlineError as exc:
                problem = texts.esc(deadline_problem(exc, today=self.view.today()))
        elif stage == Stage.ACTIVITY:
            # An activity the board did not have: typed, kept as typed.
            draft.activity = " ".join(text.split())[:MAX_ACTIVITY] or None
            draft.stage = Stage.NEEDS
        elif stage == Stage.NEEDS:
            # Refused rather than cut: the note is shown in every action line and reminder.
            value = " ".join(text.split())
            if len(value) > MAX_NOTE:
                problem = texts.note_too_long(MAX_NOTE)
            else:
                draft.needs_note = value or None
        elif stage == Stage.LEERJAAR:
            value = " ".join(text.split()).lower().removeprefix("leerjaar").strip()
            if len(value) > MAX_LEERJAAR:
                problem = texts.leerjaar_too_long(MAX_LEERJAAR)
            else:
                draft.leerjaar = value or None
                draft.stage = Stage.CONFIRM
        else:
            return texts.PRESS_A_BUTTON
        self._ask(
            db,
            draft,
            stage=stage if problem else None,
            reply_to=reply.message_id,
            problem=problem or note,
        )
        return None

    def button(self, press: Press, button: DialogPress) -> ButtonReply:
        """A button under one of the dialog's questions."""
        view, actions = self.view, self.actions
        chat_id, message_id, who, arg = press.chat_id, press.message_id, press.who, button.arg
        with session_scope(self.engine) as db:
            prompt = repo.outbox_by_message(db, chat_id=chat_id, message_id=message_id)
            kind = prompt.message_kind if prompt else None
            if (
                prompt is None
                or kind is None
                or kind.family != Family.DIALOG
                or kind.ref_id != button.draft_id
            ):
                raise Refusal(texts.DIALOG_CLOSED)
            draft = self._dialog_of(db, prompt=prompt, draft_id=button.draft_id, who=who)
            if kind.detail != Stage.RESUME and kind.detail != draft.stage:
                raise Refusal(texts.STALE_QUESTION)
            draft.updated_at = self.clock.now()
            db.add(draft)
            op = button.op
            if op == DialogOp.RESUME:
                if arg == START_OVER:
                    draft = self._fresh_draft(
                        db, chat_id=chat_id, thread_id=draft.thread_id, user_id=who.id, guided=True
                    )
                answered = texts.GO_ON_ANSWER if arg == GO_ON else texts.START_OVER_ANSWER
                self._ask(db, draft)
            elif op == DialogOp.OWNER:
                draft.owner_id = owner_id = actions.picked_owner(db, chat_id, arg, who)
                answered = texts.esc(member_name(db, owner_id))
                self._ask(db, draft)
            elif op == DialogOp.DEADLINE:
                if arg == TYPE_IT:
                    send(
                        db,
                        draft,
                        Kind(Family.DIALOG, draft.id, Stage.DEADLINE),
                        texts.ask_typed_deadline(view.mention_of(db, who.id)),
                        now=self.clock.now(),
                        markup=force_reply(texts.DATE_PLACEHOLDER),
                    )
                    return None, ()
                draft.deadline = actions.chosen_date(arg)
                answered = view.day(draft.deadline) + view.calendar_note(
                    db, draft.chat_id, draft.deadline
                )
                self._ask(db, draft)
            elif op == DialogOp.ACTIVITY:
                options = dict(self.activity_options(db, chat_id))
                if arg != SKIP and arg not in options:
                    raise Refusal(texts.UNKNOWN_CHOICE)
                draft.activity = None if arg == SKIP else options[arg]
                draft.stage = Stage.NEEDS
                answered = texts.esc(draft.activity) if draft.activity else texts.SKIPPED_ANSWER
                self._ask(db, draft)
            elif op == DialogOp.NEEDS:
                return self._needs_button(db, draft, prompt, message_id, arg, who)
            elif op == DialogOp.LEERJAAR:
                if arg != SKIP and arg not in set(Leerjaar):
                    raise Refusal(texts.UNKNOWN_CHOICE)
                draft.leerjaar = None if arg == SKIP else arg
                draft.stage = Stage.CONFIRM
                answered = (
                    texts.esc(texts.leerjaar_label(arg)) if arg != SKIP else texts.SKIPPED_ANSWER
                )
                self._ask(db, draft)
            elif op == DialogOp.CONFIRM and arg == SAVE:
                action = self._save(db, draft, reply_to=None)
                answered = texts.saved_as(action.number)
            elif op == DialogOp.CONFIRM and arg == CANCEL:
                draft.status = DraftStatus.CANCELLED
                return texts.DRAFT_CANCELLED, (
                    MessageView(chat_id, message_id, texts.DRAFT_CANCELLED, NO_BUTTONS),
                )
            else:
                raise Refusal(texts.UNKNOWN_BUTTON_DATA)
            return None, (
                MessageView(chat_id, message_id, texts.answered(prompt.text, answered), NO_BUTTONS),
            )

    def _needs_button(
        self,
        db: Session,
        draft: ActionDraft,
        prompt: OutboxMessage,
        message_id: int,
        arg: str,
        who: Person,
    ) -> ButtonReply:
        who_mention = self.view.mention_of(db, who.id)
        if arg == NOTE:
            send(
                db,
                draft,
                Kind(Family.DIALOG, draft.id, Stage.NEEDS),
                texts.ask_note(who_mention),
                now=self.clock.now(),
                markup=force_reply(texts.NOTE_PLACEHOLDER),
            )
            return None, ()
        if arg == NEXT:
            text, _ = self._needs_question(draft, who_mention)
            draft.stage = Stage.LEERJAAR
            self._ask(db, draft)
            return None, (MessageView(prompt.chat_id, message_id, text, NO_BUTTONS),)
        if arg not in set(Need):
            raise Refusal(texts.UNKNOWN_CHOICE)
        chosen = set(draft.needs) ^ {arg}
        draft.needs = [str(key) for key in Need if key in chosen]
        db.add(draft)
        text, markup = self._needs_question(draft, who_mention)
        return None, (MessageView(prompt.chat_id, message_id, text, markup),)

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
            for draft in repo.stale_drafts(db, idle_since=idle_since):
                draft.status = DraftStatus.ABANDONED
                db.add(draft)
                send(
                    db,
                    draft,
                    Kind(Family.DIALOG_CLOSED, draft.id),
                    texts.dialog_timed_out(self.view.mention_of(db, draft.user_id)),
                    now=self.clock.now(),
                )

    def next_timeout(self) -> datetime | None:
        with session_scope(self.engine) as db:
            earliest = repo.earliest_open_draft_activity(db)
        return earliest + self.timeout if earliest else None
