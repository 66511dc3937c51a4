"""The work session: decisions about a group's session, stored together with the messages
they cause (the outbox) in one transaction. No Telegram here: handlers call these methods
and deliver what they return; the outbox carries the rest."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot import texts
from bot.clock import Clock
from bot.core import brief, timeline
from bot.core.deadlines import format_date_nl
from bot.core.summary import (
    AnsweredQuestion,
    SessionSummary,
    StepSummary,
    html_blocks,
    markdown,
    pack,
    visible_length,
)
from bot.services.outbox import inline_buttons, queue_message
from prompts import Deck, Step
from storage import repo
from storage.db import session_scope
from storage.models import Answer, Member, OutboxMessage, Question, SummaryMark, WorkSession

MIN_MINUTES = 3
MAX_MINUTES = 600
DEFAULT_MINUTES = 150
DEFAULT_EXTENSION_MINUTES = 5
MAX_TEAM = 7

BOARD_HEADINGS = {
    "competenties": "Gemarkeerde competenties",
    "al": "Activiteiten die we al doen",
    "nieuw": "Activiteiten die ons interessant lijken",
}


class Refusal(Exception):
    """The member asked for something that cannot be done; `text` says why, in Dutch."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


@dataclass(frozen=True)
class Person:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None

    @property
    def name(self) -> str:
        return texts.display_name(self.first_name, self.last_name)


@dataclass(frozen=True)
class MessageView:
    """A bot message to edit in place (the opening message, a mark board)."""

    chat_id: int
    message_id: int
    text: str
    reply_markup: dict


@dataclass(frozen=True)
class SummaryReply:
    messages: tuple[str, ...]
    document: tuple[str, str] | None = None  # (file name, Markdown body)


def remember(db: Session, person: Person, *, now: datetime) -> Member:
    """Store (or refresh) the member as Telegram shows them now."""
    return repo.upsert_member(
        db,
        user_id=person.id,
        first_name=person.first_name,
        last_name=person.last_name,
        username=person.username,
        now=now,
    )


def member_name(db: Session, user_id: int) -> str:
    """A member's display name; "?" for one the bot does not know (or forgot)."""
    member = db.get(Member, user_id)
    return texts.display_name(member.first_name, member.last_name) if member else "?"


class SessionService:
    def __init__(self, *, engine: Engine, deck: Deck, clock: Clock, tz: ZoneInfo) -> None:
        self.engine = engine
        self.deck = deck
        self.clock = clock
        self.tz = tz

    # --- helpers -----------------------------------------------------------------------

    def link_private_chat(self, person: Person) -> None:
        """The member opened a private chat: from now on the bot may message them."""
        with session_scope(self.engine) as db:
            member = remember(db, person, now=self.clock.now())
            member.private_chat = True
            db.add(member)

    def _names(self, db: Session, user_ids: Sequence[int]) -> dict[int, str]:
        members = repo.members_by_id(db, user_ids=user_ids)
        return {
            uid: texts.display_name(m.first_name, m.last_name) if (m := members.get(uid)) else "?"
            for uid in user_ids
        }

    def _active(self, db: Session, chat_id: int) -> WorkSession:
        session = repo.active_session(db, chat_id=chat_id)
        if session is None:
            raise Refusal(texts.NO_SESSION)
        locked = repo.lock_session(db, session_id=session.id)
        assert locked is not None
        return locked

    def _running(self, db: Session, chat_id: int) -> WorkSession:
        session = self._active(db, chat_id)
        if session.status != "running":
            raise Refusal(texts.NOT_STARTED_YET)
        return session

    def _check_button(self, db: Session, session: WorkSession, session_id: int | None) -> None:
        """A button names its session; callback data carries no trust, so it is checked."""
        if session_id is None or session_id == session.id:
            return
        named = db.get(WorkSession, session_id)
        if named is not None and named.chat_id == session.chat_id:
            raise Refusal(texts.OLD_SESSION_BUTTON)
        raise Refusal(texts.NO_SESSION)

    def _require_chair(self, db: Session, session: WorkSession, person: Person) -> None:
        if session.chair_id != person.id:
            chair = self._names(db, [session.chair_id])[session.chair_id]
            raise Refusal(texts.only_chair(chair))

    def _send(
        self,
        db: Session,
        session: WorkSession,
        kind: str,
        text: str,
        *,
        markup: dict | None = None,
        pin: bool = False,
        question: Question | None = None,
        document_name: str | None = None,
    ) -> OutboxMessage:
        return queue_message(
            db,
            chat_id=session.chat_id,
            thread_id=session.thread_id,
            kind=kind,
            text=text,
            now=self.clock.now(),
            markup=markup,
            pin=pin,
            document_name=document_name,
            session_id=session.id,
            question_id=question.id if question else None,
        )

    def _step_clock(self, session: WorkSession) -> timeline.StepClock:
        assert session.step_started_at is not None
        return timeline.StepClock(
            started_at=session.step_started_at,
            planned=timedelta(seconds=session.step_seconds[session.current_step - 1]),
            extra=timedelta(seconds=session.step_extra_seconds),
            paused_total=timedelta(seconds=session.step_paused_seconds),
            paused_at=session.paused_at,
        )

    def _step_plan(self, session: WorkSession, clock: timeline.StepClock) -> timeline.StepPlan:
        step = self.deck.step(session.current_step)
        return timeline.plan_step(clock.duration, hulpvragen_available=len(step.hulpvragen))

    # --- opening and joining -----------------------------------------------------------

    def open(
        self, *, chat_id: int, thread_id: int | None, by: Person, minutes_arg: str | None
    ) -> None:
        minutes = DEFAULT_MINUTES
        if minutes_arg:
            if not minutes_arg.strip().isdigit():
                raise Refusal(texts.BAD_MINUTES)
            minutes = int(minutes_arg)
            if not MIN_MINUTES <= minutes <= MAX_MINUTES:
                raise Refusal(texts.minutes_out_of_range(MIN_MINUTES, MAX_MINUTES))
        now = self.clock.now()
        with session_scope(self.engine) as db:
            if repo.active_session(db, chat_id=chat_id) is not None:
                raise Refusal(texts.SESSION_ALREADY_RUNNING)
            remember(db, by, now=self.clock.now())
            session = WorkSession(
                chat_id=chat_id,
                thread_id=thread_id,
                chair_id=by.id,
                total_minutes=minutes,
                step_seconds=timeline.split_seconds(minutes, [s.minutes for s in self.deck.steps]),
                question_seed=random.randrange(1_000_000),
                created_at=now,
            )
            db.add(session)
            try:
                db.flush()
            except IntegrityError:
                # Another process opened one for this group at the same moment.
                raise Refusal(texts.SESSION_ALREADY_RUNNING) from None
            repo.add_participant(db, session_id=session.id, user_id=by.id, now=now)
            view = self._opening(db, session)
            self._send(db, session, "opening", view.text, markup=view.reply_markup)

    def _opening(self, db: Session, session: WorkSession) -> MessageView:
        ids = repo.participant_ids(db, session_id=session.id)
        names = self._names(db, [session.chair_id, *ids])
        text = texts.opening(
            deck=self.deck,
            chair=names[session.chair_id],
            step_seconds=session.step_seconds,
            participants=[names[i] for i in ids],
        )
        rows = [[("🙋 Doe mee", f"join:{session.id}")]]
        if session.status == "gathering":
            rows[0].append(("▶️ Begin", f"begin:{session.id}"))
        sent = repo.outbox_message(db, session_id=session.id, kind="opening")
        message_id = sent.message_id if sent and sent.message_id else 0
        return MessageView(session.chat_id, message_id, text, inline_buttons(rows))

    def join(
        self, *, chat_id: int, who: Person, session_id: int | None = None
    ) -> tuple[str, MessageView | None]:
        """Returns the reply and, when someone new joined, the updated opening message."""
        now = self.clock.now()
        with session_scope(self.engine) as db:
            session = self._active(db, chat_id)
            self._check_button(db, session, session_id)
            remember(db, who, now=self.clock.now())
            if not repo.add_participant(db, session_id=session.id, user_id=who.id, now=now):
                return texts.already_joined(who.name), None
            count = len(repo.participant_ids(db, session_id=session.id))
            if count > MAX_TEAM and not session.split_tip_given:
                session.split_tip_given = True
                db.add(session)
                self._send(db, session, "split_tip", texts.SPLIT_TIP)
            view = self._opening(db, session)
            return texts.joined(who.name, count), view if view.message_id else None

    # --- the steps ---------------------------------------------------------------------

    def begin(
        self, *, chat_id: int, by: Person, session_id: int | None = None
    ) -> MessageView | None:
        with session_scope(self.engine) as db:
            session = self._active(db, chat_id)
            self._check_button(db, session, session_id)
            self._require_chair(db, session, by)
            if session.status == "running":
                raise Refusal("De sessie loopt al. Met /volgende ga je naar de volgende stap.")
            now = self.clock.now()
            session.status = "running"
            session.started_at = now
            self._open_step(db, session, 1)
            view = self._opening(db, session)
            return view if view.message_id else None

    def _open_step(self, db: Session, session: WorkSession, number: int) -> None:
        step = self.deck.step(number)
        session.current_step = number
        session.step_started_at = self.clock.now()
        session.step_extra_seconds = 0
        session.step_paused_seconds = 0
        session.paused_at = None
        session.hulpvragen_posted = 0
        session.warned = False
        db.add(session)
        duration = timedelta(seconds=session.step_seconds[number - 1])
        card_text = texts.step_card(step, total_steps=len(self.deck.steps), duration=duration)
        card = Question(
            session_id=session.id,
            step=number,
            kind="card",
            text=step.central_question,
            created_at=self.clock.now(),
        )
        db.add(card)
        db.flush()
        self._send(db, session, f"card:{number}", card_text, pin=True, question=card)
        for board in self._boards(step):
            self._send(
                db,
                session,
                f"board:{board}",
                texts.MARK_BOARD_INTRO[board],
                markup=self._board_markup(db, session, board),
            )

    def _close_step(self, db: Session, session: WorkSession) -> None:
        step = self.deck.step(session.current_step)
        answers = repo.answers(db, session_id=session.id, step=step.number)
        names = self._names(db, sorted({a.user_id for a in answers}))
        top: list[tuple[str, int]] = []
        for board in self._boards(step):
            top += self._marked(db, session, board)[:3]
        summary = texts.wrap_up(
            step, answers=[(names[a.user_id], a.text) for a in answers], top_marks=top
        )
        self._send(db, session, f"wrapup:{step.number}", summary)
        if step.number < len(self.deck.steps):
            self._open_step(db, session, step.number + 1)
        else:
            self._finish(db, session, "finished")

    def _finish(self, db: Session, session: WorkSession, status: str) -> None:
        session.status = status
        session.finished_at = self.clock.now()
        session.paused_at = None
        db.add(session)
        self._send(
            db,
            session,
            "closing",
            texts.SESSION_DONE if status == "finished" else texts.SESSION_STOPPED,
        )
        reply = self.summary_reply(db, session)
        for text in reply.messages:
            self._send(db, session, "summary", text)
        if reply.document:
            name, body = reply.document
            self._send(db, session, "summary_document", body, document_name=name)

    def process_due(self) -> None:
        """Post what is due in every running session; close steps whose time is up."""
        with session_scope(self.engine) as db:
            ids = [s.id for s in repo.running_sessions(db)]
        for session_id in ids:
            with session_scope(self.engine) as db:
                session = repo.lock_session(db, session_id=session_id)
                if session is None or session.status != "running":
                    continue
                self._advance(db, session)

    def _advance(self, db: Session, session: WorkSession) -> None:
        now = self.clock.now()
        clock = self._step_clock(session)
        plan = self._step_plan(session, clock)
        due = timeline.due_work(
            clock, plan, hulpvragen_posted=session.hulpvragen_posted, warned=session.warned, now=now
        )
        step = self.deck.step(session.current_step)
        for event in due.events:
            if event is timeline.StepEvent.END:
                self._close_step(db, session)
                return
            if event is timeline.StepEvent.HULPVRAAG:
                order = timeline.hulpvraag_order(
                    len(step.hulpvragen), seed=session.question_seed + step.number
                )
                text = step.hulpvragen[order[due.hulpvragen_posted - 1]]
                question = Question(
                    session_id=session.id,
                    step=step.number,
                    kind="hulpvraag",
                    text=text,
                    created_at=now,
                )
                db.add(question)
                db.flush()
                self._send(db, session, "hulpvraag", texts.hulpvraag(step, text), question=question)
                session.hulpvragen_posted = due.hulpvragen_posted
            elif event is timeline.StepEvent.WARNING:
                self._send(db, session, "warning", texts.warning(step, clock.remaining(now)))
                session.warned = True
        db.add(session)

    def next_wakeup(self):
        """The earliest moment any running session has something to do."""
        moments = []
        with session_scope(self.engine) as db:
            for session in repo.running_sessions(db):
                clock = self._step_clock(session)
                moment = timeline.next_due_at(
                    clock,
                    self._step_plan(session, clock),
                    hulpvragen_posted=session.hulpvragen_posted,
                    warned=session.warned,
                )
                if moment is not None:
                    moments.append(moment)
        return min(moments, default=None)

    # --- the chair's controls ----------------------------------------------------------

    def next_step(self, *, chat_id: int, by: Person) -> None:
        with session_scope(self.engine) as db:
            session = self._running(db, chat_id)
            self._require_chair(db, session, by)
            self._close_step(db, session)

    def extend(self, *, chat_id: int, by: Person, minutes_arg: str | None) -> None:
        minutes = DEFAULT_EXTENSION_MINUTES
        if minutes_arg:
            if not minutes_arg.strip().isdigit() or not 1 <= int(minutes_arg) <= 120:
                raise Refusal(texts.BAD_EXTEND)
            minutes = int(minutes_arg)
        with session_scope(self.engine) as db:
            session = self._running(db, chat_id)
            self._require_chair(db, session, by)
            by_span = timedelta(minutes=minutes)
            session.step_extra_seconds += int(by_span.total_seconds())
            # A fresh end deserves a fresh warning.
            session.warned = False
            db.add(session)
            remaining = self._step_clock(session).remaining(self.clock.now())
            step = self.deck.step(session.current_step)
            self._send(db, session, "extended", texts.extended(step, by_span, remaining))

    def pause(self, *, chat_id: int, by: Person) -> None:
        with session_scope(self.engine) as db:
            session = self._running(db, chat_id)
            self._require_chair(db, session, by)
            if session.paused_at is not None:
                raise Refusal(texts.ALREADY_PAUSED)
            session.paused_at = self.clock.now()
            db.add(session)
            self._send(db, session, "paused", texts.paused(self.deck.step(session.current_step)))

    def resume(self, *, chat_id: int, by: Person) -> None:
        with session_scope(self.engine) as db:
            session = self._running(db, chat_id)
            self._require_chair(db, session, by)
            if session.paused_at is None:
                raise Refusal(texts.NOT_PAUSED)
            clock = self._step_clock(session).resume(self.clock.now())
            session.step_paused_seconds = round(clock.paused_total.total_seconds())
            session.paused_at = None
            db.add(session)
            step = self.deck.step(session.current_step)
            self._send(
                db, session, "resumed", texts.resumed(step, clock.remaining(self.clock.now()))
            )

    def stop(self, *, chat_id: int, by: Person) -> None:
        with session_scope(self.engine) as db:
            session = self._active(db, chat_id)
            self._require_chair(db, session, by)
            self._finish(db, session, "stopped")

    def hand_over(self, *, chat_id: int, by: Person, to: Person | None, handle: str | None) -> None:
        with session_scope(self.engine) as db:
            session = self._active(db, chat_id)
            self._require_chair(db, session, by)
            if to is not None:
                remember(db, to, now=self.clock.now())
                new_chair_id, name = to.id, to.name
            elif handle:
                member = repo.member_by_username(db, username=handle)
                if member is None:
                    raise Refusal(texts.unknown_member(handle))
                new_chair_id = member.id
                name = texts.display_name(member.first_name, member.last_name)
            else:
                raise Refusal(texts.CHAIR_WHO)
            session.chair_id = new_chair_id
            db.add(session)
            repo.add_participant(
                db, session_id=session.id, user_id=new_chair_id, now=self.clock.now()
            )
            self._send(db, session, "chair", texts.chair_handed_over(name))

    # --- questions and answers ---------------------------------------------------------

    def ask(self, *, chat_id: int, by: Person, text: str) -> None:
        if not text.strip():
            raise Refusal(texts.ASK_NEEDS_TEXT)
        with session_scope(self.engine) as db:
            session = self._running(db, chat_id)
            remember(db, by, now=self.clock.now())
            question = Question(
                session_id=session.id,
                step=session.current_step,
                kind="eigen",
                text=text.strip(),
                asked_by=by.id,
                created_at=self.clock.now(),
            )
            db.add(question)
            db.flush()
            self._send(
                db, session, "eigen", texts.own_question(by.name, text.strip()), question=question
            )

    def record_reply(
        self,
        *,
        chat_id: int,
        message_id: int,
        who: Person,
        text: str,
        replied_to_id: int,
        replied_to_text: str,
    ) -> bool:
        """A reply to one of the bot's messages. True when it was stored as an answer."""
        with session_scope(self.engine) as db:
            question = repo.question_by_message(db, chat_id=chat_id, message_id=replied_to_id)
            if question is None:
                session = repo.latest_session(db, chat_id=chat_id)
                if session is None:
                    return False
                known = repo.outbox_by_message(db, chat_id=chat_id, message_id=replied_to_id)
                if known is None:
                    # A question whose message id a crash kept us from recording: its text
                    # still tells which one it was.
                    question = repo.question_by_text(
                        db, session_id=session.id, text=replied_to_text
                    )
                if question is None and session.status == "running":
                    # A reply to another bot message (a warning, a wrap-up) during a step
                    # still answers the step's latest question.
                    question = repo.latest_question(
                        db, session_id=session.id, step=session.current_step
                    )
            if question is None:
                return False
            self._store_answer(
                db, question, chat_id=chat_id, message_id=message_id, who=who, text=text
            )
            return True

    def record_plain(self, *, chat_id: int, message_id: int, who: Person, text: str) -> bool:
        """A plain group message, seen only when privacy mode is off or the bot is admin:
        during a running, unpaused step it answers the latest question."""
        with session_scope(self.engine) as db:
            session = repo.active_session(db, chat_id=chat_id)
            if session is None or session.status != "running":
                return False
            question = repo.latest_question(db, session_id=session.id, step=session.current_step)
            if question is None:
                return False
            self._store_answer(
                db, question, chat_id=chat_id, message_id=message_id, who=who, text=text
            )
            return True

    def _store_answer(
        self,
        db: Session,
        question: Question,
        *,
        chat_id: int,
        message_id: int,
        who: Person,
        text: str,
    ) -> None:
        now = self.clock.now()
        remember(db, who, now=self.clock.now())
        existing = repo.answer_by_message(db, chat_id=chat_id, message_id=message_id)
        if existing is not None:
            # The same update delivered twice: keep the first, nothing changes.
            return
        db.add(
            Answer(
                session_id=question.session_id,
                question_id=question.id,
                step=question.step,
                user_id=who.id,
                chat_id=chat_id,
                message_id=message_id,
                text=text,
                created_at=now,
            )
        )
        session = db.get(WorkSession, question.session_id)
        if session is not None and session.status in repo.ACTIVE_STATUSES:
            repo.add_participant(db, session_id=session.id, user_id=who.id, now=now)

    def edit_answer(self, *, chat_id: int, message_id: int, text: str) -> bool:
        with session_scope(self.engine) as db:
            answer = repo.answer_by_message(db, chat_id=chat_id, message_id=message_id)
            if answer is None:
                return False
            answer.text = text
            answer.edited_at = self.clock.now()
            db.add(answer)
            return True

    # --- marks -------------------------------------------------------------------------

    def _boards(self, step: Step) -> tuple[str, ...]:
        if step.marks == "competenties":
            return ("competenties",)
        if step.marks == "activiteiten":
            return ("al", "nieuw")
        return ()

    def _board_items(self, board: str) -> list[tuple[str, str]]:
        items = self.deck.competences if board == "competenties" else self.deck.activities
        return [(item.key, item.label) for item in items]

    def _board_markup(self, db: Session, session: WorkSession, board: str) -> dict:
        counts = repo.mark_counts(db, session_id=session.id, board=board)
        buttons = [
            (texts.mark_button(label, counts.get(key, 0)), f"mk:{session.id}:{board}:{key}")
            for key, label in self._board_items(board)
        ]
        return inline_buttons([buttons[i : i + 2] for i in range(0, len(buttons), 2)])

    def _marked(self, db: Session, session: WorkSession, board: str) -> list[tuple[str, int]]:
        counts = repo.mark_counts(db, session_id=session.id, board=board)
        labels = dict(self._board_items(board))
        return sorted(
            ((labels[key], count) for key, count in counts.items() if key in labels and count),
            key=lambda item: -item[1],
        )

    def toggle_mark(
        self, *, chat_id: int, session_id: int, board: str, key: str, who: Person
    ) -> tuple[str, MessageView | None]:
        labels = dict(self._board_items(board)) if board in BOARD_HEADINGS else {}
        if key not in labels:
            raise Refusal("Die keuze ken ik niet.")
        with session_scope(self.engine) as db:
            session = db.get(WorkSession, session_id)
            if session is None or session.chat_id != chat_id:
                raise Refusal("Die keuze hoort niet bij een sessie in deze groep.")
            if session.status not in repo.ACTIVE_STATUSES:
                raise Refusal("Deze sessie is afgelopen; markeren kan niet meer.")
            remember(db, who, now=self.clock.now())
            now_set = repo.toggle_mark(
                db,
                session_id=session.id,
                user_id=who.id,
                board=board,
                item_key=key,
                now=self.clock.now(),
            )
            repo.add_participant(db, session_id=session.id, user_id=who.id, now=self.clock.now())
            board_message = repo.outbox_message(db, session_id=session.id, kind=f"board:{board}")
            view = None
            if board_message is not None and board_message.message_id:
                view = MessageView(
                    chat_id,
                    board_message.message_id,
                    board_message.text,
                    self._board_markup(db, session, board),
                )
            return texts.mark_toggled(labels[key], now_set), view

    # --- status and summary ------------------------------------------------------------

    def status(self, *, chat_id: int) -> str:
        with session_scope(self.engine) as db:
            session = repo.active_session(db, chat_id=chat_id) or repo.latest_session(
                db, chat_id=chat_id
            )
            if session is None:
                raise Refusal(texts.NO_SESSION_EVER)
            ids = repo.participant_ids(db, session_id=session.id)
            names = self._names(db, [session.chair_id, *ids])
            per_step: dict[int, int] = {}
            for answer in repo.answers(db, session_id=session.id):
                per_step[answer.step] = per_step.get(answer.step, 0) + 1
            step_remaining = session_remaining = None
            paused_now = False
            if session.status == "running":
                now = self.clock.now()
                clock = self._step_clock(session)
                step_remaining = clock.remaining(now)
                session_remaining = timeline.session_remaining(
                    clock, now, session.step_seconds[session.current_step :]
                )
                paused_now = clock.paused
            return texts.status(
                deck=self.deck,
                status=session.status,
                step_number=session.current_step,
                step_remaining=step_remaining,
                session_remaining=session_remaining,
                paused_now=paused_now,
                chair=names[session.chair_id],
                participants=[names[i] for i in ids],
                answers_per_step=per_step,
            )

    def summary(self, *, chat_id: int) -> SummaryReply:
        with session_scope(self.engine) as db:
            session = repo.latest_session(db, chat_id=chat_id)
            if session is None:
                raise Refusal(texts.NO_SESSION_EVER)
            return self.summary_reply(db, session)

    def summary_data(self, db: Session, session: WorkSession) -> SessionSummary:
        all_answers = repo.answers(db, session_id=session.id)
        participant_ids = repo.participant_ids(db, session_id=session.id)
        names = self._names(
            db, sorted({session.chair_id, *participant_ids, *(a.user_id for a in all_answers)})
        )
        by_question: dict[int | None, list[Answer]] = {}
        for answer in all_answers:
            by_question.setdefault(answer.question_id, []).append(answer)
        questions = repo.questions(db, session_id=session.id)
        steps = []
        for step in self.deck.steps:
            answered = []
            for question in questions:
                if question.step == step.number and by_question.get(question.id):
                    answered.append(
                        AnsweredQuestion(
                            question=question.text,
                            answers=tuple(
                                (names[a.user_id], a.text) for a in by_question[question.id]
                            ),
                        )
                    )
            marks = tuple(
                (BOARD_HEADINGS[board], tuple(self._marked(db, session, board)))
                for board in self._boards(step)
                if self._marked(db, session, board)
            )
            steps.append(
                StepSummary(
                    number=step.number,
                    title=step.title,
                    central_question=step.central_question,
                    questions=tuple(answered),
                    marks=marks,
                )
            )
        day = (session.started_at or session.created_at).astimezone(self.tz).date()
        return SessionSummary(
            heading=f"werksessie van {format_date_nl(day)}",
            chair=names[session.chair_id],
            participants=tuple(names[i] for i in participant_ids),
            steps=tuple(steps),
        )

    def summary_reply(self, db: Session, session: WorkSession) -> SummaryReply:
        """The chair's brief for the team meeting: the action plan first (what is done, open,
        late, what changed, what needs a decision), then the answers per step. Remembers what
        it showed, so the next one can tell what changed."""
        now = self.clock.now()
        today = now.astimezone(self.tz).date()
        actions = repo.group_actions(
            db, chat_id=session.chat_id, session_id=session.id, open_from_earlier=True
        )
        owners = self._names(db, sorted({a.owner_id for a in actions if a.owner_id}))
        items = [
            brief.ActionItem.of(a, owner=owners.get(a.owner_id) if a.owner_id else None)
            for a in actions
        ]
        previous = db.get(SummaryMark, session.chat_id)
        data = replace(
            self.summary_data(db, session),
            front_sections=brief.sections(
                items,
                today,
                chosen_activities=self._marked(db, session, "nieuw"),
                previous=previous.action_states if previous else None,
                previous_on=previous.posted_at.astimezone(self.tz).date() if previous else None,
            ),
        )
        repo.save_summary_mark(
            db, chat_id=session.chat_id, states=brief.snapshot(items, today), now=now
        )
        blocks = html_blocks(data)
        whole = "\n\n".join(blocks)
        if visible_length(whole) <= texts.MAX_MESSAGE:
            return SummaryReply(messages=(whole,))
        day = (session.started_at or session.created_at).astimezone(self.tz).date()
        overview = blocks[: 1 + len(data.front_sections)]
        return SummaryReply(
            messages=tuple(pack([*overview, texts.SUMMARY_AS_DOCUMENT])),
            document=(f"samenvatting-{day.isoformat()}.md", markdown(data)),
        )
