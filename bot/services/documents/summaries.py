"""The session's summary, which is also the chair's brief for the team meeting: the action
plan first (what is done, open, late, what changed, what needs a decision), then the answers
per step with the marks and steekwoorden, and the plan per leerjaar. Shown at the end of a
session, on /samenvatting and before each team meeting.

`record` gives what the session put on the poster as plain data (steekwoorden per step, the
competences by component, the activities, the plan per leerjaar), for anything else that
shows it (the poster).

Stored with its messages (the outbox) in one transaction; no Telegram here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.clock import Clock
from bot.core.actions import brief, leerjaar_plan
from bot.core.actions.brief import ActionItem
from bot.core.documents.summary import (
    AnsweredQuestion,
    SessionSummary,
    StepSummary,
    pack,
    visible_length,
)
from bot.core.domain import Leerjaar, Need
from bot.core.session.ranking import Ranked
from bot.services.actions.view import action_item
from bot.services.common import Chat, Person, Place, Refusal, heavy_request, member_names, send
from bot.services.documents.attachments import reference
from bot.services.session.keywords import KeywordService
from bot.services.session.marks import ACTIVITIES, ALREADY, COMPETENCES, NEW, MarkService
from bot.texts import formatting
from bot.texts import help as help_texts
from bot.texts.actions import actions as action_texts
from bot.texts.actions import brief as brief_texts
from bot.texts.actions import plan as plan_texts
from bot.texts.calendar.dates import format_date_nl
from bot.texts.documents import exports as export_texts
from bot.texts.documents import summary as summary_texts
from bot.texts.session import marks as mark_texts
from bot.texts.session import session as session_texts
from prompts import Deck
from storage.db import session_scope
from storage.models import Action, Answer, SummaryMark, WorkSession
from storage.repo import actions as action_rows
from storage.repo import sessions as session_rows
from storage.values import Family, Kind, Priority


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
        priority: Priority | None = None,
        request_key: str | None = None,
    ) -> None:
        """The summary's messages, and its files when it is too long for them, to `place`."""
        for text in self.messages:
            send(
                db,
                place,
                kind,
                text,
                now=now,
                reply_to=reply_to,
                session_id=session_id,
                priority=priority,
                request_key=request_key,
            )
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
                priority=priority,
                request_key=request_key,
            )


@dataclass(frozen=True)
class MarkedItem:
    """An item on a board with the members who marked it."""

    label: str
    group: str  # the component's label, or where the activity happens
    count: int
    who: tuple[str, ...]
    fits: bool = False  # an activity that fits the team's competences


@dataclass(frozen=True)
class SessionRecord:
    """What a session put on the poster, as plain data."""

    session_id: int
    day: date
    chair: str
    participants: tuple[str, ...]
    # step number -> the kept steekwoorden, in the order they came
    keywords: dict[int, tuple[str, ...]]
    # (component label, its marked competences, most marked first), all components in order
    competences: tuple[tuple[str, tuple[MarkedItem, ...]], ...]
    # the competences by marks, most first: the team's choice in step 3
    ranking: tuple[MarkedItem, ...]
    activities_done: tuple[MarkedItem, ...]  # "doen we al"
    activities_interesting: tuple[MarkedItem, ...]  # "lijkt ons interessant"
    plan: leerjaar_plan.LeerjaarPlan


class SummaryService:
    def __init__(
        self,
        *,
        engine: Engine,
        deck: Deck,
        clock: Clock,
        tz: ZoneInfo,
        marks: MarkService,
        keywords: KeywordService,
    ) -> None:
        self.engine = engine
        self.deck = deck
        self.clock = clock
        self.tz = tz
        self.marks = marks
        self.keywords = keywords

    # --- what the session put on the poster --------------------------------------------

    def latest_record(self, *, chat_id: int) -> SessionRecord | None:
        """The group's latest session as plain data; None before its first session."""
        with session_scope(self.engine) as db:
            session = session_rows.latest_session(db, chat_id=chat_id)
            return self.record(db, session) if session else None

    def record(self, db: Session, session: WorkSession) -> SessionRecord:
        participant_ids = session_rows.participant_ids(db, session_id=session.id)
        names = member_names(db, [session.chair_id, *participant_ids])
        ranking = self.marks.ranking(db, session)
        fitting = {p.item.key for p in self.marks.placed_activities(db, session) if p.fits}

        def items(ranked: list[Ranked], kind: str) -> tuple[MarkedItem, ...]:
            return tuple(
                MarkedItem(
                    label=r.label,
                    group=self.marks.group_label(kind, r.group),
                    count=r.count,
                    who=r.who,
                    fits=kind == ACTIVITIES and r.key in fitting,
                )
                for r in ranked
            )

        ranked_competences = items(ranking, COMPETENCES)
        return SessionRecord(
            session_id=session.id,
            day=self._day(session),
            chair=names[session.chair_id],
            participants=tuple(names[i] for i in participant_ids),
            keywords={
                step.number: tuple(self.keywords.kept(db, session, step.number))
                for step in self.deck.steps
            },
            competences=tuple(
                (label, tuple(i for i in ranked_competences if i.group == label))
                for _, label in self.marks.groups(COMPETENCES)
            ),
            ranking=ranked_competences,
            activities_done=items(self.marks.ranked(db, session, ALREADY), ACTIVITIES),
            activities_interesting=items(self.marks.ranked(db, session, NEW), ACTIVITIES),
            plan=self.plan(db, session),
        )

    def plan(self, db: Session, session: WorkSession) -> leerjaar_plan.LeerjaarPlan:
        """The session's actions (and the group's own from before) per leerjaar, with the
        activities found interesting that no action took up yet."""
        actions = action_rows.group_actions(
            db, chat_id=session.chat_id, session_id=session.id, with_groupless=True
        )
        owners = member_names(db, [a.owner_id for a in actions if a.owner_id])
        return leerjaar_plan.build(
            [self._planned(a, owners.get(a.owner_id) if a.owner_id else None) for a in actions],
            interesting=[label for label, _ in self.marks.marked(db, session, NEW)],
            leerjaar_order=list(Leerjaar),
            need_order=list(Need),
        )

    @staticmethod
    def _planned(action: Action, owner: str | None) -> leerjaar_plan.PlannedAction:
        return leerjaar_plan.PlannedAction(
            number=action.number,
            text=action.text,
            owner=owner,
            leerjaar=action.leerjaar,
            activity=action.activity,
            needs=tuple(action.needs or ()),
            needs_note=action.needs_note,
        )

    def plan_text(self, db: Session, session: WorkSession) -> str:
        """The plan per leerjaar as posted at the end of step 5."""
        plan = self.plan(db, session)
        return plan_texts.plan_per_leerjaar(
            [
                (
                    block.leerjaar,
                    block.activities,
                    [plan_texts.plan_action_line(a.number, a.text, a.owner) for a in block.actions],
                    plan_texts.need_labels(block.needs, block.notes),
                )
                for block in plan.blocks
            ],
            open_activities=plan.open_activities,
        )

    def plan_lines(self, db: Session, session: WorkSession) -> tuple[str, ...]:
        """The plan per leerjaar as plain lines, for the summary."""
        plan = self.plan(db, session)
        lines: list[str] = []
        for block in plan.blocks:
            heading = (
                action_texts.leerjaar_label(block.leerjaar)
                if block.leerjaar
                else plan_texts.NO_LEERJAAR
            )
            activities = (
                f" · activiteiten: {', '.join(block.activities)}" if block.activities else ""
            )
            lines.append(f"{heading}{activities}")
            lines += [f"  #{a.number} {' '.join(a.text.split())}" for a in block.actions]
            needs = plan_texts.need_labels(block.needs, block.notes)
            if needs:
                lines.append(f"  nodig: {', '.join(needs)}")
        if plan.open_activities:
            lines.append(f"{plan_texts.OPEN_ACTIVITIES}: {', '.join(plan.open_activities)}")
        return tuple(lines)

    def samenvatting(
        self, *, chat_id: int, thread_id: int | None, message_id: int, by: Person
    ) -> None:
        """/samenvatting: the latest session's summary, as replies to the command; once
        per member in a short while."""
        with session_scope(self.engine) as db:
            session = session_rows.latest_session(db, chat_id=chat_id)
            if session is None:
                raise Refusal(help_texts.NO_SESSION_EVER)
            key = heavy_request(
                db, chat_id=chat_id, who=by, command="samenvatting", now=self.clock.now()
            )
            self.compose(db, session).queue(
                db,
                Chat(chat_id, thread_id),
                kind=Kind(Family.SUMMARY),
                document_kind=Kind(Family.SUMMARY_DOCUMENT),
                now=self.clock.now(),
                reply_to=message_id,
                session_id=session.id,
                priority=Priority.ANSWER,
                request_key=key,
            )

    def _day(self, session: WorkSession):
        return (session.started_at or session.created_at).astimezone(self.tz).date()

    def data(self, db: Session, session: WorkSession) -> SessionSummary:
        """Every answer per step and question, with names, and the marks."""
        all_answers = session_rows.answers(db, session_id=session.id)
        participant_ids = session_rows.participant_ids(db, session_id=session.id)
        names = member_names(
            db, sorted({session.chair_id, *participant_ids, *(a.user_id for a in all_answers)})
        )
        by_question: dict[int | None, list[Answer]] = {}
        for answer in all_answers:
            by_question.setdefault(answer.question_id, []).append(answer)
        questions = session_rows.questions(db, session_id=session.id)
        steps = []
        for step in self.deck.steps:
            answered = [
                AnsweredQuestion(
                    question="" if question.text == step.central_question else question.text,
                    answers=tuple((names[a.user_id], a.text) for a in by_question[question.id]),
                )
                for question in questions
                if question.step == step.number and by_question.get(question.id)
            ]
            steps.append(
                StepSummary(
                    number=step.number,
                    title=step.title,
                    central_question=step.central_question,
                    questions=tuple(answered),
                    marks=self._marks(db, session, step),
                    keywords=tuple(self.keywords.kept(db, session, step.number)),
                )
            )
        plan = self.plan_lines(db, session)
        materials = tuple(export_texts.resource_line(r) for r in self.deck.resources)
        return SessionSummary(
            heading=session_texts.session_of(format_date_nl(self._day(session))),
            chair=names[session.chair_id],
            participants=tuple(names[i] for i in participant_ids),
            steps=tuple(steps),
            extra_sections=(
                *(((plan_texts.PLAN_HEADING, plan),) if plan else ()),
                *(((export_texts.RESOURCES_HEADING, materials),) if materials else ()),
            ),
        )

    def _marks(self, db: Session, session: WorkSession, step) -> tuple:
        """The step's marks: competences per component of the model, activities per mark
        and where."""
        sections: list[tuple[str, tuple[tuple[str, int], ...]]] = []
        for board in self.marks.boards(step):
            ranked = self.marks.ranked(db, session, board)
            kind = COMPETENCES if board == COMPETENCES else ACTIVITIES
            for group, label in self.marks.groups(kind):
                counts = tuple((r.label, r.count) for r in ranked if r.group == group)
                if counts:
                    heading = (
                        label
                        if board == COMPETENCES
                        else f"{mark_texts.BOARD_HEADINGS[board]} · {label}"
                    )
                    sections.append((heading, counts))
        return tuple(sections)

    def compose(self, db: Session, session: WorkSession) -> SummaryReply:
        """The summary with the brief in front. Remembers what it showed, so the next one
        can tell what changed."""
        now = self.clock.now()
        previous = db.get(SummaryMark, session.chat_id)
        since = (
            {
                "states": previous.action_states,
                "on": previous.posted_at.astimezone(self.tz).date().isoformat(),
            }
            if previous
            else None
        )
        data, items = self._with_brief(db, session, since)
        session_rows.save_summary_mark(
            db,
            chat_id=session.chat_id,
            states=brief.snapshot(items, now.astimezone(self.tz).date()),
            now=now,
        )
        blocks = summary_texts.html_blocks(data)
        whole = "\n\n".join(blocks)
        if visible_length(whole) <= formatting.MAX_MESSAGE:
            return SummaryReply(messages=(whole,))
        overview = blocks[: 1 + len(data.front_sections)]
        day = self._day(session)
        return SummaryReply(
            messages=tuple(pack([*overview, session_texts.SUMMARY_AS_DOCUMENT])),
            documents=(
                (
                    session_texts.summary_file_name(day, "pdf"),
                    export_texts.SUMMARY_PDF_CAPTION,
                    reference("summary_pdf", session_id=session.id, since=since),
                ),
                (
                    session_texts.summary_file_name(day, "docx"),
                    export_texts.SUMMARY_DOCX_CAPTION,
                    reference("summary_docx", session_id=session.id, since=since),
                ),
            ),
        )

    def _with_brief(
        self, db: Session, session: WorkSession, since: dict | None
    ) -> tuple[SessionSummary, list[ActionItem]]:
        """The summary's content with the brief in front, compared with the summary shown
        before (`since`: its action states and day), and the actions it shows."""
        today = self.clock.now().astimezone(self.tz).date()
        actions = action_rows.group_actions(
            db,
            chat_id=session.chat_id,
            session_id=session.id,
            open_from_earlier=True,
            with_groupless=True,
        )
        owners = member_names(db, sorted({a.owner_id for a in actions if a.owner_id}))
        items = [
            action_item(a, owner=owners.get(a.owner_id) if a.owner_id else None) for a in actions
        ]
        data = replace(
            self.data(db, session),
            front_sections=brief_texts.brief_sections(
                brief.brief(
                    items,
                    today,
                    chosen_activities=self.marks.marked(db, session, NEW),
                    previous=since["states"] if since else None,
                    previous_on=date.fromisoformat(since["on"]) if since else None,
                )
            ),
        )
        return data, items

    def summary_document(self, db: Session, ref: dict) -> SessionSummary:
        """The long summary's content for its PDF or .docx, built when the file is sent
        (bot.services.documents.attachments: {"session_id", "since"})."""
        session = db.get(WorkSession, ref["session_id"])
        if session is None:
            raise LookupError(f"session {ref['session_id']} is gone")
        return self._with_brief(db, session, ref.get("since"))[0]
