"""What the team keeps: the poster, the session as documents, the actions for Excel and the
calendar. Each decision queues outbox rows whose attachment says which file to build from
which rows; delivery calls `build` when the row is sent (bot.services.documents.attachments).
/poster and /export go once per member in a short while (bot.core.requests)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.clock import Clock
from bot.core.documents.poster import MarkedItem, PosterAction, PosterResource, SessionFacts
from bot.core.documents.summary import SessionSummary
from bot.core.team.feedback import team_poster
from bot.core.team.policy import Act
from bot.services.actions.view import action_item
from bot.services.common import Chat, Person, Refusal, heavy_request, member_names, send
from bot.services.documents.attachments import BUILDS, CalendarData, reference, render_content
from bot.services.documents.calendar import CalendarAction, CalendarMeeting, group_link
from bot.services.documents.spreadsheet import ActionRow
from bot.services.documents.summaries import SummaryService
from bot.services.events import OutboxSettled, SessionFinished
from bot.services.session.marks import ALREADY, COMPETENCES, NEW, kind_of
from bot.services.team import policy
from bot.texts import help as help_texts
from bot.texts import requests as request_texts
from bot.texts.actions import actions as action_texts
from bot.texts.actions import brief as brief_texts
from bot.texts.documents import exports as export_texts
from bot.texts.team import links as link_texts
from prompts import Deck
from storage.db import session_scope
from storage.models import Action, TeamMeeting, WorkSession
from storage.repo import actions as action_rows
from storage.repo import groups as group_rows
from storage.repo import links as link_rows
from storage.repo import poster as poster_rows
from storage.repo import sessions as session_rows
from storage.values import ActionStatus, Family, Kind, OutboxStatus, Priority

STATUS_LABELS = {"open": "open", "done": "klaar"}


def owner_name(owners: dict[int, str], owner_id: int | None) -> str:
    return owners.get(owner_id, action_texts.NO_OWNER) if owner_id else action_texts.NO_OWNER


DEFAULT_TEAM = "Jullie team"


class ExportService:
    def __init__(
        self,
        *,
        engine: Engine,
        deck: Deck,
        clock: Clock,
        tz: ZoneInfo,
        summaries: SummaryService,
    ) -> None:
        self.engine = engine
        self.deck = deck
        self.clock = clock
        self.tz = tz
        self.summaries = summaries

    # --- gathering the content ---------------------------------------------------------

    def _team(self, db: Session, chat_id: int) -> str:
        return group_rows.group_titles(db, chat_ids=[chat_id]).get(chat_id) or DEFAULT_TEAM

    def _keywords(self, db: Session, session: WorkSession) -> dict[int, tuple[str, ...]]:
        """The steekwoorden the chair kept, per step; a step without any shows telling
        answers in their place."""
        kept = {
            step.number: tuple(self.summaries.keywords.kept(db, session, step.number))
            for step in self.deck.steps
        }
        return {number: words for number, words in kept.items() if words}

    def _marked(
        self, db: Session, session: WorkSession, board: str, *, every: bool = False
    ) -> tuple[MarkedItem, ...]:
        """The board's items, the deck's and the team's own, with their marks; only the
        marked ones unless `every` (the model shows every competence)."""
        marks = self.summaries.marks
        who = marks.who_marked(db, session, board)
        kind = kind_of(board)
        return tuple(
            MarkedItem(
                item.label,
                len(who.get(item.key, ())),
                marks.group_label(kind, item.group) if kind == COMPETENCES else item.group,
                own=item.key.startswith(poster_rows.OWN_PREFIX),
            )
            for item in marks.items(db, session, kind)
            if every or who.get(item.key)
        )

    def _resources(self) -> dict[int, tuple[PosterResource, ...]]:
        """Per step Nuffic's materials (the deck's hulpbronnen), with their address or where
        to find them."""
        return {
            step.number: tuple(
                PosterResource(
                    title=r.title,
                    url=r.url,
                    find=None if r.url else export_texts.find_on(r),
                )
                for r in step.resources
                if r.nuffic
            )
            for step in self.deck.steps
        }

    def _owner_names(self, db: Session, actions: Sequence[Action]) -> dict[int, str]:
        return member_names(db, sorted({a.owner_id for a in actions if a.owner_id}))

    def _session_actions(self, db: Session, session: WorkSession) -> Sequence[Action]:
        return action_rows.group_actions(db, chat_id=session.chat_id, session_id=session.id)

    def session_facts(self, db: Session, session: WorkSession) -> SessionFacts:
        """What the poster shows. No answers and no names but the actions' owners: the
        poster hangs on the wall, the documents (/export) keep who said what."""
        actions = self._session_actions(db, session)
        owners = self._owner_names(db, actions)
        return SessionFacts(
            team=self._team(db, session.chat_id),
            day=(session.started_at or session.created_at).astimezone(self.tz).date(),
            participant_count=len(session_rows.participant_ids(db, session_id=session.id)),
            steps=tuple((s.number, s.title, s.central_question) for s in self.deck.steps),
            keywords=self._keywords(db, session),
            competence_areas=tuple(c.label for c in self.deck.components),
            competences=self._marked(db, session, COMPETENCES, every=True),
            activities_current=self._marked(db, session, ALREADY),
            activities_new=self._marked(db, session, NEW),
            actions=tuple(
                PosterAction(
                    owner=owner_name(owners, a.owner_id),
                    what=a.text,
                    deadline=a.deadline,
                    leerjaar=action_texts.leerjaar_label(a.leerjaar) if a.leerjaar else None,
                    needs=action_texts.needs_text(a.needs or (), a.needs_note) or None,
                    activity=a.activity,
                    done=a.status == ActionStatus.DONE,
                )
                for a in actions
            ),
            resources=self._resources(),
        )

    def session_document(self, db: Session, session: WorkSession) -> SessionSummary:
        """Every answer per step and question with names, the marks, keywords and actions."""
        actions = self._session_actions(db, session)
        owners = self._owner_names(db, actions)
        today = self.clock.now().astimezone(self.tz).date()
        lines = tuple(
            brief_texts.action_line(
                action_item(a, owner=owners.get(a.owner_id) if a.owner_id else None), today
            )
            for a in actions
        )
        keywords = self._keywords(db, session)
        extra = tuple(
            (f"{export_texts.KEYWORDS_HEADING} · stap {step}", words)
            for step, words in sorted(keywords.items())
            if words
        )
        data = self.summaries.data(db, session)
        return replace(
            data,
            front_sections=((export_texts.ACTIONS_HEADING, lines),) if lines else (),
            # The keywords first, then the summary's own: the plan and Nuffic's materials.
            extra_sections=(*extra, *data.extra_sections),
        )

    def _action_rows(self, actions: Sequence[Action], owners: dict[int, str]) -> list[ActionRow]:
        return [
            ActionRow(
                number=a.number,
                what=a.text,
                owner=owner_name(owners, a.owner_id),
                deadline=a.deadline,
                leerjaar=action_texts.leerjaar_label(a.leerjaar) if a.leerjaar else "",
                needs=action_texts.needs_text(a.needs or (), None),
                note=a.needs_note or "",
                status=STATUS_LABELS.get(a.status, a.status),
            )
            for a in actions
        ]

    def _calendar_actions(
        self, db: Session, actions: Sequence[Action], owners: dict[int, str]
    ) -> tuple[CalendarAction, ...]:
        titles = group_rows.group_titles(db, chat_ids=sorted({a.chat_id for a in actions}))
        return tuple(
            CalendarAction(
                chat_id=a.chat_id,
                number=a.number,
                what=a.text,
                owner=owner_name(owners, a.owner_id),
                deadline=a.deadline,
                needs=action_texts.needs_text(a.needs or (), a.needs_note) or None,
                group_title=titles.get(a.chat_id, DEFAULT_TEAM),
                group_link=group_link(a.chat_id),
            )
            for a in actions
            if a.status == ActionStatus.OPEN
        )

    def _meeting(self, db: Session, chat_id: int, title: str) -> tuple[CalendarMeeting, ...]:
        meeting = db.get(TeamMeeting, chat_id)
        if meeting is None or not meeting.active or meeting.next_at is None:
            return ()
        return (
            CalendarMeeting(
                chat_id=chat_id,
                group_title=title,
                first=meeting.next_at,
                every_weeks=meeting.every_weeks,
                group_link=group_link(chat_id),
            ),
        )

    # --- building files when they are sent ---------------------------------------------

    def build(self, attachment: dict) -> bytes:
        """The bytes of a file an outbox row refers to, from the database as it is now.
        Called by delivery in a thread (a read transaction, then the typesetter), never on
        the event loop. LookupError when its rows are gone."""
        with session_scope(self.engine) as db:
            content = self._content(db, attachment)
        return render_content(BUILDS[attachment["build"]], content)

    def _content(self, db: Session, ref: dict) -> object:
        build = ref["build"]
        if build.startswith("team_poster"):
            facts = self.team_poster_facts(db, ref["chat_id"])
            if facts is None:
                raise LookupError(f"group {ref['chat_id']} has no linked session")
            return facts
        if build in ("poster_png", "poster_pdf", "export_pdf", "export_docx"):
            session = db.get(WorkSession, ref["session_id"])
            if session is None:
                raise LookupError(f"session {ref['session_id']} is gone")
            if build.startswith("poster"):
                return self.session_facts(db, session)
            return self.session_document(db, session)
        if build in ("summary_pdf", "summary_docx"):
            return self.summaries.summary_document(db, ref)
        if build == "actions_csv":
            actions = action_rows.group_actions(db, chat_id=ref["chat_id"])
            return tuple(self._action_rows(actions, self._owner_names(db, actions)))
        if build == "actions_ics":
            chat_id = ref["chat_id"]
            title = self._team(db, chat_id)
            actions = action_rows.group_actions(db, chat_id=chat_id)
            return CalendarData(
                name=f"Acties {title}",
                tz=str(self.tz),
                stamp=self.clock.now(),
                actions=self._calendar_actions(db, actions, self._owner_names(db, actions)),
                meetings=self._meeting(db, chat_id, title),
            )
        if build == "my_actions_ics":
            actions = self._open_actions_of(db, ref["owner_id"])
            return CalendarData(
                name="Mijn acties",
                tz=str(self.tz),
                stamp=self.clock.now(),
                actions=self._calendar_actions(db, actions, self._owner_names(db, actions)),
            )
        raise LookupError(f"no such file to build: {build}")

    @staticmethod
    def _open_actions_of(db: Session, owner_id: int) -> list[Action]:
        # Only of the groups they are still in (the policy's rule for private data).
        return [
            a for a in policy.owned_actions_shown(db, owner_id) if a.status == ActionStatus.OPEN
        ]

    def file_settled(self, settled: OutboxSettled) -> bool:
        """A file that could not be made or sent (of any family) is named in its chat, in
        one sentence (the chat's other messages go all the same)."""
        row = settled.row
        if row.attachment is None or row.status != OutboxStatus.FAILED:
            return False
        send(
            settled.db,
            Chat(row.chat_id, row.thread_id),
            Kind(Family.REPLY),
            request_texts.file_not_made(row.document_name or ""),
            now=self.clock.now(),
            reply_to=row.reply_to_message_id,
            session_id=row.session_id,
        )
        return True

    # --- queueing files ----------------------------------------------------------------

    def _file(
        self,
        db: Session,
        *,
        chat_id: int,
        thread_id: int | None,
        kind: Kind,
        attachment: dict,
        name: str,
        caption: str,
        session_id: int | None = None,
        priority: Priority | None = None,
        request_key: str | None = None,
    ) -> None:
        send(
            db,
            Chat(chat_id, thread_id),
            kind,
            caption,
            now=self.clock.now(),
            document_name=name,
            attachment=attachment,
            session_id=session_id,
            priority=priority,
            request_key=request_key,
        )

    def _stamp(self, session: WorkSession) -> str:
        return (session.started_at or session.created_at).astimezone(self.tz).date().isoformat()

    def queue_poster(self, finished: SessionFinished) -> None:
        """The poster as a photo (to look at) and a PDF (to print), in the session's chat:
        the session's own wrap-up, after its closing summary."""
        session = finished.session
        self._queue_poster(
            finished.db, session, thread_id=session.thread_id, priority=Priority.SESSION
        )

    def _queue_poster(
        self,
        db: Session,
        session: WorkSession,
        *,
        thread_id: int | None,
        priority: Priority,
        request_key: str | None = None,
    ) -> None:
        self._queue_poster_files(
            db,
            Chat(session.chat_id, thread_id),
            build="poster",
            rows={"session_id": session.id},
            name=f"poster-{self._stamp(session)}",
            captions=(export_texts.POSTER_CAPTION, export_texts.POSTER_PDF_CAPTION),
            session_id=session.id,
            priority=priority,
            request_key=request_key,
        )

    def _queue_poster_files(
        self,
        db: Session,
        place: Chat,
        *,
        build: str,
        rows: dict,
        name: str,
        captions: tuple[str, str],
        priority: Priority | None,
        session_id: int | None = None,
        request_key: str | None = None,
    ) -> None:
        """A poster as a photo (to look at) and a PDF (to print), built when sent."""
        for extension, caption in zip(("png", "pdf"), captions, strict=True):
            self._file(
                db,
                chat_id=place.chat_id,
                thread_id=place.thread_id,
                kind=Kind(Family.POSTER, extension),
                attachment=reference(f"{build}_{extension}", **rows),
                name=f"{name}.{extension}",
                caption=caption,
                session_id=session_id,
                priority=priority,
                request_key=request_key,
            )

    # --- the whole team's poster (linked sub-groups, bot.services.team.links) ------------------

    def team_poster_facts(self, db: Session, chat_id: int) -> SessionFacts | None:
        """Every linked group's poster on one sheet; None before any of them began."""
        linked = link_rows.linked_chat_ids(db, chat_id=chat_id)
        titles = group_rows.group_titles(db, chat_ids=linked)
        per_group = [
            (titles.get(group) or DEFAULT_TEAM, self.session_facts(db, session))
            for group in linked
            if (session := session_rows.latest_session(db, chat_id=group)) and session.started_at
        ]
        if not per_group:
            return None
        return team_poster(
            per_group,
            team=link_texts.titles_plain([title for title, _ in per_group]),
            day=self.clock.now().astimezone(self.tz).date(),
            owner_in=link_texts.OWNER_IN_GROUP,
        )

    def queue_team_poster(
        self,
        db: Session,
        place: Chat,
        chat_id: int,
        *,
        priority: Priority,
        request_key: str | None = None,
    ) -> bool:
        """The whole team's poster in `place`; False when no linked group began a session."""
        if self.team_poster_facts(db, chat_id) is None:
            return False
        today = self.clock.now().astimezone(self.tz).date()
        self._queue_poster_files(
            db,
            place,
            build="team_poster",
            rows={"chat_id": chat_id},
            name=f"poster-team-{today.isoformat()}",
            captions=(link_texts.TEAM_POSTER_CAPTION, link_texts.TEAM_POSTER_PDF_CAPTION),
            priority=priority,
            request_key=request_key,
        )
        return True

    def poster(self, *, chat_id: int, thread_id: int | None, by: Person) -> None:
        """/poster: anyone, any time after the group's latest session started; once per
        member in a short while."""
        with session_scope(self.engine) as db:
            session = session_rows.latest_session(db, chat_id=chat_id)
            if session is None:
                raise Refusal(help_texts.NO_SESSION_EVER)
            if session.started_at is None:
                raise Refusal(export_texts.POSTER_NOT_YET)
            key = heavy_request(db, chat_id=chat_id, who=by, command="poster", now=self.clock.now())
            # Where it was asked for (a forum topic), not necessarily where the session ran.
            self._queue_poster(
                db, session, thread_id=thread_id, priority=Priority.ANSWER, request_key=key
            )

    def _queue_export(
        self,
        db: Session,
        session: WorkSession,
        *,
        chat_id: int,
        thread_id: int | None,
        request_key: str,
    ) -> None:
        title = self._team(db, session.chat_id)
        day = self._stamp(session)
        send(
            db,
            Chat(chat_id, thread_id),
            Kind(Family.EXPORT),
            export_texts.export_intro(title),
            now=self.clock.now(),
            session_id=session.id,
            request_key=request_key,
        )
        files = (
            ("export_pdf", "pdf", f"werksessie-{day}.pdf", export_texts.EXPORT_PDF_CAPTION),
            ("export_docx", "docx", f"werksessie-{day}.docx", export_texts.EXPORT_DOCX_CAPTION),
            ("actions_csv", "csv", f"acties-{day}.csv", export_texts.EXPORT_CSV_CAPTION),
            ("actions_ics", "ics", f"acties-{day}.ics", export_texts.EXPORT_ICS_CAPTION),
        )
        for build, extension, name, caption in files:
            whole = build.startswith("export")
            ids = {"session_id": session.id} if whole else {"chat_id": session.chat_id}
            self._file(
                db,
                chat_id=chat_id,
                thread_id=thread_id,
                session_id=session.id,
                kind=Kind(Family.EXPORT, extension),
                attachment=reference(build, **ids),
                name=name,
                caption=caption,
                request_key=request_key,
            )

    def export_group(self, *, chat_id: int, thread_id: int | None, by: Person) -> None:
        """/export in a group: the chair of the group's latest session."""
        with session_scope(self.engine) as db:
            session = session_rows.latest_session(db, chat_id=chat_id)
            if session is None:
                raise Refusal(help_texts.NO_SESSION_EVER)
            policy.require(db, Act.EXPORT_GROUP, chat_id=chat_id, user_id=by.id, session=session)
            key = heavy_request(db, chat_id=chat_id, who=by, command="export", now=self.clock.now())
            self._queue_export(db, session, chat_id=chat_id, thread_id=thread_id, request_key=key)

    @staticmethod
    def _exportable(db: Session, who: Person) -> list[WorkSession]:
        """Per group, the latest started session the member took part in or chaired, while
        still a member of that group (the policy's rule)."""
        latest: dict[int, WorkSession] = {}
        for session in session_rows.sessions_of_member(db, user_id=who.id):
            if session.started_at is None or session.chat_id in latest:
                continue
            if policy.allows(
                db, Act.EXPORT_PRIVATE, chat_id=session.chat_id, user_id=who.id, session=session
            ):
                latest[session.chat_id] = session
        return [latest[chat_id] for chat_id in sorted(latest)]

    def export_private(self, *, who: Person) -> None:
        """/export in a private chat: per group the member is in, the latest session they
        took part in or chaired."""
        with session_scope(self.engine) as db:
            sessions = self._exportable(db, who)
            if not sessions:
                raise Refusal(export_texts.EXPORT_NO_GROUPS)
            key = heavy_request(db, chat_id=who.id, who=who, command="export", now=self.clock.now())
            for session in sessions:
                self._queue_export(db, session, chat_id=who.id, thread_id=None, request_key=key)

    def my_actions_calendar(self, *, who: Person) -> bool:
        """/mijnacties in a private chat: the member's open actions as .ics. False when
        there are none (the text reply already says so)."""
        with session_scope(self.engine) as db:
            if not self._open_actions_of(db, who.id):
                return False
            self._file(
                db,
                chat_id=who.id,
                thread_id=None,
                kind=Kind(Family.CALENDAR, "ics"),
                attachment=reference("my_actions_ics", owner_id=who.id),
                name="mijn-acties.ics",
                caption=export_texts.MY_ACTIONS_ICS_CAPTION,
            )
            return True
