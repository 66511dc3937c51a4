"""The session's summary, which is also the chair's brief for the team meeting: the action
plan first (what is done, open, late, what changed, what needs a decision), then the answers
per step. Shown at the end of a session, on /samenvatting and before each team meeting.

Stored with its messages (the outbox) in one transaction; no Telegram here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot import texts
from bot.clock import Clock
from bot.core import brief
from bot.core.deadlines import format_date_nl
from bot.core.summary import AnsweredQuestion, SessionSummary, StepSummary, pack, visible_length
from bot.services.action_view import action_item
from bot.services.common import Chat, Place, Refusal, member_names, send
from bot.services.documents.attachments import attachment
from bot.services.marks import NEW, MarkService
from prompts import Deck
from storage import repo
from storage.db import session_scope
from storage.models import Answer, SummaryMark, WorkSession
from storage.values import Family, Kind


@dataclass(frozen=True)
class SummaryReply:
    messages: tuple[str, ...]
    # (file name, caption, outbox attachment): the whole summary as PDF and .docx
    documents: tuple[tuple[str, str, dict], ...] = ()

    def queue(
        self,
        db: Session,
        place: Place,
        *,
        kind: Kind,
        document_kind: Kind,
        now: datetime,
        reply_to: int | None = None,
        session_id: int | None = None,
    ) -> None:
        """The summary's messages, and its files when it is too long for them, to `place`."""
        for text in self.messages:
            send(db, place, kind, text, now=now, reply_to=reply_to, session_id=session_id)
        for name, caption, file in self.documents:
            send(
                db,
                place,
                document_kind,
                caption,
                now=now,
                reply_to=reply_to,
                document_name=name,
                attachment=file,
                session_id=session_id,
            )


class SummaryService:
    def __init__(
        self, *, engine: Engine, deck: Deck, clock: Clock, tz: ZoneInfo, marks: MarkService
    ) -> None:
        self.engine = engine
        self.deck = deck
        self.clock = clock
        self.tz = tz
        self.marks = marks

    def samenvatting(self, *, chat_id: int, thread_id: int | None, message_id: int) -> None:
        """/samenvatting: the latest session's summary, as replies to the command."""
        with session_scope(self.engine) as db:
            session = repo.latest_session(db, chat_id=chat_id)
            if session is None:
                raise Refusal(texts.NO_SESSION_EVER)
            self.compose(db, session).queue(
                db,
                Chat(chat_id, thread_id),
                kind=Kind(Family.SUMMARY),
                document_kind=Kind(Family.SUMMARY_DOCUMENT),
                now=self.clock.now(),
                reply_to=message_id,
                session_id=session.id,
            )

    def _day(self, session: WorkSession):
        return (session.started_at or session.created_at).astimezone(self.tz).date()

    def data(self, db: Session, session: WorkSession) -> SessionSummary:
        """Every answer per step and question, with names, and the marks."""
        all_answers = repo.answers(db, session_id=session.id)
        participant_ids = repo.participant_ids(db, session_id=session.id)
        names = member_names(
            db, sorted({session.chair_id, *participant_ids, *(a.user_id for a in all_answers)})
        )
        by_question: dict[int | None, list[Answer]] = {}
        for answer in all_answers:
            by_question.setdefault(answer.question_id, []).append(answer)
        questions = repo.questions(db, session_id=session.id)
        steps = []
        for step in self.deck.steps:
            answered = [
                AnsweredQuestion(
                    question=question.text,
                    answers=tuple((names[a.user_id], a.text) for a in by_question[question.id]),
                )
                for question in questions
                if question.step == step.number and by_question.get(question.id)
            ]
            marked = [
                (texts.BOARD_HEADINGS[board], self.marks.marked(db, session, board))
                for board in self.marks.boards(step)
            ]
            steps.append(
                StepSummary(
                    number=step.number,
                    title=step.title,
                    central_question=step.central_question,
                    questions=tuple(answered),
                    marks=tuple((heading, tuple(counts)) for heading, counts in marked if counts),
                )
            )
        return SessionSummary(
            heading=texts.session_of(format_date_nl(self._day(session))),
            chair=names[session.chair_id],
            participants=tuple(names[i] for i in participant_ids),
            steps=tuple(steps),
        )

    def compose(self, db: Session, session: WorkSession) -> SummaryReply:
        """The summary with the brief in front. Remembers what it showed, so the next one
        can tell what changed."""
        now = self.clock.now()
        today = now.astimezone(self.tz).date()
        actions = repo.group_actions(
            db, chat_id=session.chat_id, session_id=session.id, open_from_earlier=True
        )
        owners = member_names(db, sorted({a.owner_id for a in actions if a.owner_id}))
        items = [
            action_item(a, owner=owners.get(a.owner_id) if a.owner_id else None) for a in actions
        ]
        previous = db.get(SummaryMark, session.chat_id)
        data = replace(
            self.data(db, session),
            front_sections=texts.brief_sections(
                brief.brief(
                    items,
                    today,
                    chosen_activities=self.marks.marked(db, session, NEW),
                    previous=previous.action_states if previous else None,
                    previous_on=previous.posted_at.astimezone(self.tz).date() if previous else None,
                )
            ),
        )
        repo.save_summary_mark(
            db, chat_id=session.chat_id, states=brief.snapshot(items, today), now=now
        )
        blocks = texts.html_blocks(data)
        whole = "\n\n".join(blocks)
        if visible_length(whole) <= texts.MAX_MESSAGE:
            return SummaryReply(messages=(whole,))
        overview = blocks[: 1 + len(data.front_sections)]
        day = self._day(session)
        return SummaryReply(
            messages=tuple(pack([*overview, texts.SUMMARY_AS_DOCUMENT])),
            documents=(
                (
                    texts.summary_file_name(day, "pdf"),
                    texts.SUMMARY_PDF_CAPTION,
                    attachment("summary_pdf", data),
                ),
                (
                    texts.summary_file_name(day, "docx"),
                    texts.SUMMARY_DOCX_CAPTION,
                    attachment("summary_docx", data),
                ),
            ),
        )
