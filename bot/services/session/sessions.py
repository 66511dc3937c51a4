"""The work session: opening and joining, the steps and their clock, the chair's controls,
questions and answers, and /status. Each decision is stored together with the messages it
causes (the outbox) in one transaction. No Telegram here: handlers call these methods and
deliver what they return; the outbox carries the rest."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.clock import Clock
from bot.core.session import timeline
from bot.core.team.policy import Act, successor
from bot.services.buttons import (
    NO_BUTTONS,
    BeginSession,
    CallbackData,
    ChairPick,
    JoinSession,
    in_pairs,
    inline_buttons,
)
from bot.services.common import (
    ButtonReply,
    MessageView,
    Person,
    Press,
    Refusal,
    display_name,
    member_name,
    member_names,
    remember,
    send,
)
from bot.services.documents.summaries import SummaryService
from bot.services.events import Events, SessionFinished
from bot.services.session.hulpvragen import HulpvragenService
from bot.services.session.keywords import KeywordService
from bot.services.session.marks import ACTIVITIES, COMPETENCES, NEW, MarkService
from bot.services.session.state import GATHERING_WITHOUT_CHAIR, SessionState
from bot.services.team import policy
from bot.texts import help as help_texts
from bot.texts.actions import plan as plan_texts
from bot.texts.session import boards as board_texts
from bot.texts.session import session as session_texts
from bot.texts.team import membership as membership_texts
from prompts import Deck
from storage.db import session_scope
from storage.models import Answer, OutboxMessage, Question, WorkSession
from storage.repo import members as member_rows
from storage.repo import outbox as outbox_rows
from storage.repo import sessions as session_rows
from storage.values import Family, Kind, Priority, QuestionKind, SessionStatus

MIN_MINUTES = 3
MAX_MINUTES = 600
DEFAULT_MINUTES = 150
DEFAULT_EXTENSION_MINUTES = 5
MAX_EXTENSION_MINUTES = 120
MAX_TEAM = 7
# /voorzitter offers the session's participants and, after them, this many members seen lately.
MAX_CHAIR_CHOICES = 8


class SessionService:
    def __init__(
        self,
        *,
        engine: Engine,
        deck: Deck,
        clock: Clock,
        tz: ZoneInfo,
        marks: MarkService,
        summaries: SummaryService,
        hulpvragen: HulpvragenService,
        keywords: KeywordService,
        events: Events,
    ) -> None:
        self.engine = engine
        self.deck = deck
        self.clock = clock
        self.tz = tz
        self.marks = marks
        self.summaries = summaries
        self.hulpvragen = hulpvragen
        self.keywords = keywords
        # SessionFinished is published in the transaction that finishes a session, after
        # the closing summary is queued (the poster follows it).
        self.events = events

    # --- helpers -----------------------------------------------------------------------

    def _active(self, db: Session, chat_id: int) -> WorkSession:
        session = session_rows.active_session(db, chat_id=chat_id)
        if session is None:
            raise Refusal(help_texts.NO_SESSION)
        locked = session_rows.lock_session(db, session_id=session.id)
        assert locked is not None
        return locked

    def _running(self, db: Session, chat_id: int) -> WorkSession:
        session = self._active(db, chat_id)
        if session.status != SessionStatus.RUNNING:
            raise Refusal(help_texts.NOT_STARTED_YET)
        return session

    def _check_button(self, db: Session, session: WorkSession, session_id: int | None) -> None:
        """A button names its session; callback data carries no trust, so it is checked."""
        if session_id is None or session_id == session.id:
            return
        named = db.get(WorkSession, session_id)
        if named is not None and named.chat_id == session.chat_id:
            raise Refusal(help_texts.OLD_SESSION_BUTTON)
        raise Refusal(help_texts.NO_SESSION)

    @staticmethod
    def _require_chair(db: Session, session: WorkSession, person: Person) -> None:
        policy.require(db, Act.STEER, chat_id=session.chat_id, user_id=person.id, session=session)

    def _post(
        self, db: Session, session: WorkSession, kind: Kind, text: str, **extra: Any
    ) -> OutboxMessage:
        """A message in the session's group, now: the one shape every session post has."""
        return send(db, session, kind, text, now=self.clock.now(), session_id=session.id, **extra)

    def _state(self, session: WorkSession) -> SessionState:
        """The session's state machine: every change of its status, step, clock or chair
        goes through it, which keeps when the session is next due."""
        return SessionState(session, self.deck)

    # --- opening and joining -----------------------------------------------------------

    def open(
        self, *, chat_id: int, thread_id: int | None, by: Person, minutes_arg: str | None
    ) -> None:
        minutes = DEFAULT_MINUTES
        if minutes_arg:
            if not minutes_arg.strip().isdigit():
                raise Refusal(help_texts.BAD_MINUTES)
            minutes = int(minutes_arg)
            if not MIN_MINUTES <= minutes <= MAX_MINUTES:
                raise Refusal(help_texts.minutes_out_of_range(MIN_MINUTES, MAX_MINUTES))
        now = self.clock.now()
        with session_scope(self.engine) as db:
            if session_rows.active_session(db, chat_id=chat_id) is not None:
                raise Refusal(help_texts.SESSION_ALREADY_RUNNING)
            remember(db, by, now=now)
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
                raise Refusal(help_texts.SESSION_ALREADY_RUNNING) from None
            session_rows.add_participant(db, session_id=session.id, user_id=by.id, now=now)
            view = self._opening(db, session)
            self._post(db, session, Kind(Family.OPENING), view.text, markup=view.reply_markup)

    def _opening(self, db: Session, session: WorkSession) -> MessageView:
        ids = session_rows.participant_ids(db, session_id=session.id)
        names = member_names(db, [session.chair_id, *ids])
        text = session_texts.opening(
            deck=self.deck,
            chair=names[session.chair_id],
            step_seconds=session.step_seconds,
            participants=[names[i] for i in ids],
        )
        buttons: list[tuple[str, CallbackData]] = [
            (session_texts.JOIN_BUTTON, JoinSession(session.id))
        ]
        if session.status == SessionStatus.GATHERING:
            buttons.append((session_texts.BEGIN_BUTTON, BeginSession(session.id)))
        queued = outbox_rows.outbox_message(db, session_id=session.id, kind=Kind(Family.OPENING))
        markup = inline_buttons([buttons])
        return MessageView.of(queued, text, markup) or MessageView(session.chat_id, 0, text, markup)

    def join(
        self, *, chat_id: int, who: Person, session_id: int | None = None
    ) -> tuple[str, MessageView | None]:
        """Returns the reply and, when someone new joined, the updated opening message."""
        now = self.clock.now()
        with session_scope(self.engine) as db:
            session = self._active(db, chat_id)
            self._check_button(db, session, session_id)
            remember(db, who, now=now)
            if not session_rows.add_participant(db, session_id=session.id, user_id=who.id, now=now):
                return session_texts.already_joined(who.name), None
            if policy.chair_of(db, chat_id) is None:
                # Nobody chairs since the chair left: the first to join takes over.
                self._set_chair(db, session, who.id)
            count = len(session_rows.participant_ids(db, session_id=session.id))
            if count > MAX_TEAM and not session.split_tip_given:
                session.split_tip_given = True
                db.add(session)
                self._post(db, session, Kind(Family.SPLIT_TIP), session_texts.SPLIT_TIP)
            view = self._opening(db, session)
            return session_texts.joined(who.name, count), view if view.outbox_id else None

    def join_button(self, press: Press, button: JoinSession) -> ButtonReply:
        notice, view = self.join(chat_id=press.chat_id, who=press.who, session_id=button.session_id)
        return notice, (view,) if view else ()

    # --- the steps ---------------------------------------------------------------------

    def begin(
        self, *, chat_id: int, by: Person, session_id: int | None = None
    ) -> MessageView | None:
        """Returns the opening message without its Begin button, to refresh."""
        with session_scope(self.engine) as db:
            session = self._active(db, chat_id)
            self._check_button(db, session, session_id)
            self._require_chair(db, session, by)
            if session.status == SessionStatus.RUNNING:
                raise Refusal(session_texts.ALREADY_BEGUN)
            self._state(session).begin(self.clock.now())
            db.add(session)
            self._post_card(db, session)
            view = self._opening(db, session)
            return view if view.outbox_id else None

    def begin_button(self, press: Press, button: BeginSession) -> ButtonReply:
        view = self.begin(chat_id=press.chat_id, by=press.who, session_id=button.session_id)
        return session_texts.SESSION_BEGINS, (view,) if view else ()

    def _post_card(self, db: Session, session: WorkSession) -> None:
        """The card of the step that just opened, pinned, with its boards."""
        number = session.current_step
        step = self.deck.step(number)
        now = self.clock.now()
        duration = timedelta(seconds=session.step_seconds[number - 1])
        extra: list[str] = []
        if step.actions:
            interesting = [label for label, _ in self.marks.marked(db, session, NEW)]
            extra = [plan_texts.ACTION_HOWTO, plan_texts.interesting_activities(interesting)]
        card_text = session_texts.step_card(
            step, total_steps=len(self.deck.steps), duration=duration, extra=extra
        )
        card = Question(
            session_id=session.id,
            step=number,
            kind=QuestionKind.CARD,
            text=step.central_question,
            created_at=now,
        )
        db.add(card)
        db.flush()
        self._post(
            db,
            session,
            Kind(Family.CARD, number),
            card_text,
            markup=self.hulpvragen.card_button(session, step),
            pin=True,
            question_id=card.id,
        )
        self.marks.post_boards(db, session, step)

    def _close_step(self, db: Session, session: WorkSession) -> None:
        step = self.deck.step(session.current_step)
        answers = session_rows.answers(db, session_id=session.id, step=step.number)
        names = member_names(db, sorted({a.user_id for a in answers}))
        # The competences get their own ranking below; activities: the most marked of all.
        top = [
            (tally.label, tally.count, tally.board)
            for tally in (self.marks.most_marked(db, session) if step.marks == ACTIVITIES else [])
        ]
        summary = session_texts.wrap_up(
            step,
            answers=[(names[a.user_id], a.text) for a in answers],
            top_marks=top,
            keywords=self.keywords.kept(db, session, step.number),
        )
        now = self.clock.now()
        send(db, session, Kind(Family.WRAPUP, step.number), summary, now=now, session_id=session.id)
        if COMPETENCES in self.marks.boards(step):
            ranking = [
                (r.label, self.marks.group_label(COMPETENCES, r.group), r.count, r.who)
                for r in self.marks.ranking(db, session)
            ]
            send(
                db,
                session,
                Kind(Family.RANKING),
                board_texts.ranking(ranking),
                now=now,
                session_id=session.id,
            )
        if step.steekwoorden:
            self.keywords.propose(db, session, step)
        if step.actions:
            send(
                db,
                session,
                Kind(Family.PLAN),
                self.summaries.plan_text(db, session),
                now=now,
                session_id=session.id,
            )
        if step.number < len(self.deck.steps):
            self._state(session).open_step(step.number + 1, now)
            db.add(session)
            self._post_card(db, session)
        else:
            self._finish(db, session, SessionStatus.FINISHED)

    def _finish(self, db: Session, session: WorkSession, status: SessionStatus) -> None:
        self._state(session).finish(status, self.clock.now())
        db.add(session)
        done = status == SessionStatus.FINISHED
        closing = session_texts.SESSION_DONE if done else session_texts.SESSION_STOPPED
        self._post(db, session, Kind(Family.CLOSING), closing)
        self.summaries.compose(db, session).queue(
            db,
            session,
            kind=Kind(Family.SUMMARY),
            document_kind=Kind(Family.SUMMARY_DOCUMENT),
            now=self.clock.now(),
            session_id=session.id,
        )
        self.events.publish(SessionFinished(db, session))

    def process_due(self) -> None:
        """Post what is due in every running session; close steps whose time is up. One
        indexed read finds the sessions with something due; only those are locked and
        advanced (a school may run hundreds at once, and every wake-up comes here)."""
        with session_scope(self.engine) as db:
            ids = session_rows.sessions_due(db, now=self.clock.now())
        for session_id in ids:
            with session_scope(self.engine) as db:
                session = session_rows.lock_session(db, session_id=session_id)
                if session is None:
                    continue
                if session.status == SessionStatus.GATHERING:
                    self._time_out(db, session)
                elif session.status == SessionStatus.RUNNING:
                    self._advance(db, session)

    def _time_out(self, db: Session, session: WorkSession) -> None:
        """A gathering session whose chair left: still nobody chairs, so it stops."""
        state = self._state(session)
        chair = policy.chair_of(db, session.chat_id)
        if chair is None:
            state.finish(SessionStatus.STOPPED, self.clock.now())
            self._post(db, session, Kind(Family.CLOSING), membership_texts.GATHERING_TIMED_OUT)
        else:
            # Its chair came back to the group.
            state.hand_to(chair)
        db.add(session)

    def _advance(self, db: Session, session: WorkSession) -> None:
        now = self.clock.now()
        state = self._state(session)
        clock = state.clock
        due = state.due(now)
        step = self.deck.step(session.current_step)
        for event in due.events:
            if event is timeline.StepEvent.END:
                self._close_step(db, session)
                return
            if event is timeline.StepEvent.HULPVRAAG:
                # A moment for a hulpvraag: one nobody asked yet, unless the chair turned
                # posting by itself off. The moment passes either way.
                index = self.hulpvragen.next_automatic(db, session, step)
                if index is not None:
                    self.hulpvragen.post(db, session, step, index)
            elif event is timeline.StepEvent.WARNING:
                self._post(
                    db,
                    session,
                    Kind(Family.WARNING),
                    session_texts.warning(step, clock.remaining(now)),
                )
        state.done(due)
        db.add(session)

    # --- the chair's controls ----------------------------------------------------------

    def next_step(self, *, chat_id: int, by: Person) -> None:
        with session_scope(self.engine) as db:
            session = self._running(db, chat_id)
            self._require_chair(db, session, by)
            self._close_step(db, session)

    def extend(self, *, chat_id: int, by: Person, minutes_arg: str | None) -> None:
        minutes = DEFAULT_EXTENSION_MINUTES
        if minutes_arg:
            if (
                not minutes_arg.strip().isdigit()
                or not 1 <= int(minutes_arg) <= MAX_EXTENSION_MINUTES
            ):
                raise Refusal(help_texts.BAD_EXTEND)
            minutes = int(minutes_arg)
        with session_scope(self.engine) as db:
            session = self._running(db, chat_id)
            self._require_chair(db, session, by)
            by_span = timedelta(minutes=minutes)
            state = self._state(session)
            state.extend(by_span)
            db.add(session)
            step = self.deck.step(session.current_step)
            remaining = state.clock.remaining(self.clock.now())
            self._post(
                db, session, Kind(Family.EXTENDED), session_texts.extended(step, by_span, remaining)
            )

    def pause(self, *, chat_id: int, by: Person) -> None:
        with session_scope(self.engine) as db:
            session = self._running(db, chat_id)
            self._require_chair(db, session, by)
            if session.paused_at is not None:
                raise Refusal(help_texts.ALREADY_PAUSED)
            self._state(session).pause(self.clock.now())
            db.add(session)
            step = self.deck.step(session.current_step)
            self._post(db, session, Kind(Family.PAUSED), session_texts.paused(step))

    def resume(self, *, chat_id: int, by: Person) -> None:
        with session_scope(self.engine) as db:
            session = self._running(db, chat_id)
            self._require_chair(db, session, by)
            if session.paused_at is None:
                raise Refusal(help_texts.NOT_PAUSED)
            state = self._state(session)
            state.resume(self.clock.now())
            db.add(session)
            step = self.deck.step(session.current_step)
            remaining = state.clock.remaining(self.clock.now())
            self._post(db, session, Kind(Family.RESUMED), session_texts.resumed(step, remaining))

    def stop(self, *, chat_id: int, by: Person) -> None:
        with session_scope(self.engine) as db:
            session = self._active(db, chat_id)
            self._require_chair(db, session, by)
            self._finish(db, session, SessionStatus.STOPPED)

    def hand_over(
        self,
        *,
        chat_id: int,
        by: Person,
        to: Person | None,
        handle: str | None,
        admin: bool = False,
        message_id: int | None = None,
    ) -> None:
        """/voorzitter: the chair hands over, or a group admin takes the role (naming
        nobody) or gives it. Only a member of this group can become chair; anyone else,
        or nobody named, gets the group's members as buttons."""
        now = self.clock.now()
        with session_scope(self.engine) as db:
            session = self._active(db, chat_id)
            policy.require(
                db, Act.HAND_OVER, chat_id=chat_id, user_id=by.id, session=session, admin=admin
            )
            target: int | None = None
            problem = help_texts.CHAIR_WHO
            if to is not None:
                try:
                    policy.require(db, Act.BE_NAMED, chat_id=chat_id, user_id=to.id)
                    remember(db, to, now=now)
                    target = to.id
                except Refusal as refusal:
                    problem = refusal.text
            elif handle:
                member = member_rows.group_member_by_username(db, chat_id=chat_id, username=handle)
                target = member.id if member else None
                problem = membership_texts.unknown_in_group(handle)
            elif admin and policy.chair_of(db, chat_id) != by.id:
                target = by.id
            if target is None:
                self._post(
                    db,
                    session,
                    Kind(Family.CHAIR),
                    problem,
                    markup=self._chair_buttons(db, session),
                    reply_to=message_id,
                    # An answer to the command, not the session's own news.
                    priority=Priority.ANSWER,
                )
                return
            self._set_chair(db, session, target)

    def chair_button(self, press: Press, button: ChairPick) -> ButtonReply:
        """A name under /voorzitter's question; whoever may hand over may press it."""
        with session_scope(self.engine) as db:
            session = self._active(db, press.chat_id)
            self._check_button(db, session, button.session_id)
            policy.require(
                db,
                Act.HAND_OVER,
                chat_id=press.chat_id,
                user_id=press.who.id,
                session=session,
                admin=press.admin,
            )
            target = int(button.user) if button.user.isdigit() else 0
            policy.require(db, Act.BE_NAMED, chat_id=press.chat_id, user_id=target)
            self._set_chair(db, session, target)
            # The question is answered: its buttons go.
            asked = outbox_rows.outbox_by_message(
                db, chat_id=press.chat_id, message_id=press.message_id
            )
            return None, (
                (MessageView(press.chat_id, press.message_id, asked.text, NO_BUTTONS),)
                if asked
                else ()
            )

    def _chair_buttons(self, db: Session, session: WorkSession) -> dict:
        ids = [
            *session_rows.participant_ids(db, session_id=session.id),
            *member_rows.group_member_ids(db, chat_id=session.chat_id)[:MAX_CHAIR_CHOICES],
        ]
        members = member_rows.members_by_id(
            db,
            user_ids=[
                i
                for i in dict.fromkeys(ids)
                if i != session.chair_id
                and policy.allows(db, Act.BE_NAMED, chat_id=session.chat_id, user_id=i)
            ],
        )
        return inline_buttons(
            in_pairs(
                [(display_name(m), ChairPick(session.id, str(m.id))) for m in members.values()]
            )
        )

    def _set_chair(self, db: Session, session: WorkSession, user_id: int) -> None:
        self._state(session).hand_to(user_id)
        db.add(session)
        session_rows.add_participant(
            db, session_id=session.id, user_id=user_id, now=self.clock.now()
        )
        name = member_name(db, user_id)
        self._post(db, session, Kind(Family.CHAIR), session_texts.chair_handed_over(name))

    def chair_left(self, db: Session, *, chat_id: int, user_id: int) -> None:
        """The member left the group (the caller stored that). When they chaired its latest
        session, the remaining participant who joined longest ago takes over, and the group
        hears who; with nobody left an open session waits for someone to join or for an
        admin, and one still gathering stops after a while."""
        latest = session_rows.latest_session(db, chat_id=chat_id)
        if latest is None or latest.chair_id != user_id:
            return
        session = session_rows.lock_session(db, session_id=latest.id)
        assert session is not None
        participants = session_rows.participant_ids(db, session_id=session.id)
        present = member_rows.present_member_ids(db, chat_id=chat_id, user_ids=participants)
        name = member_name(db, user_id)
        new_chair = successor(participants, present, user_id)
        state = self._state(session)
        if new_chair is not None:
            state.hand_to(new_chair)
            db.add(session)
            text = membership_texts.chair_passed(name, member_name(db, new_chair))
        elif session.status in session_rows.ACTIVE_STATUSES:
            gathering = session.status == SessionStatus.GATHERING
            state.chair_gone(self.clock.now())
            db.add(session)
            minutes = int(GATHERING_WITHOUT_CHAIR.total_seconds() // 60)
            text = membership_texts.chair_gone(name, timeout_minutes=minutes if gathering else None)
        else:
            # A finished session: who wrote an action down stands in for its chair.
            return
        self._post(db, session, Kind(Family.CHAIR), text)

    # --- questions and answers ---------------------------------------------------------

    def ask(self, *, chat_id: int, by: Person, text: str) -> None:
        if not text.strip():
            raise Refusal(help_texts.ASK_NEEDS_TEXT)
        now = self.clock.now()
        with session_scope(self.engine) as db:
            session = self._running(db, chat_id)
            remember(db, by, now=now)
            question = Question(
                session_id=session.id,
                step=session.current_step,
                kind=QuestionKind.OWN,
                text=text.strip(),
                asked_by=by.id,
                created_at=now,
            )
            db.add(question)
            db.flush()
            self._post(
                db,
                session,
                Kind(Family.OWN_QUESTION),
                session_texts.own_question(by.name, text.strip()),
                question_id=question.id,
            )

    def record_reply(
        self,
        db: Session,
        *,
        chat_id: int,
        message_id: int,
        who: Person,
        text: str,
        replied_to: OutboxMessage | None,
        replied_to_id: int,
        replied_to_text: str,
    ) -> bool:
        """A reply to one of the bot's messages (`replied_to`: its outbox row, None when
        unknown; bot.services.reply_routing). True when it was stored as an answer."""
        question = session_rows.question_by_message(db, chat_id=chat_id, message_id=replied_to_id)
        if question is None:
            session = session_rows.latest_session(db, chat_id=chat_id)
            if session is None:
                return False
            if replied_to is None:
                # A question whose message id a crash kept us from recording: its text
                # still tells which one it was.
                question = session_rows.question_by_text(
                    db, session_id=session.id, text=replied_to_text
                )
            if question is None and session.status == SessionStatus.RUNNING:
                # A reply to another bot message (a warning, a wrap-up) during a step
                # still answers the step's latest question.
                question = session_rows.latest_question(
                    db, session_id=session.id, step=session.current_step
                )
        if question is None:
            return False
        self._store_answer(db, question, chat_id=chat_id, message_id=message_id, who=who, text=text)
        return True

    def record_plain(
        self, db: Session, *, chat_id: int, message_id: int, who: Person, text: str
    ) -> bool:
        """A plain group message, seen only when privacy mode is off or the bot is admin:
        during a running, unpaused step it answers the latest question."""
        session = session_rows.active_session(db, chat_id=chat_id)
        if session is None or session.status != SessionStatus.RUNNING:
            return False
        question = session_rows.latest_question(
            db, session_id=session.id, step=session.current_step
        )
        if question is None:
            return False
        self._store_answer(db, question, chat_id=chat_id, message_id=message_id, who=who, text=text)
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
        remember(db, who, now=now)
        existing = session_rows.answer_by_message(db, chat_id=chat_id, message_id=message_id)
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
        if session is not None and session.status in session_rows.ACTIVE_STATUSES:
            session_rows.add_participant(db, session_id=session.id, user_id=who.id, now=now)
        # Keywords will be drawn from this answer at the end of the step.
        self.keywords.prepare(self.deck.step(question.step))

    def edit_answer(self, *, chat_id: int, message_id: int, text: str) -> bool:
        with session_scope(self.engine) as db:
            answer = session_rows.answer_by_message(db, chat_id=chat_id, message_id=message_id)
            if answer is None:
                return False
            answer.text = text
            answer.edited_at = self.clock.now()
            db.add(answer)
            return True

    # --- status ------------------------------------------------------------------

    def open_questions(self, *, chat_id: int) -> list[tuple[int, int]]:
        """The bot's questions (cards, hulpvragen) of the running step in a group, as
        (message id, step): what members may reply to now."""
        with session_scope(self.engine) as db:
            session = session_rows.active_session(db, chat_id=chat_id)
            if session is None or session.status != SessionStatus.RUNNING or session.id is None:
                return []
            return [
                (question.message_id, question.step)
                for question in session_rows.questions(db, session_id=session.id)
                if question.step == session.current_step and question.message_id is not None
            ]

    def status(self, *, chat_id: int) -> str:
        with session_scope(self.engine) as db:
            session = session_rows.active_session(
                db, chat_id=chat_id
            ) or session_rows.latest_session(db, chat_id=chat_id)
            if session is None:
                raise Refusal(help_texts.NO_SESSION_EVER)
            ids = session_rows.participant_ids(db, session_id=session.id)
            names = member_names(db, [session.chair_id, *ids])
            per_step: dict[int, int] = {}
            for answer in session_rows.answers(db, session_id=session.id):
                per_step[answer.step] = per_step.get(answer.step, 0) + 1
            step_remaining = session_remaining = None
            paused_now = False
            if session.status == SessionStatus.RUNNING:
                now = self.clock.now()
                clock = self._state(session).clock
                step_remaining = clock.remaining(now)
                session_remaining = timeline.session_remaining(
                    clock, now, session.step_seconds[session.current_step :]
                )
                paused_now = clock.paused
            return session_texts.status(
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
