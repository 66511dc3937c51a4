"""Who may do what: the one rule every command and button is checked against.

A person's standing towards the thing they act on (a session, an action, a draft, a
private chat) is a set of roles; each act names the roles that allow it. Membership of
the group comes first: a person who left or was removed has no role at all. Plain Python,
no storage or Telegram: bot.services.team.policy gathers the standing and words the refusal.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    MEMBER = "member"  # in the group now (seen there, not left since)
    PARTICIPANT = "participant"  # took part in the session
    CHAIR = "chair"  # chairs the group's session (and so its action plan)
    OWNER = "owner"  # owns the action, the /actie dialog or the private chat
    CREATOR = "creator"  # wrote the action down
    ADMIN = "admin"  # creator or administrator of the Telegram group


class Act(StrEnum):
    STEER = "steer"  # /begin, /volgende, /verleng, /pauze, /hervat, /stop
    HAND_OVER = "hand_over"  # /voorzitter
    SWITCH_HULPVRAGEN = "switch_hulpvragen"  # /hulpvragen aan|uit
    ASK_HULPVRAAG = "ask_hulpvraag"  # a hulpvraag's button
    KEEP_KEYWORD = "keep_keyword"  # a proposed steekwoord's button
    ADD_OWN_ITEM = "add_own_item"  # a member's proposal onto a board
    CHANGE_SETTING = "change_setting"  # /teamoverleg, /vakantie with arguments
    EXPORT_GROUP = "export_group"  # /export in the group
    EXPORT_PRIVATE = "export_private"  # /export in a private chat, per session
    CHANGE_ACTION = "change_action"  # an action card's buttons, a reply that edits it
    FINISH_ACTION = "finish_action"  # /klaar
    USE_REMINDER = "use_reminder"  # ✅ ⏭ 🆘 under a reminder or a /mijnacties card
    USE_DIALOG = "use_dialog"  # the buttons of someone's /actie dialog
    FORGET = "forget"  # /vergeetmij's buttons, in one's own private chat
    PRESS = "press"  # any button in a group
    BE_NAMED = "be_named"  # be made owner of an action or chair of a session
    RECEIVE = "receive"  # get a group's data in a private chat (a brief, a reminder)


CHAIR_ONLY = frozenset({Role.CHAIR})
# Any of these roles allows the act; without MEMBER (where it counts) none does.
RULES: dict[Act, frozenset[Role]] = {
    Act.STEER: CHAIR_ONLY,
    Act.HAND_OVER: frozenset({Role.CHAIR, Role.ADMIN}),
    Act.SWITCH_HULPVRAGEN: CHAIR_ONLY,
    Act.ASK_HULPVRAAG: CHAIR_ONLY,
    Act.KEEP_KEYWORD: CHAIR_ONLY,
    Act.ADD_OWN_ITEM: CHAIR_ONLY,
    Act.CHANGE_SETTING: CHAIR_ONLY,
    Act.EXPORT_GROUP: CHAIR_ONLY,
    Act.EXPORT_PRIVATE: frozenset({Role.CHAIR, Role.PARTICIPANT}),
    Act.CHANGE_ACTION: frozenset({Role.OWNER, Role.CREATOR, Role.CHAIR}),
    Act.FINISH_ACTION: frozenset({Role.OWNER, Role.CHAIR}),
    Act.USE_REMINDER: frozenset({Role.OWNER, Role.CHAIR}),
    Act.USE_DIALOG: frozenset({Role.OWNER}),
    Act.FORGET: frozenset({Role.OWNER}),
    Act.PRESS: frozenset({Role.MEMBER}),
    Act.BE_NAMED: frozenset({Role.MEMBER}),
    Act.RECEIVE: frozenset({Role.MEMBER}),
}
# Forgetting oneself is a right, whatever groups one is in.
WITHOUT_MEMBERSHIP = frozenset({Act.FORGET})


class Denial(StrEnum):
    NOT_MEMBER = "not_member"  # left or removed, or never in this group
    NO_CHAIR = "no_chair"  # only the chair may, and nobody chairs now
    NOT_ALLOWED = "not_allowed"  # a member, but without a role that allows it


@dataclass(frozen=True)
class Standing:
    """A person's standing towards what they act on."""

    member: bool
    chair: bool = False
    participant: bool = False
    owner: bool = False
    creator: bool = False
    admin: bool = False
    # Whether the group has a chair who is still a member. Without one, who wrote an
    # action down stands in for the chair on it.
    chaired: bool = True

    def roles(self) -> frozenset[Role]:
        if not self.member:
            return frozenset({Role.OWNER}) if self.owner else frozenset()
        held = {
            Role.MEMBER,
            *((Role.CHAIR,) if self.chair else ()),
            *((Role.PARTICIPANT,) if self.participant else ()),
            *((Role.OWNER,) if self.owner else ()),
            *((Role.CREATOR,) if self.creator else ()),
            *((Role.ADMIN,) if self.admin else ()),
        }
        if self.creator and not self.chaired:
            held.add(Role.CHAIR)
        return frozenset(held)


def decide(act: Act, standing: Standing) -> Denial | None:
    """None when the act is allowed, else why not."""
    if not standing.member and act not in WITHOUT_MEMBERSHIP:
        return Denial.NOT_MEMBER
    if standing.roles() & RULES[act]:
        return None
    if Role.CHAIR in RULES[act] and not standing.chaired:
        return Denial.NO_CHAIR
    return Denial.NOT_ALLOWED


def successor(participants: list[int], members: set[int], leaving: int) -> int | None:
    """Who chairs once the chair is gone: the remaining participant who joined longest
    ago (`participants` in the order they joined) and is still a member."""
    return next((p for p in participants if p != leaving and p in members), None)
