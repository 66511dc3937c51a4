"""Privacy: /vergeetmij (a member's answers, marks and name removed from every group) and
the daily clean-up of finished sessions older than DATA_RETENTION_DAYS.

Like bot/sessions.py: decisions and the messages they cause (the outbox) in one
transaction; no Telegram here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.clock import Clock
from bot.core.team.policy import Act
from bot.services.buttons import NO_BUTTONS, ForgetAnswer, ForgetPress, inline_buttons
from bot.services.common import (
    ButtonReply,
    Chat,
    MessageView,
    Person,
    Press,
    member_name,
    send,
)
from bot.services.documents.attachments import settled
from bot.services.events import Events, MemberForgotten
from bot.services.session.state import SessionState
from bot.services.team import policy
from bot.texts import formatting
from bot.texts.privacy import privacy as privacy_texts
from prompts import Deck
from storage.db import session_scope
from storage.models import Action, Member, WorkSession
from storage.repo import privacy as privacy_rows
from storage.repo import sessions as session_rows
from storage.repo import updates as update_rows
from storage.values import ActionStatus, Family, Kind, OutboxStatus, SessionStatus

log = logging.getLogger(__name__)

# The clean-up runs once a day at this local hour, when nobody is in a session.
RETENTION_HOUR = time(3)
# Why an unsent message was never sent (outbox.last_error).
WITHDRAWN = "withdrawn: it named a member who asked to be forgotten"


@dataclass(frozen=True)
class Forgotten:
    answers: int
    marks: int
    groups: int
    released_actions: int


@dataclass
class Removed:
    """What one clean-up removed: counts only, for the log."""

    sessions: int = 0
    answers: int = 0
    marks: int = 0
    actions: int = 0
    kept_open_actions: int = 0
    drafts: int = 0
    messages: int = 0
    unhandled_updates: int = 0
    loose_actions: int = 0
    memberships: int = 0
    members: int = 0


def _is_user(value: object, user_id: int) -> bool:
    """Whether a Telegram update (JSON) contains this user anywhere (sender, mention...)."""
    if isinstance(value, dict):
        if value.get("id") == user_id and "is_bot" in value:
            return True
        return any(_is_user(item, user_id) for item in value.values())
    if isinstance(value, list):
        return any(_is_user(item, user_id) for item in value)
    return False


class PrivacyService:
    def __init__(
        self,
        *,
        engine: Engine,
        deck: Deck,
        clock: Clock,
        tz: ZoneInfo,
        retention_days: int,
        events: Events,
    ) -> None:
        self.engine = engine
        self.deck = deck
        self.clock = clock
        self.tz = tz
        self.retention_days = retention_days
        # MemberForgotten, once the forgetting is committed (memory kept elsewhere).
        self.events = events

    def notice(self) -> str:
        """/privacy: what is stored, why, how long, who sees it, how to be forgotten."""
        return privacy_texts.privacy(self.retention_days)

    # --- /vergeetmij -------------------------------------------------------------------

    def _require_own_chat(self, chat_id: int, who: Person) -> None:
        with session_scope(self.engine) as db:
            policy.require(db, Act.FORGET, chat_id=chat_id, user_id=who.id)

    @staticmethod
    def forget_question() -> tuple[str, dict]:
        """/vergeetmij asks first; the answer is a button."""
        buttons = [
            (privacy_texts.FORGET_YES_BUTTON, ForgetPress(ForgetAnswer.YES)),
            (privacy_texts.FORGET_NO_BUTTON, ForgetPress(ForgetAnswer.NO)),
        ]
        return privacy_texts.FORGET_ASK, inline_buttons([buttons])

    def answer(self, press: Press, button: ForgetPress) -> ButtonReply:
        """The question becomes the answer, without its buttons: it cannot be pressed twice."""
        decide = self.forget if button.answer == ForgetAnswer.YES else self.keep
        outcome = decide(chat_id=press.chat_id, who=press.who)
        return None, (MessageView(press.chat_id, press.message_id, outcome, NO_BUTTONS),)

    def keep(self, *, chat_id: int, who: Person) -> str:
        self._require_own_chat(chat_id, who)
        return privacy_texts.FORGET_KEPT

    def forget(self, *, chat_id: int, who: Person) -> str:
        """Remove the member's answers, marks, participation and drafts from every group;
        their actions go without owner and each group's chair is told. Nothing of other
        members changes. The reply says what was removed."""
        self._require_own_chat(chat_id, who)
        with session_scope(self.engine) as db:
            known = db.get(Member, who.id) is not None
            done = self._forget(db, who.id)
        self.events.publish(MemberForgotten(who.id))
        log.info(
            "a member was forgotten: %d answers, %d marks, %d groups, %d actions released",
            done.answers,
            done.marks,
            done.groups,
            done.released_actions,
        )
        if not known and not done.groups:
            return privacy_texts.FORGET_NOTHING_STORED
        return privacy_texts.forgotten(
            answers=done.answers,
            marks=done.marks,
            groups=done.groups,
            released_actions=done.released_actions,
        )

    def _forget(self, db: Session, user_id: int) -> Forgotten:
        groups = privacy_rows.chats_of_member(db, user_id=user_id)
        chaired = privacy_rows.latest_sessions_chaired_by(db, user_id=user_id)
        answers = privacy_rows.delete_answers_of(db, user_id=user_id)
        marks = privacy_rows.delete_marks_of(db, user_id=user_id)
        privacy_rows.delete_participations_of(db, user_id=user_id)
        privacy_rows.delete_drafts_of(db, user_id=user_id)
        privacy_rows.clear_question_asker(db, user_id=user_id)
        privacy_rows.clear_poster_authorship(db, user_id=user_id)
        privacy_rows.delete_group_memberships_of(db, user_id=user_id)
        released = privacy_rows.release_owned_actions(db, owner_id=user_id)
        privacy_rows.forget_member_name(
            db, user_id=user_id, placeholder=privacy_texts.FORMER_MEMBER, now=self.clock.now()
        )
        update_rows.delete_unhandled_updates(
            db,
            ids=[u.id for u in update_rows.unhandled_updates(db) if _is_user(u.payload, user_id)],
        )
        self._tell_groups(db, user_id=user_id, chaired=chaired, released=released)
        self._forget_messages(db, user_id)
        return Forgotten(
            answers=answers, marks=marks, groups=len(groups), released_actions=len(released)
        )

    def _forget_messages(self, db: Session, user_id: int) -> None:
        """Messages that name them (linked when queued, under whatever name they had then)
        or went to their private chat. Sent ones are kept by the bot only as a record, and
        that record forgets them (the group's own chat history is the group's). Unsent
        ones never go out: withdrawn, but for a file that is built when sent (it will show
        the database without them)."""
        naming = privacy_rows.messages_naming(db, user_id=user_id)
        privacy_rows.blank_messages(db, ids=naming, blank=privacy_texts.REMOVED_ON_REQUEST)
        withdrawn = []
        for row in privacy_rows.unsent_messages(db, ids=naming):
            built_when_sent = row.attachment is not None and "build" in row.attachment
            if built_when_sent and row.chat_id != user_id:
                continue
            row.status = OutboxStatus.FAILED
            row.text = privacy_texts.REMOVED_ON_REQUEST
            row.reply_markup = None
            row.attachment = settled(row.attachment) if row.attachment else None
            row.last_error = WITHDRAWN
            withdrawn.append(row.id)
            db.add(row)
        db.flush()
        privacy_rows.cancel_reminders_sent_by(db, outbox_ids=withdrawn)
        privacy_rows.delete_mentions_of(db, user_id=user_id)

    def _tell_groups(
        self,
        db: Session,
        *,
        user_id: int,
        chaired: list[WorkSession],
        released: list[Action],
    ) -> None:
        """Per group: a chair they leave behind is replaced by the longest-standing other
        participant (an open session with nobody else stops), and the chair hears which
        actions lost their owner."""
        new_chairs: dict[int, tuple[str | None, bool]] = {}
        for session in chaired:
            state = SessionState(session, self.deck)
            successor = privacy_rows.longest_participant(db, session_id=session.id)
            if successor is not None:
                # Maybe no longer in the group either: a gathering's time-out looks again.
                state.hand_to(successor, present=False)
                new_chairs[session.chat_id] = (member_name(db, successor), False)
            elif session.status in session_rows.ACTIVE_STATUSES:
                # Stopped without a closing message or summary: the group hears why below.
                state.finish(SessionStatus.STOPPED, self.clock.now())
                new_chairs[session.chat_id] = (None, True)
            db.add(session)
        db.flush()
        by_chat: dict[int, list[Action]] = {}
        for action in released:
            by_chat.setdefault(action.chat_id, []).append(action)
        for chat_id in sorted({*new_chairs, *by_chat}):
            latest = session_rows.latest_session(db, chat_id=chat_id)
            actions = by_chat.get(chat_id, [])
            new_chair, stopped = new_chairs.get(chat_id, (None, False))
            # Nobody took over from them (a finished session of theirs alone): no chair to ask.
            chair_id = latest.chair_id if latest and latest.chair_id != user_id else None
            send(
                db,
                Chat(chat_id, latest.thread_id if latest else actions[0].thread_id),
                Kind(Family.FORGOTTEN),
                privacy_texts.member_forgotten(
                    released=[a.number for a in actions],
                    chair=formatting.mention(chair_id, member_name(db, chair_id))
                    if chair_id is not None
                    else None,
                    new_chair=new_chair,
                    session_stopped=stopped,
                ),
                now=self.clock.now(),
            )

    # --- retention ---------------------------------------------------------------------

    def _next_run(self, last_run: datetime | None, *, now: datetime) -> datetime:
        """The first RETENTION_HOUR after the last run; never run: `now`. The caller's `now`,
        not a fresh reading: a real clock has moved on by then, and a first run that always
        seems a moment away never happens (its wake-up job would fire again and again)."""
        if last_run is None:
            return now
        local = last_run.astimezone(self.tz)
        moment = datetime.combine(local.date(), RETENTION_HOUR, tzinfo=self.tz)
        if moment <= local:
            tomorrow = local.date() + timedelta(days=1)
            moment = datetime.combine(tomorrow, RETENTION_HOUR, tzinfo=self.tz)
        return moment.astimezone(UTC)

    def next_retention_at(self, stored: str | None) -> datetime:
        """From the last run as stored (privacy_rows.stored_retention_run)."""
        last_run = privacy_rows.retention_moment(stored)
        return self._next_run(last_run, now=self.clock.now())

    def process_due(self) -> None:
        """Once a day: remove finished sessions older than the retention period, with what
        only they kept (actions done or deleted, people nothing points at any more). The last
        run is stored, so a restart neither skips nor repeats a day, and of several bot
        processes only one does it."""
        now = self.clock.now()
        with session_scope(self.engine) as db:
            last_run = privacy_rows.retention_last_run(db)
            if self._next_run(last_run, now=now) > now:
                return
            if not privacy_rows.claim_retention_run(db, previous=last_run, now=now):
                return
            cutoff = now - timedelta(days=self.retention_days)
            removed = (
                self._remove_expired(db, cutoff=cutoff)
                if privacy_rows.anything_older_than(db, cutoff=cutoff)
                else Removed()
            )
        log.info(
            "retention (%d days): removed %d session(s) (%d answers, %d marks, %d actions; "
            "%d open actions kept), %d drafts, %d old messages, %d unhandled updates, "
            "%d actions without a session, %d group memberships, %d members",
            self.retention_days,
            removed.sessions,
            removed.answers,
            removed.marks,
            removed.actions,
            removed.kept_open_actions,
            removed.drafts,
            removed.messages,
            removed.unhandled_updates,
            removed.loose_actions,
            removed.memberships,
            removed.members,
        )

    def _remove_expired(self, db: Session, *, cutoff: datetime) -> Removed:
        removed = Removed()
        for session in privacy_rows.expired_sessions(db, finished_before=cutoff):
            for action in privacy_rows.session_actions(db, session_id=session.id):
                if action.status == ActionStatus.OPEN:
                    # Still being worked on: it outlives its session.
                    action.session_id = None
                    db.add(action)
                    removed.kept_open_actions += 1
                else:
                    privacy_rows.delete_action(db, action=action)
                    removed.actions += 1
            db.flush()
            answers, marks = privacy_rows.delete_session(db, session_id=session.id)
            privacy_rows.delete_summary_mark_if_no_sessions(db, chat_id=session.chat_id)
            removed.sessions += 1
            removed.answers += answers
            removed.marks += marks
        for action in privacy_rows.expired_loose_actions(db, settled_before=cutoff):
            privacy_rows.delete_action(db, action=action)
            removed.loose_actions += 1
        removed.drafts = privacy_rows.delete_idle_drafts(db, idle_before=cutoff)
        removed.messages = privacy_rows.delete_old_chat_messages(db, created_before=cutoff)
        removed.unhandled_updates = update_rows.delete_unhandled_updates_before(
            db, created_before=cutoff
        )
        # Last, once the rows above that named them are gone: who nothing points at any
        # more, in a group or at all, and who was not seen since the cutoff.
        removed.memberships = privacy_rows.delete_forgotten_memberships(db, seen_before=cutoff)
        removed.members = privacy_rows.delete_forgotten_members(db, seen_before=cutoff)
        return removed
