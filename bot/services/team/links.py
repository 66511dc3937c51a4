"""A team larger than seven, split into linked sub-groups (the manual: "Is de groep groter?
Splits deze dan ... de bevindingen terugkoppelen").

/koppel hands the chair a code; the chair of another group types /koppel <code> there and
the two groups are linked. Each keeps its own chair, clock, answers and documents; only
conclusions travel (kept steekwoorden, mark counts, actions): in /terugkoppeling, when the
last linked session ends, in the team's combined poster and in one line of the team-meeting
brief. /ontkoppel (either chair) ends it.

Stored with its messages (the outbox) in one transaction; no Telegram here.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.clock import Clock
from bot.core.documents.summary import pack
from bot.core.team.feedback import Counted, Feedback, Subgroup, SubgroupState, TeamAction, combine
from bot.core.team.policy import Act
from bot.services.common import (
    Chat,
    Person,
    Refusal,
    heavy_request,
    member_names,
    send,
)
from bot.services.documents.exports import ExportService
from bot.services.documents.summaries import SummaryService
from bot.services.events import SessionFinished
from bot.services.session.marks import ACTIVITIES, ALREADY, COMPETENCES, NEW
from bot.services.team import policy
from bot.texts.session import boards as board_texts
from bot.texts.team import links as link_texts
from prompts import Deck
from storage.db import session_scope
from storage.models import WorkSession
from storage.repo import actions as action_rows
from storage.repo import groups as group_rows
from storage.repo import links as link_rows
from storage.repo import sessions as session_rows
from storage.values import ActionStatus, Family, Kind, Priority, SessionStatus

CODE_VALID = timedelta(days=1)
# Letters and digits that cannot be mistaken for each other when read aloud or copied from a
# phone (no 0/O, 1/I/L), in two groups of three: "K7P-2QX".
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
STATES = {
    SessionStatus.GATHERING: SubgroupState.GATHERING,
    SessionStatus.RUNNING: SubgroupState.RUNNING,
    SessionStatus.FINISHED: SubgroupState.DONE,
    SessionStatus.STOPPED: SubgroupState.DONE,
}


def new_code() -> str:
    letters = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
    return f"{letters[:3]}-{letters[3:]}"


def normal_code(typed: str) -> str:
    """What a chair typed, as stored: "k7p 2qx", "K7P2QX" and "K7P-2QX" are one code."""
    letters = "".join(ch for ch in typed.upper() if ch.isalnum())
    return f"{letters[:3]}-{letters[3:]}" if len(letters) == 6 else typed.strip().upper()


class LinkService:
    def __init__(
        self,
        *,
        engine: Engine,
        deck: Deck,
        clock: Clock,
        tz: ZoneInfo,
        summaries: SummaryService,
        exports: ExportService,
    ) -> None:
        self.engine = engine
        self.deck = deck
        self.clock = clock
        self.tz = tz
        self.summaries = summaries
        self.marks = summaries.marks
        self.exports = exports

    def _today(self) -> date:
        return self.clock.now().astimezone(self.tz).date()

    def _titles(self, db: Session, chat_ids: Sequence[int]) -> list[str]:
        found = group_rows.group_titles(db, chat_ids=list(chat_ids))
        return [found.get(chat_id) or link_texts.UNNAMED_GROUP for chat_id in chat_ids]

    def _chair_session(self, db: Session, chat_id: int, by: Person) -> WorkSession:
        """Linking and unlinking is the chair's: the chair of the group's latest session."""
        session = session_rows.latest_session(db, chat_id=chat_id)
        if session is None:
            raise Refusal(link_texts.LINK_NEEDS_SESSION)
        policy.require(db, Act.CHANGE_SETTING, chat_id=chat_id, user_id=by.id, session=session)
        return session

    # --- /koppel and /ontkoppel --------------------------------------------------------

    def link_command(
        self,
        *,
        chat_id: int,
        thread_id: int | None,
        title: str | None,
        by: Person,
        args: str,
        message_id: int,
    ) -> None:
        """/koppel: a new code for the chair; /koppel <code>: link with the code's group."""
        with session_scope(self.engine) as db:
            self._chair_session(db, chat_id, by)
            now = self.clock.now()
            if title:
                # The other group is told this group's name.
                group_rows.upsert_group(db, chat_id=chat_id, title=title, now=now)
            place = Chat(chat_id, thread_id)
            if not args.strip():
                code = new_code()
                while link_rows.link_code(db, code=code) is not None:
                    code = new_code()
                link_rows.prune_link_codes(db, before=now)
                link_rows.add_link_code(
                    db,
                    code=code,
                    chat_id=chat_id,
                    created_by=by.id,
                    now=now,
                    expires_at=now + CODE_VALID,
                )
                text = link_texts.link_code_made(code, round(CODE_VALID.total_seconds() / 3600))
                send(db, place, Kind(Family.LINK), text, now=now, reply_to=message_id)
                return
            row = link_rows.link_code(db, code=normal_code(args))
            if row is None:
                raise Refusal(link_texts.CODE_UNKNOWN)
            if row.chat_id == chat_id:
                raise Refusal(link_texts.CODE_OWN_GROUP)
            if row.used_at is not None:
                raise Refusal(link_texts.CODE_USED)
            if row.expires_at <= now:
                raise Refusal(link_texts.CODE_EXPIRED)
            ours = link_rows.group_link(db, chat_id=chat_id)
            theirs = link_rows.group_link(db, chat_id=row.chat_id)
            team_id = theirs.team_id if theirs else row.chat_id
            if ours is not None:
                others = [c for c in link_rows.linked_chat_ids(db, chat_id=chat_id) if c != chat_id]
                if ours.team_id == team_id:
                    raise Refusal(link_texts.already_linked(self._titles(db, others)))
                raise Refusal(link_texts.linked_elsewhere(self._titles(db, others)))
            row.used_at = now
            row.used_by_chat = chat_id
            db.add(row)
            if theirs is None:
                link_rows.link_group(
                    db, chat_id=row.chat_id, team_id=team_id, by=row.created_by, now=row.created_at
                )
            link_rows.link_group(db, chat_id=chat_id, team_id=team_id, by=by.id, now=now)
            self._tell_team(db, link_rows.linked_chat_ids(db, chat_id=chat_id), link_texts.linked)

    def unlink_command(self, *, chat_id: int, by: Person) -> None:
        """/ontkoppel: this group leaves its team; a team of one is no team."""
        with session_scope(self.engine) as db:
            self._chair_session(db, chat_id, by)
            linked = link_rows.linked_chat_ids(db, chat_id=chat_id)
            if not linked:
                raise Refusal(link_texts.NOT_LINKED)
            remaining = [c for c in linked if c != chat_id]
            link_rows.unlink_group(db, chat_id=chat_id)
            if len(remaining) == 1:
                link_rows.unlink_group(db, chat_id=remaining[0])
            titles = dict(zip(linked, self._titles(db, linked), strict=True))
            now = self.clock.now()
            for group in linked:
                others = [titles[c] for c in (remaining if group == chat_id else [chat_id])]
                text = link_texts.unlinked(others)
                send(db, self._place(db, group), Kind(Family.LINK), text, now=now)

    def _place(self, db: Session, chat_id: int) -> Chat:
        # Where the group's sessions run (a forum topic), or the group itself.
        session = session_rows.latest_session(db, chat_id=chat_id)
        return Chat(chat_id, session.thread_id if session else None)

    def _tell_team(self, db: Session, chat_ids: Sequence[int], words) -> None:
        titles = dict(zip(chat_ids, self._titles(db, chat_ids), strict=True))
        for chat_id in chat_ids:
            others = [titles[c] for c in chat_ids if c != chat_id]
            send(
                db, self._place(db, chat_id), Kind(Family.LINK), words(others), now=self.clock.now()
            )

    # --- the terugkoppeling ------------------------------------------------------------

    def _counted(self, db: Session, session: WorkSession, board: str) -> tuple[Counted, ...]:
        kind = COMPETENCES if board == COMPETENCES else ACTIVITIES
        return tuple(
            Counted(
                label=ranked.label,
                area=self.marks.group_label(kind, ranked.group)
                if kind == COMPETENCES
                else ranked.group,
                count=ranked.count,
            )
            for ranked in self.marks.ranked(db, session, board)
            if ranked.count
        )

    def _subgroup(self, db: Session, chat_id: int, title: str) -> Subgroup:
        session = session_rows.latest_session(db, chat_id=chat_id)
        if session is None:
            return Subgroup(title=title, state=SubgroupState.NO_SESSION)
        actions = [
            a
            for a in action_rows.group_actions(db, chat_id=chat_id, session_id=session.id)
            if a.status != ActionStatus.DELETED
        ]
        owners = member_names(db, [a.owner_id for a in actions if a.owner_id])
        return Subgroup(
            title=title,
            state=STATES[session.status],
            keywords={
                step.number: words
                for step in self.deck.steps
                if (words := tuple(self.summaries.keywords.kept(db, session, step.number)))
            },
            competences=self._counted(db, session, COMPETENCES),
            activities_current=self._counted(db, session, ALREADY),
            activities_new=self._counted(db, session, NEW),
            actions=tuple(
                TeamAction(
                    number=a.number,
                    what=a.text,
                    owner=owners.get(a.owner_id) if a.owner_id else None,
                    deadline=a.deadline,
                    done=a.status == ActionStatus.DONE,
                )
                for a in actions
            ),
        )

    def feedback(self, db: Session, chat_id: int) -> Feedback | None:
        """The team's conclusions brought together; None for a group linked with none."""
        linked = link_rows.linked_chat_ids(db, chat_id=chat_id)
        if not linked:
            return None
        subgroups = [
            self._subgroup(db, group, title)
            for group, title in zip(linked, self._titles(db, linked), strict=True)
        ]
        return combine(subgroups, today=self._today())

    def _queue_feedback(
        self,
        db: Session,
        place: Chat,
        feedback: Feedback,
        *,
        priority: Priority,
        reply_to: int | None = None,
        request_key: str | None = None,
    ) -> None:
        blocks = link_texts.feedback_blocks(
            feedback, today=self._today(), where=board_texts.WHERE_LABELS
        )
        for text in pack(blocks):
            send(
                db,
                place,
                Kind(Family.FEEDBACK),
                text,
                now=self.clock.now(),
                reply_to=reply_to,
                priority=priority,
                request_key=request_key,
            )
        self.exports.queue_team_poster(
            db, place, place.chat_id, priority=priority, request_key=request_key
        )

    def feedback_command(
        self, *, chat_id: int, thread_id: int | None, by: Person, message_id: int
    ) -> None:
        """/terugkoppeling: the team's conclusions so far, in this group (a poster comes
        with it: once per member in a short while, like /poster)."""
        with session_scope(self.engine) as db:
            feedback = self.feedback(db, chat_id)
            if feedback is None:
                raise Refusal(link_texts.NOT_LINKED)
            key = heavy_request(
                db, chat_id=chat_id, who=by, command="terugkoppeling", now=self.clock.now()
            )
            self._queue_feedback(
                db,
                Chat(chat_id, thread_id),
                feedback,
                priority=Priority.ANSWER,
                reply_to=message_id,
                request_key=key,
            )

    def poster(self, *, chat_id: int, thread_id: int | None, by: Person, args: str) -> None:
        """/poster: in a linked group the whole team's poster, /poster eigen the group's own."""
        own = args.strip().lower() in link_texts.OWN_POSTER_WORDS
        with session_scope(self.engine) as db:
            if not own and link_rows.group_link(db, chat_id=chat_id) is not None:
                now = self.clock.now()
                key = heavy_request(db, chat_id=chat_id, who=by, command="poster", now=now)
                place = Chat(chat_id, thread_id)
                if self.exports.queue_team_poster(
                    db, place, chat_id, priority=Priority.ANSWER, request_key=key
                ):
                    return
        self.exports.poster(chat_id=chat_id, thread_id=thread_id, by=by)

    def session_finished(self, finished: SessionFinished) -> None:
        """When the last linked session ends, every linked group gets the terugkoppeling
        (in the same transaction as the end of the session: it comes once), after the
        session's poster."""
        db, session = finished.db, finished.session
        feedback = self.feedback(db, session.chat_id)
        if feedback is None or not feedback.all_done:
            return
        for chat_id in link_rows.linked_chat_ids(db, chat_id=session.chat_id):
            self._queue_feedback(db, self._place(db, chat_id), feedback, priority=Priority.SESSION)

    def brief_line(self, db: Session, chat_id: int) -> str | None:
        """The other sub-groups' open actions, counted, for this group's team-meeting brief
        (only their action rows are read: the brief needs no marks or steekwoorden)."""
        others = [c for c in link_rows.linked_chat_ids(db, chat_id=chat_id) if c != chat_id]
        if not others:
            return None
        today = self._today()
        counts = []
        for other, title in zip(others, self._titles(db, others), strict=True):
            open_actions = [
                a
                for a in action_rows.group_actions(db, chat_id=other)
                if a.status == ActionStatus.OPEN
            ]
            late = sum(1 for a in open_actions if a.deadline < today)
            counts.append((title, len(open_actions), late))
        return link_texts.brief_linked_line(counts)
