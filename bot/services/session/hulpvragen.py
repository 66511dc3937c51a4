"""Hulpvragen the team chooses. The manual: the questions are optional, in any order; the
team picks those that fit or makes up its own. Every step card has a button that posts the
step's card of hulpvragen (each question with a button); the chair taps one to ask it now.
The bot still posts one now and then by itself, as a gentle prompt, skipping those already
asked; /hulpvragen uit stops that for the session, /hulpvragen aan resumes it.

Stored with its messages (the outbox) in one transaction; no Telegram here.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.clock import Clock
from bot.core.session import timeline
from bot.core.team.policy import Act
from bot.services.buttons import AskHulpvraag, OpenHulpvragen, inline_buttons
from bot.services.common import (
    ButtonReply,
    MessageView,
    Person,
    Press,
    Refusal,
    send,
)
from bot.services.team import policy
from bot.texts import help as help_texts
from bot.texts.session import hulpvragen as hulpvraag_texts
from bot.texts.session import session as session_texts
from prompts import Deck, Step
from storage.db import session_scope
from storage.models import Question, WorkSession
from storage.repo import outbox as outbox_rows
from storage.repo import sessions as session_rows
from storage.values import Family, Kind, QuestionKind, SessionStatus

ON, OFF = "aan", "uit"
BUTTONS_PER_ROW = 4


class HulpvragenService:
    def __init__(self, *, engine: Engine, deck: Deck, clock: Clock) -> None:
        self.engine = engine
        self.deck = deck
        self.clock = clock

    # --- what was asked ----------------------------------------------------------------

    def asked(self, db: Session, session: WorkSession, step: Step) -> set[int]:
        """The step's hulpvragen already asked in this session (by the bot or the chair)."""
        texts_asked = {
            q.text
            for q in session_rows.questions(db, session_id=session.id)
            if q.step == step.number and q.kind == QuestionKind.HULPVRAAG
        }
        return {i for i, question in enumerate(step.hulpvragen) if question in texts_asked}

    def post(self, db: Session, session: WorkSession, step: Step, index: int) -> None:
        """Ask hulpvraag `index` of the step in the group; replies to it are its answers."""
        now = self.clock.now()
        text = step.hulpvragen[index]
        question = Question(
            session_id=session.id,
            step=step.number,
            kind=QuestionKind.HULPVRAAG,
            text=text,
            created_at=now,
        )
        db.add(question)
        db.flush()
        send(
            db,
            session,
            Kind(Family.HULPVRAAG),
            session_texts.hulpvraag(step, text),
            question_id=question.id,
            now=now,
            session_id=session.id,
        )

    def next_automatic(self, db: Session, session: WorkSession, step: Step) -> int | None:
        """The hulpvraag the bot would post by itself now: the next in the session's fixed
        order that nobody asked yet; None when posting by itself is off or all were asked."""
        if not session.hulpvragen_auto:
            return None
        asked = self.asked(db, session, step)
        order = timeline.hulpvraag_order(
            len(step.hulpvragen), seed=session.question_seed + step.number
        )
        return next((index for index in order if index not in asked), None)

    # --- the card of hulpvragen --------------------------------------------------------

    def card_button(self, session: WorkSession, step: Step) -> dict:
        """The button under a step card that opens its hulpvragen."""
        return inline_buttons(
            [[(hulpvraag_texts.HULPVRAGEN_BUTTON, OpenHulpvragen(session.id, step.number))]]
        )

    def _card(self, db: Session, session: WorkSession, step: Step) -> tuple[str, dict]:
        asked = self.asked(db, session, step)
        buttons = [
            (
                hulpvraag_texts.hulpvraag_button(i + 1, i in asked),
                AskHulpvraag(session.id, step.number, i),
            )
            for i in range(len(step.hulpvragen))
        ]
        rows = [buttons[i : i + BUTTONS_PER_ROW] for i in range(0, len(buttons), BUTTONS_PER_ROW)]
        text = hulpvraag_texts.hulpvragen_card(step, asked=asked, automatic=session.hulpvragen_auto)
        return text, inline_buttons(rows)

    def _current(self, db: Session, chat_id: int, session_id: int | None, step: int | None):
        """The running session of the group and its step, as a button names them."""
        session = session_rows.active_session(db, chat_id=chat_id)
        if session is None:
            raise Refusal(help_texts.NO_SESSION)
        if session_id is not None and session_id != session.id:
            raise Refusal(help_texts.OLD_SESSION_BUTTON)
        if session.status != SessionStatus.RUNNING:
            raise Refusal(help_texts.NOT_STARTED_YET)
        if step is not None and step != session.current_step:
            raise Refusal(hulpvraag_texts.STEP_IS_OVER)
        locked = session_rows.lock_session(db, session_id=session.id)
        assert locked is not None
        return locked, self.deck.step(locked.current_step)

    def _post_card(self, db: Session, session: WorkSession, step: Step) -> bool:
        """Posts the step's card unless it is already there; True when posted."""
        kind = Kind(Family.HULPVRAGEN, step.number)
        if outbox_rows.outbox_message(db, session_id=session.id, kind=kind) is not None:
            return False
        text, markup = self._card(db, session, step)
        send(
            db,
            session,
            Kind(Family.HULPVRAGEN, step.number),
            text,
            now=self.clock.now(),
            markup=markup,
            session_id=session.id,
        )
        return True

    def open_card(self, press: Press, button: OpenHulpvragen) -> ButtonReply:
        with session_scope(self.engine) as db:
            session, step = self._current(db, press.chat_id, button.session_id, button.step)
            posted = self._post_card(db, session, step)
            return (None if posted else hulpvraag_texts.HULPVRAGEN_CARD_ABOVE), ()

    def show(self, *, chat_id: int) -> str | None:
        """/hulpvragen: the card of the current step; a notice when it is already there."""
        with session_scope(self.engine) as db:
            session, step = self._current(db, chat_id, None, None)
            return (
                None
                if self._post_card(db, session, step)
                else hulpvraag_texts.HULPVRAGEN_CARD_ABOVE
            )

    def ask(self, press: Press, button: AskHulpvraag) -> ButtonReply:
        """The chair asks one of the card's questions now."""
        with session_scope(self.engine) as db:
            session, step = self._current(db, press.chat_id, button.session_id, button.step)
            policy.require(
                db, Act.ASK_HULPVRAAG, chat_id=press.chat_id, user_id=press.who.id, session=session
            )
            if not 0 <= button.index < len(step.hulpvragen):
                raise Refusal(help_texts.UNKNOWN_CHOICE)
            if button.index in self.asked(db, session, step):
                raise Refusal(hulpvraag_texts.HULPVRAAG_ALREADY_ASKED)
            self.post(db, session, step, button.index)
            text, markup = self._card(db, session, step)
            return hulpvraag_texts.HULPVRAAG_ASKED, (
                MessageView(press.chat_id, press.message_id, text, markup),
            )

    def switch(self, *, chat_id: int, by: Person, arg: str | None) -> None:
        """/hulpvragen aan|uit (the chair): the bot's own posting, for this session."""
        wanted = (arg or "").strip().lower()
        if wanted not in (ON, OFF):
            raise Refusal(hulpvraag_texts.HULPVRAGEN_HOW)
        with session_scope(self.engine) as db:
            session = session_rows.active_session(db, chat_id=chat_id)
            if session is None:
                raise Refusal(help_texts.NO_SESSION)
            session = session_rows.lock_session(db, session_id=session.id)
            assert session is not None
            policy.require(
                db, Act.SWITCH_HULPVRAGEN, chat_id=chat_id, user_id=by.id, session=session
            )
            on = wanted == ON
            if session.hulpvragen_auto == on:
                raise Refusal(
                    hulpvraag_texts.HULPVRAGEN_ALREADY_ON
                    if on
                    else hulpvraag_texts.HULPVRAGEN_ALREADY_OFF
                )
            session.hulpvragen_auto = on
            db.add(session)
            send(
                db,
                session,
                Kind(Family.HULPVRAGEN_SWITCH),
                hulpvraag_texts.HULPVRAGEN_ON if on else hulpvraag_texts.HULPVRAGEN_OFF,
                now=self.clock.now(),
                session_id=session.id,
            )
