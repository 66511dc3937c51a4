"""Members may send up to 4,096 characters; the bot's own framing around what they typed (a
question posted as "Vraag van …", a wrap-up quoting an answer, an action card) never pushes
its message over Telegram's limit. Shown shortened (after a whole word, saying where the
whole text is), stored whole."""

from __future__ import annotations

from bot.texts import formatting
from storage.models import Action, ActionDraft, Answer, OutboxMessage, Question
from tests.e2e.helpers import count_bot, last_bot, say

LIMIT = 4096


def filling(prefix: str, word: str = "internationalisering ") -> str:
    """Member text that, after `prefix`, fills a message to exactly 4,096 characters."""
    room = LIMIT - len(prefix)
    body = (word * (room // len(word) + 1))[:room].rstrip()
    return body + "x" * (room - len(body))


def refused(bot) -> list[str]:
    return [
        row.last_error or "" for row in bot.rows(OutboxMessage, OutboxMessage.status == "failed")
    ]


async def test_a_full_length_question_and_answer_are_posted_and_kept_whole(bot, fake):
    anna, bram = fake.add_user("Anna", username="anna"), fake.add_user("Bram", username="bram")
    group = fake.add_group("Team Zorg", members=[anna, bram])
    await anna.send(group, "/sessie 150")
    await anna.send(group, "/begin")
    question = filling("/vraag ")
    await say(bot, anna, group, "/vraag " + question)

    posted = last_bot(group, "Vraag van Anna")
    assert formatting.telegram_length(posted.text) <= LIMIT
    assert "Ingekort. De hele vraag staat in /samenvatting" in posted.text
    shown = posted.text.split("\n")[1]
    assert shown.endswith("internationalisering…"), "cut after a whole word"
    (stored,) = bot.rows(Question, Question.kind == "eigen")
    assert stored.text == question

    answer = filling("", "uitwisseling ")
    await say(bot, bram, group, answer, reply_to=posted)
    assert [a.text for a in bot.rows(Answer)] == [answer]

    await bot.tick(minutes=25)  # step 1 ends: its wrap-up quotes the answer
    wrap_up = last_bot(group, "Stap 1 · Betekenis is klaar")
    assert "Lange antwoorden staan hier ingekort. Voluit in /samenvatting" in wrap_up.text
    await say(bot, anna, group, "/samenvatting")
    assert refused(bot) == []
    summary = group.bot_messages()[-1]
    assert summary.document is not None or answer in summary.text


async def test_a_full_length_action_is_answered_and_kept(bot, fake):
    anna = fake.add_user("Anna", username="anna")
    group = fake.add_group("Team Zorg", members=[anna])
    await say(bot, anna, group, "/sessie")
    prefix = "/actie ik over twee weken: "
    text = filling(prefix, "partnerschool ")
    await say(bot, anna, group, prefix + text)
    assert refused(bot) == []
    said = group.bot_messages()[-1]
    assert formatting.telegram_length(said.text) <= LIMIT
    assert said.text.startswith("Dat is wat lang")
    # Nothing is lost: the rest of the line is kept, and a shorter text makes it an action.
    (draft,) = bot.rows(ActionDraft)
    assert draft.owner_id == anna.id and draft.deadline is not None
    await say(bot, anna, group, "Partnerschool zoeken in Duitsland", reply_to=said)
    (action,) = bot.rows(Action)
    assert action.text == "Partnerschool zoeken in Duitsland"
    assert count_bot(group, "Actie #1") == 1
    assert refused(bot) == []
