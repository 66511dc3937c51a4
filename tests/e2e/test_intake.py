"""Updates arrive in batches (polling hands out up to a hundred at a time): a batch from
several groups is taken on and finished as a whole, each group in its own order, and a
redelivered batch changes nothing."""

from __future__ import annotations

import asyncio

from storage.models import Answer, GroupMember, ProcessedUpdate
from tests.e2e.helpers import last_bot


async def test_a_batch_from_several_groups_stores_every_answer_once_in_order(bot, fake):
    teams = []
    for number in range(4):
        chair = fake.add_user(f"Voorzitter {number}", username=f"chair{number}")
        member = fake.add_user(f"Lid {number}")
        group = fake.add_group(f"Team {number}", members=[chair, member])
        await chair.send(group, "/sessie 150")
        await chair.send(group, "/begin")
        teams.append((group, chair, member))
    await bot.settle()
    # The bot is down while the teams answer: on its return the answers come as one batch.
    await bot.stop()
    sent = []
    for group, chair, member in teams:
        card = last_bot(group, "Stap 1 van 5")
        for turn in range(3):
            for who in (chair, member):
                text = f"{group.title}: {who.first_name} {turn}"
                sent.append((await who.send(group, text, reply_to=card), text))
    batch = fake.pending_updates
    assert len(batch) == len(sent)
    await bot.start()

    stored = bot.rows(Answer)
    assert sorted(a.text for a in stored) == sorted(text for _m, text in sent)
    for group, _chair, _member in teams:
        # Within a group, the order the members typed in.
        in_group = [a.text for a in sorted(stored, key=lambda a: a.id) if a.chat_id == group.id]
        assert in_group == [text for m, text in sent if m.chat.id == group.id]
    assert all(message.bot_reactions == ["✍"] for message, _text in sent)
    assert all(row.done for row in bot.rows(ProcessedUpdate))
    # Members who only answered are remembered in their group (for /actie @naam).
    members = {(row.chat_id, row.user_id) for row in bot.rows(GroupMember)}
    assert all((group.id, member.id) in members for group, _chair, member in teams)

    # Telegram hands the same batch out again (an offset it never heard): nothing doubles.
    for update in batch:
        await fake.send_raw_update(update)
    await bot.settle()
    assert len(bot.rows(Answer)) == len(sent)


async def test_an_update_is_written_down_as_done_without_waiting_for_the_rest_of_its_batch(
    bot, fake
):
    """A kill -9 while one group's update is still in hand must not make Telegram's
    redelivery handle the other groups' updates of that batch again."""
    anna, bram = fake.add_user("Anna", username="anna"), fake.add_user("Bram", username="bram")
    quick = fake.add_group("Team Snel", members=[anna])
    slow = fake.add_group("Team Traag", members=[bram])
    await bot.stop()
    await anna.send(quick, "/status")
    await bram.send(slow, "/status")
    quick_id = next(
        u["update_id"] for u in fake.pending_updates if u["message"]["chat"]["id"] == quick.id
    )
    slow_id = next(
        u["update_id"] for u in fake.pending_updates if u["message"]["chat"]["id"] == slow.id
    )

    release = asyncio.Event()
    await bot.start_without_settling()
    application = bot.application
    handle = application.process_update

    async def slow_for_one_group(update):
        if update.effective_chat.id == slow.id:
            await release.wait()
        await handle(update)

    application.process_update = slow_for_one_group

    def done(update_id: int) -> bool:
        return any(
            row.done for row in bot.rows(ProcessedUpdate, ProcessedUpdate.update_id == update_id)
        )

    await fake.wait_until(lambda: done(quick_id), timeout=30, message="quick group's update done")
    assert not done(slow_id)
    release.set()
    await bot.settle()
    assert done(slow_id)
    assert len(quick.bot_messages()) == 1 and len(slow.bot_messages()) == 1
