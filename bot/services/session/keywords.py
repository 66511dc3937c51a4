"""Steekwoorden for the poster. At the end of a step whose outcomes go "in steekwoorden op de
poster" (steps 2 and 5), the bot proposes up to eight keywords drawn from the answers; the
chair keeps or drops each with a tap. Anyone adds one with /steekwoord during the step. The
kept ones are stored per step and shown in the wrap-up and the summary.

Stored with its messages (the outbox) in one transaction; no Telegram here.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.clock import Clock
from bot.core.session import keywords as proposer
from bot.core.team.policy import Act
from bot.services.buttons import ToggleKeyword, in_pairs, inline_buttons
from bot.services.common import ButtonReply, MessageView, Person, Press, Refusal, remember, send
from bot.services.team import policy
from bot.texts import help as help_texts
from bot.texts.session import keywords as keyword_texts
from prompts import Deck, Step
from storage.db import session_scope
from storage.models import Keyword, WorkSession
from storage.repo import members as member_rows
from storage.repo import outbox as outbox_rows
from storage.repo import poster as poster_rows
from storage.repo import sessions as session_rows
from storage.values import Family, Kind, SessionStatus


class KeywordService:
    def __init__(self, *, engine: Engine, deck: Deck, clock: Clock) -> None:
        self.engine = engine
        self.deck = deck
        self.clock = clock

    def kept(self, db: Session, session: WorkSession, step: int) -> list[str]:
        return [
            k.text
            for k in poster_rows.keywords(db, session_id=session.id, step=step, kept_only=True)
        ]

    def _message(self, db: Session, session: WorkSession, step: int) -> tuple[str, dict]:
        words = poster_rows.keywords(db, session_id=session.id, step=step)
        text = keyword_texts.keywords_message(
            step,
            kept=[k.text for k in words if k.kept],
            dropped=[k.text for k in words if not k.kept],
        )
        buttons = [
            (keyword_texts.keyword_button(k.text, k.kept), ToggleKeyword(k.id)) for k in words
        ]
        return text, inline_buttons(in_pairs(buttons))

    def _view(self, db: Session, session: WorkSession, step: int) -> tuple[MessageView, ...]:
        sent = outbox_rows.outbox_message(
            db, session_id=session.id, kind=Kind(Family.KEYWORDS, step)
        )
        text, markup = self._message(db, session, step)
        view = MessageView.of(sent, text, markup)
        return (view,) if view else ()

    @staticmethod
    def prepare(step: Step) -> None:
        """A step whose keywords will be proposed got an answer: get the libraries ready
        (once per process, in a thread) well before the step ends."""
        if step.steekwoorden:
            proposer.warm_up_in_background()

    # --- at the end of a step ----------------------------------------------------------

    def propose(self, db: Session, session: WorkSession, step: Step) -> None:
        """Keywords from the step's answers join the ones added by hand; the chair gets a
        button for each."""
        answers = [
            a.text for a in session_rows.answers(db, session_id=session.id, step=step.number)
        ]
        known = [k.text for k in poster_rows.keywords(db, session_id=session.id, step=step.number)]
        # Members name each other in step 5 ("Sander regelt de laptops"): not a keyword.
        members = member_rows.members_by_id(
            db, user_ids=member_rows.group_member_ids(db, chat_id=session.chat_id)
        )
        names = [n for m in members.values() for n in (m.first_name, m.last_name) if n]
        now = self.clock.now()
        for word in proposer.propose(answers, known=known, names=names):
            poster_rows.add_keyword(
                db,
                session_id=session.id,
                step=step.number,
                text=word,
                proposed=True,
                added_by=None,
                now=now,
            )
        if not poster_rows.keywords(db, session_id=session.id, step=step.number):
            send(
                db,
                session,
                Kind(Family.KEYWORDS, step.number),
                keyword_texts.NO_KEYWORDS_FOUND,
                now=now,
                session_id=session.id,
            )
            return
        text, markup = self._message(db, session, step.number)
        send(
            db,
            session,
            Kind(Family.KEYWORDS, step.number),
            text,
            now=now,
            markup=markup,
            session_id=session.id,
        )

    # --- /steekwoord and the chair's taps ----------------------------------------------

    def add(
        self, *, chat_id: int, by: Person, text: str, message_id: int
    ) -> tuple[MessageView, ...]:
        """/steekwoord <woord>: kept for the step that runs now (after the session: its last
        step). Returns the proposal to refresh when the step already has one."""
        word = proposer.normalise(text)
        if not word:
            raise Refusal(keyword_texts.KEYWORD_NEEDS_TEXT)
        if len(" ".join(text.split())) > proposer.MAX_KEYWORD_LENGTH:
            raise Refusal(keyword_texts.keyword_too_long(proposer.MAX_KEYWORD_LENGTH))
        now = self.clock.now()
        with session_scope(self.engine) as db:
            session = session_rows.active_session(
                db, chat_id=chat_id
            ) or session_rows.latest_session(db, chat_id=chat_id)
            if session is None:
                raise Refusal(keyword_texts.KEYWORDS_NEED_SESSION)
            if session.status == SessionStatus.RUNNING:
                step = session.current_step
            elif session.status == SessionStatus.GATHERING:
                raise Refusal(help_texts.NOT_STARTED_YET)
            else:
                step = session.current_step or len(self.deck.steps)
            remember(db, by, now=now)
            poster_rows.add_keyword(
                db,
                session_id=session.id,
                step=step,
                text=word,
                proposed=False,
                added_by=by.id,
                now=now,
            )
            send(
                db,
                session,
                Kind(Family.KEYWORD_ADDED),
                keyword_texts.keyword_added(word, step),
                now=now,
                reply_to=message_id,
                session_id=session.id,
            )
            return self._view(db, session, step)

    def toggle(self, press: Press, button: ToggleKeyword) -> ButtonReply:
        with session_scope(self.engine) as db:
            keyword = db.get(Keyword, button.keyword_id)
            session = db.get(WorkSession, keyword.session_id) if keyword else None
            if keyword is None or session is None or session.chat_id != press.chat_id:
                raise Refusal(help_texts.UNKNOWN_BUTTON)
            policy.require(
                db, Act.KEEP_KEYWORD, chat_id=press.chat_id, user_id=press.who.id, session=session
            )
            keyword.kept = not keyword.kept
            db.add(keyword)
            db.flush()
            text, markup = self._message(db, session, keyword.step)
            return keyword_texts.keyword_toggled(keyword.text, keyword.kept), (
                MessageView(press.chat_id, press.message_id, text, markup),
            )
