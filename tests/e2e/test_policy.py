"""Every refusal a member gets for something their role does not allow comes from the one
policy (bot.services.team.policy), for each role; no service decides that on its own.

Two ways to see it. From the members' side: the policy's wording is replaced by a marker,
then each role tries what it may not do; every refusal they see carries the marker and
names the act the policy judged. From the code's side: no service compares a person with
a role itself, and no service words a permission refusal itself."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import bot.services
from bot.core.team.policy import Act, Denial
from bot.services.team import policy
from storage.models import Action, ActionDraft, BoardItem, Keyword, WorkSession
from tests.e2e.helpers import forge, last_bot

SERVICES = Path(bot.services.__file__).parent
# The texts that say "your role does not allow this": the policy's alone.
PERMISSION_TEXTS = {
    "only_chair",
    "only_chair_or_admin",
    "ONLY_CHAIR_ASKS",
    "ONLY_CHAIR_KEYWORDS",
    "ONLY_CHAIR_ADDS",
    "EXPORT_ONLY_CHAIR",
    "only_action_people",
    "only_owner_or_chair",
    "only_owner_or_chair_button",
    "not_your_dialog",
    "FORGET_ONLY_YOURSELF",
    "NOT_A_MEMBER",
    "NOT_NAMEABLE",
    "NO_CHAIR_NOW",
}
# Columns that hold who has a role: comparing one with a person's id is a permission check.
ROLE_COLUMNS = {"chair_id", "owner_id", "created_by", "user_id"}


def _operands(compare: ast.Compare) -> list[ast.expr]:
    found: list[ast.expr] = []
    for node in [compare.left, *compare.comparators]:
        found += node.elts if isinstance(node, ast.Tuple | ast.Set | ast.List) else [node]
    return found


def _checks_a_role(test: ast.expr) -> bool:
    for compare in (n for n in ast.walk(test) if isinstance(n, ast.Compare)):
        attrs = {n.attr for n in _operands(compare) if isinstance(n, ast.Attribute)}
        if attrs & ROLE_COLUMNS and "id" in attrs:
            return True
    return False


def own_permission_checks(source: str) -> list[str]:
    """Where a service decides a permission itself: an `if` comparing a role with a person
    that raises or returns, or a permission refusal worded outside the policy."""
    found = []
    for node in ast.walk(ast.parse(source)):
        # `texts.only_chair`, a feature's texts (`membership_texts.NOT_A_MEMBER`), or the
        # name imported on its own.
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id.endswith("texts")
            and node.attr in PERMISSION_TEXTS
        ):
            found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
        if (
            isinstance(node, ast.Name | ast.alias)
            and (node.id if isinstance(node, ast.Name) else node.name) in PERMISSION_TEXTS
        ):
            found.append(f"line {node.lineno}: {ast.unparse(node)}")
        if (
            isinstance(node, ast.If)
            and _checks_a_role(node.test)
            and any(isinstance(n, ast.Raise | ast.Return) for b in node.body for n in ast.walk(b))
        ):
            found.append(f"line {node.lineno}: {ast.unparse(node.test)}")
    return found


def test_no_service_checks_a_permission_on_its_own():
    violations = {
        str(path.relative_to(SERVICES)): found
        for path in sorted(SERVICES.rglob("*.py"))
        if path.name != "policy.py" and (found := own_permission_checks(path.read_text()))
    }
    assert violations == {}


def test_the_scan_finds_the_checks_services_used_to_make():
    """The check above can fail: the kind of code it replaced is caught."""
    before = (
        "if session.chair_id != by.id:\n"
        "    raise Refusal(texts.only_chair(member_name(db, session.chair_id)))\n"
        "if who.id not in (action.owner_id, chair_id):\n"
        "    return texts.only_action_people(action.number), ()\n"
        "raise Refusal(membership_texts.NOT_A_MEMBER)\n"
        "return only_owner_or_chair()\n"
    )
    assert len(own_permission_checks(before)) == 6


@pytest.fixture
def judged(monkeypatch) -> list[tuple[Act, Denial]]:
    """The policy's verdicts, each worded as a marker the test recognises."""
    verdicts: list[tuple[Act, Denial]] = []

    def marker(_db, act, denial, **_about) -> str:
        verdicts.append((act, denial))
        return f"POLICY {act} {denial}"

    monkeypatch.setattr(policy, "refusal_text", marker)
    return verdicts


async def test_every_role_is_refused_by_the_policy(bot, fake, judged):
    anna = fake.add_user("Anna", username="anna")  # chair
    bram = fake.add_user("Bram", username="bram")  # participant, owner of an action
    carla = fake.add_user("Carla", username="carla")  # member without a role
    dirk = fake.add_user("Dirk", username="dirk")  # member of another group
    zorg = fake.add_group("Team Zorg", members=[anna, bram, carla])
    techniek = fake.add_group("Team Techniek", members=[dirk])
    await dirk.send(techniek, "/status")
    await anna.send(zorg, "/sessie")
    await bram.send(zorg, "/doemee")
    await carla.send(zorg, "/status")
    await anna.send(zorg, "/begin")
    await anna.send(zorg, "/actie @bram 15 december: Lesmateriaal zoeken")
    await anna.send(zorg, "/actie @onbekend 15 december: Gastspreker vragen")  # her dialog
    await bot.settle()
    (session,) = bot.rows(WorkSession, WorkSession.chat_id == zorg.id)
    (action,) = bot.rows(Action)
    card = last_bot(zorg, "Actie #1")
    anna_dialog = last_bot(zorg, "Ik ken @onbekend niet in deze groep")
    with bot.db() as db:
        keyword = Keyword(session_id=session.id, step=1, text="talen", created_at=bot.clock.now())
        item = BoardItem(
            session_id=session.id, kind="activiteiten", label="Excursie", created_at=bot.clock.now()
        )
        db.add_all([keyword, item])
        db.commit()
        keyword_id, item_id = keyword.id, item.id
    seen: list[str] = []

    async def says(member, text: str) -> None:
        await member.send(zorg, text)
        await bot.settle()
        seen.append(zorg.bot_messages()[-1].text)

    async def presses(member, message, data: str) -> None:
        callback = await forge(bot, fake, member, message, data)
        assert callback.show_alert, data
        seen.append(callback.answer_text)

    # A participant (and owner of an action) is no chair.
    for command in ("/volgende", "/voorzitter @carla", "/hulpvragen uit", "/export"):
        await says(bram, command)
    await says(bram, "/vakantie 28 december tot 1 januari")
    await presses(bram, card, f"hq:{session.id}:1:0")
    await presses(bram, card, f"kw:{keyword_id}")
    await presses(bram, card, f"oi:{item_id}:school")
    # A member without a role: not the action's owner, writer or chair, nor the dialog's.
    await says(carla, "/klaar 1")
    await presses(carla, card, f"ac:{action.id}:del")
    await presses(carla, card, f"rm:{action.id}:done")
    await carla.press(anna_dialog, "Bram")
    await bot.settle()
    seen.append(fake.callbacks[max(fake.callbacks)].answer_text)
    # The chair may not be anybody's stand-in in someone else's private chat.
    await anna.start_private()
    await bram.start_private()
    await bot.settle()
    await presses(anna, bram.private_chat.bot_messages()[-1], "vergeet:ja")
    # Someone of another group, and someone who left, have no role here at all.
    await dirk.start_private()
    await bot.settle()
    await presses(dirk, dirk.private_chat.bot_messages()[-1], f"rm:{action.id}:later")
    await presses(anna, anna_dialog, f"ch:{session.id}:{dirk.id}")
    await zorg.remove_member(carla)
    await bot.settle()
    await carla.start_private()
    await bot.settle()
    await presses(carla, carla.private_chat.bot_messages()[-1], f"rm:{action.id}:help")

    assert all(text.startswith("POLICY ") for text in seen), seen
    assert [f"POLICY {act} {denial}" for act, denial in judged] == seen
    assert {act for act, _ in judged} == {
        Act.STEER,
        Act.HAND_OVER,
        Act.SWITCH_HULPVRAGEN,
        Act.EXPORT_GROUP,
        Act.CHANGE_SETTING,
        Act.ASK_HULPVRAAG,
        Act.KEEP_KEYWORD,
        Act.ADD_OWN_ITEM,
        Act.FINISH_ACTION,
        Act.CHANGE_ACTION,
        Act.USE_REMINDER,
        Act.USE_DIALOG,
        Act.FORGET,
        Act.BE_NAMED,
    }
    assert judged[-2:] == [(Act.BE_NAMED, Denial.NOT_MEMBER), (Act.USE_REMINDER, Denial.NOT_MEMBER)]
    # Nothing was changed by any of it.
    (session,) = bot.rows(WorkSession, WorkSession.chat_id == zorg.id)
    assert (session.chair_id, session.current_step, session.hulpvragen_auto) == (anna.id, 1, True)
    (action,) = bot.rows(Action)
    assert action.status == "open"
    assert [d.user_id for d in bot.rows(ActionDraft)] == [anna.id]
