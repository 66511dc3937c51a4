"""Who is in a group: members leaving, being removed and coming back, as Telegram reports it
(left_chat_member and new_chat_members service messages, chat_member updates, or a
getChatMember the shell asked). A member who left is no member for any rule
(bot.services.team.policy) until they come back."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.engine import Engine

from bot.clock import Clock
from bot.services.actions.actions import ActionService
from bot.services.common import Chat, Person, member_name, remember, send
from bot.services.session.sessions import SessionService
from bot.texts import formatting
from bot.texts.team import membership as membership_texts
from storage.db import session_scope
from storage.repo import actions as action_rows
from storage.repo import members as member_rows
from storage.repo import sessions as session_rows
from storage.values import ActionStatus, Family, Kind


class MembershipService:
    def __init__(
        self, *, engine: Engine, clock: Clock, sessions: SessionService, actions: ActionService
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.sessions = sessions
        self.actions = actions

    def left(self, *, chat_id: int, who: Person) -> None:
        """They left or were removed. Told twice (a service message and a chat_member
        update), it happens once: the chair passes on, and the chair hears which open
        actions lost their owner (their reminders stop)."""
        now = self.clock.now()
        with session_scope(self.engine) as db:
            remember(db, who, now=now)
            if not member_rows.mark_left(db, chat_id=chat_id, user_id=who.id, now=now):
                return
            self.sessions.chair_left(db, chat_id=chat_id, user_id=who.id)
            orphans = [
                action
                for action in action_rows.group_actions(db, chat_id=chat_id)
                if action.owner_id == who.id and action.status == ActionStatus.OPEN
            ]
            if not orphans:
                return
            for action in orphans:
                action_rows.cancel_pending_reminders(db, action_id=action.id)
            chair = self.actions.chair_of(db, chat_id)
            latest = session_rows.latest_session(db, chat_id=chat_id)
            send(
                db,
                Chat(chat_id, latest.thread_id if latest else orphans[0].thread_id),
                Kind(Family.MEMBERSHIP),
                membership_texts.open_actions_left(
                    who.name,
                    [a.number for a in orphans],
                    formatting.mention(chair, member_name(db, chair)) if chair else None,
                ),
                now=now,
            )

    def joined(self, *, chat_id: int, people: Sequence[Person]) -> None:
        """They joined or came back: members again, and the reminders of their open
        actions are planned anew."""
        now = self.clock.now()
        with session_scope(self.engine) as db:
            for person in people:
                remember(db, person, now=now)
                if member_rows.mark_joined(db, chat_id=chat_id, user_id=person.id, now=now):
                    for action in action_rows.group_actions(db, chat_id=chat_id):
                        if action.owner_id == person.id and action.status == ActionStatus.OPEN:
                            self.actions.replan(db, action)
