"""The one place that says who may do what. Every command and button asks here: it gathers
the person's standing from the database (member of the group now? chair, participant,
owner, who wrote it down, group admin as Telegram says) and lets bot.core.team.policy decide;
a "no" becomes one Dutch sentence (a Refusal). Services never compare ids themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.core.team.policy import Act, Denial, Standing, decide
from bot.services.common import ButtonReply, Press, Refusal, member_name
from bot.texts import formatting
from bot.texts import help as help_texts
from bot.texts.actions import actions as action_texts
from bot.texts.actions import reminders as reminder_texts
from bot.texts.documents import exports as export_texts
from bot.texts.privacy import privacy as privacy_texts
from bot.texts.session import boards as board_texts
from bot.texts.session import hulpvragen as hulpvraag_texts
from bot.texts.session import keywords as keyword_texts
from bot.texts.team import membership as membership_texts
from storage.db import session_scope
from storage.models import Action, ActionDraft, Participant, WorkSession
from storage.repo import actions as action_rows
from storage.repo import members as member_rows
from storage.repo import sessions as session_rows

Button = TypeVar("Button")


def is_member(db: Session, *, chat_id: int, user_id: int) -> bool:
    return member_rows.is_group_member(db, chat_id=chat_id, user_id=user_id)


def chair_of(db: Session, chat_id: int) -> int | None:
    """Who chairs the group now: the chair of its latest session, while still a member."""
    session = session_rows.latest_session(db, chat_id=chat_id)
    if session is None or not is_member(db, chat_id=chat_id, user_id=session.chair_id):
        return None
    return session.chair_id


def standing(
    db: Session,
    *,
    chat_id: int,
    user_id: int,
    session: WorkSession | None = None,
    action: Action | None = None,
    draft: ActionDraft | None = None,
    admin: bool = False,
) -> Standing:
    """The person's standing in the group, towards the session, action or draft named.
    For an action the chair is the chair of the group's latest session (its action plan's);
    with nothing named only membership counts."""
    member = is_member(db, chat_id=chat_id, user_id=user_id)
    if session is None and action is not None:
        session = session_rows.latest_session(db, chat_id=chat_id)
    chair_id = session.chair_id if session else None
    chaired = chair_id is not None and is_member(db, chat_id=chat_id, user_id=chair_id)
    owner = (action is not None and action.owner_id == user_id) or (
        draft is not None and draft.user_id == user_id
    )
    return Standing(
        member=member,
        chair=chaired and chair_id == user_id,
        participant=session is not None and db.get(Participant, (session.id, user_id)) is not None,
        owner=owner,
        creator=action is not None and action.created_by == user_id,
        admin=admin,
        chaired=chaired,
    )


def allows(
    db: Session,
    act: Act,
    *,
    chat_id: int,
    user_id: int,
    session: WorkSession | None = None,
    action: Action | None = None,
) -> bool:
    held = standing(db, chat_id=chat_id, user_id=user_id, session=session, action=action)
    return decide(act, held) is None


def owned_actions_shown(db: Session, user_id: int) -> list[Action]:
    """The member's own actions as shown in their private chat: only those of groups they
    are still in."""
    groups = member_rows.member_group_ids(db, user_id=user_id)
    return [
        action
        for action in action_rows.owned_actions(db, owner_id=user_id)
        if decide(Act.RECEIVE, Standing(member=action.chat_id in groups)) is None
    ]


def require(
    db: Session,
    act: Act,
    *,
    chat_id: int,
    user_id: int,
    session: WorkSession | None = None,
    action: Action | None = None,
    draft: ActionDraft | None = None,
    admin: bool = False,
) -> None:
    """Raise the Refusal that says why not, when the person may not do this."""
    if act is Act.FORGET:
        # A private chat's id is its member's id: only they can press its buttons.
        held = Standing(member=False, owner=chat_id == user_id)
    else:
        held = standing(
            db,
            chat_id=chat_id,
            user_id=user_id,
            session=session,
            action=action,
            draft=draft,
            admin=admin,
        )
    denial = decide(act, held)
    if denial is not None:
        raise Refusal(refusal_text(db, act, denial, chat_id=chat_id, action=action, draft=draft))


def require_member(db: Session, *, chat_id: int, user_id: int, act: Act = Act.BE_NAMED) -> None:
    """The person named (an owner, a new chair) or pressing must be in the group now."""
    require(db, act, chat_id=chat_id, user_id=user_id)


def refusal_text(
    db: Session,
    act: Act,
    denial: Denial,
    *,
    chat_id: int,
    action: Action | None = None,
    draft: ActionDraft | None = None,
) -> str:
    if denial is Denial.NOT_MEMBER:
        return (
            membership_texts.NOT_NAMEABLE if act is Act.BE_NAMED else membership_texts.NOT_A_MEMBER
        )
    if denial is Denial.NO_CHAIR and action is None:
        return membership_texts.NO_CHAIR_NOW
    chair = chair_of(db, chat_id)
    chair_name = member_name(db, chair) if chair is not None else formatting.UNKNOWN_NAME
    owner = member_name(db, action.owner_id) if action and action.owner_id else None
    number = action.number if action else 0
    words: dict[Act, Callable[[], str]] = {
        Act.STEER: lambda: help_texts.only_chair(chair_name),
        Act.SWITCH_HULPVRAGEN: lambda: help_texts.only_chair(chair_name),
        Act.CHANGE_SETTING: lambda: help_texts.only_chair(chair_name),
        Act.HAND_OVER: lambda: membership_texts.only_chair_or_admin(chair_name),
        Act.ASK_HULPVRAAG: lambda: hulpvraag_texts.ONLY_CHAIR_ASKS,
        Act.KEEP_KEYWORD: lambda: keyword_texts.ONLY_CHAIR_KEYWORDS,
        Act.ADD_OWN_ITEM: lambda: board_texts.ONLY_CHAIR_ADDS,
        Act.EXPORT_GROUP: lambda: export_texts.EXPORT_ONLY_CHAIR,
        Act.EXPORT_PRIVATE: lambda: export_texts.EXPORT_NO_GROUPS,
        Act.CHANGE_ACTION: lambda: action_texts.only_action_people(number),
        Act.FINISH_ACTION: lambda: action_texts.only_owner_or_chair(number, owner, chair_name),
        Act.USE_REMINDER: lambda: reminder_texts.only_owner_or_chair_button(owner),
        Act.USE_DIALOG: lambda: action_texts.not_your_dialog(
            member_name(db, draft.user_id) if draft else formatting.UNKNOWN_NAME
        ),
        Act.FORGET: lambda: privacy_texts.FORGET_ONLY_YOURSELF,
    }
    return words.get(act, lambda: membership_texts.NOT_A_MEMBER)()


class Policy:
    """The policy as the shell reaches it: a button pressed in a group counts only from a
    member of that group."""

    def __init__(self, *, engine: Engine) -> None:
        self.engine = engine

    def groups_of(self, user_id: int) -> list[int]:
        """The groups the database counts this user a member of (the shell checks them with
        Telegram before a group's data goes to them in private)."""
        with session_scope(self.engine) as db:
            return sorted(member_rows.member_group_ids(db, user_id=user_id))

    def pressed(
        self, handle: Callable[[Press, Button], ButtonReply]
    ) -> Callable[[Press, Button], ButtonReply]:
        def guarded(press: Press, button: Button) -> ButtonReply:
            # Telegram gives groups negative ids; a private chat's is its member's.
            if press.chat_id < 0:
                with session_scope(self.engine) as db:
                    require(db, Act.PRESS, chat_id=press.chat_id, user_id=press.who.id)
            return handle(press, button)

        return guarded
