"""The rule of who may do what (bot.core.team.policy), role by role."""

from __future__ import annotations

import pytest

from bot.core.team.policy import RULES, Act, Denial, Standing, decide, successor

MEMBER = Standing(member=True)
CHAIR = Standing(member=True, chair=True, participant=True)
PARTICIPANT = Standing(member=True, participant=True)
OWNER = Standing(member=True, owner=True)
CREATOR = Standing(member=True, creator=True)
ADMIN = Standing(member=True, admin=True)
FORMER_CHAIR = Standing(member=False, chair=True, participant=True, owner=True, admin=True)

CHAIR_ACTS = [
    Act.STEER,
    Act.SWITCH_HULPVRAGEN,
    Act.ASK_HULPVRAAG,
    Act.KEEP_KEYWORD,
    Act.ADD_OWN_ITEM,
    Act.CHANGE_SETTING,
    Act.EXPORT_GROUP,
]


def test_every_act_has_a_rule():
    assert set(RULES) == set(Act)


@pytest.mark.parametrize("act", CHAIR_ACTS)
def test_only_the_chair_steers_and_settles(act):
    assert decide(act, CHAIR) is None
    for other in (MEMBER, PARTICIPANT, OWNER, CREATOR, ADMIN):
        assert decide(act, other) is Denial.NOT_ALLOWED, other


def test_a_group_admin_may_always_take_the_chair_but_not_steer():
    assert decide(Act.HAND_OVER, ADMIN) is None
    assert decide(Act.HAND_OVER, CHAIR) is None
    assert decide(Act.HAND_OVER, PARTICIPANT) is Denial.NOT_ALLOWED
    assert decide(Act.STEER, ADMIN) is Denial.NOT_ALLOWED


def test_private_export_needs_taking_part_or_chairing():
    assert decide(Act.EXPORT_PRIVATE, PARTICIPANT) is None
    assert decide(Act.EXPORT_PRIVATE, CHAIR) is None
    assert decide(Act.EXPORT_PRIVATE, MEMBER) is Denial.NOT_ALLOWED
    assert decide(Act.EXPORT_PRIVATE, OWNER) is Denial.NOT_ALLOWED


def test_actions_belong_to_owner_writer_and_chair():
    for act in (Act.CHANGE_ACTION, Act.FINISH_ACTION, Act.USE_REMINDER):
        assert decide(act, OWNER) is None
        assert decide(act, CHAIR) is None
        assert decide(act, MEMBER) is Denial.NOT_ALLOWED
    assert decide(Act.CHANGE_ACTION, CREATOR) is None
    # Finishing is the owner's or the chair's, unless nobody chairs: then the writer stands in.
    assert decide(Act.FINISH_ACTION, CREATOR) is Denial.NOT_ALLOWED
    assert decide(Act.FINISH_ACTION, Standing(member=True, creator=True, chaired=False)) is None


def test_only_chair_acts_without_a_chair_say_so():
    assert decide(Act.STEER, Standing(member=True, participant=True, chaired=False)) is (
        Denial.NO_CHAIR
    )


def test_someone_who_left_has_no_role_at_all():
    for act in Act:
        if act is not Act.FORGET:
            assert decide(act, FORMER_CHAIR) is Denial.NOT_MEMBER, act


def test_forgetting_oneself_needs_only_ones_own_chat():
    assert decide(Act.FORGET, Standing(member=False, owner=True)) is None
    assert decide(Act.FORGET, Standing(member=False)) is Denial.NOT_ALLOWED


def test_members_may_press_be_named_and_receive():
    for act in (Act.PRESS, Act.BE_NAMED, Act.RECEIVE):
        assert decide(act, MEMBER) is None


def test_the_chair_passes_to_the_longest_joined_participant_still_in_the_group():
    joined = [1, 2, 3, 4]  # in the order they joined; 1 chaired
    assert successor(joined, {1, 2, 3, 4}, leaving=1) == 2
    assert successor(joined, {3, 4}, leaving=1) == 3  # 2 left earlier
    assert successor(joined, {1}, leaving=1) is None
