"""The reply router (bot.services.reply_routing): a reply lands with the service that owns
the message it replies to, read once from the outbox; what no owner takes is an answer to
the session. And the events (bot.services.events): who follows up, in which order."""

from __future__ import annotations

from dataclasses import replace

from bot.services.buttons import CardOp, CardPress
from bot.services.events import Events, MemberForgotten, SessionFinished
from bot.services.reply_routing import Taken
from bot.texts.actions import actions as action_texts
from storage.models import Action, ActionDraft, Answer, BoardItem, OutboxMessage
from storage.values import Family
from tests.services.helpers import ANNA, BRAM, Group, families, kind
from tests.services.test_action_dialog import actie, latest_question
from tests.services.test_sessions import begun, session_of


def delivered(group: Group, family: Family) -> OutboxMessage:
    group.deliver()
    return [row for row in group.outbox() if kind(row).family == family][-1]


def test_a_reply_to_a_dialog_question_answers_the_dialog_not_the_session(group):
    begun(group, BRAM)
    actie(group)
    question = latest_question(group)
    # Settling the question (through the same table) told the dialog where it is.
    (draft,) = group.rows(ActionDraft)
    assert draft.prompt_message_id == question.message_id
    taken = group.services.router.reply(group.said(ANNA, "Lesbrief vertalen", to=question))
    assert taken == Taken(prompt_outcome=(None, ()))
    (draft,) = group.rows(ActionDraft)
    assert draft.text == "Lesbrief vertalen"
    assert group.rows(Answer) == []


def test_a_reply_to_an_action_card_or_a_quiet_message_is_no_answer(group):
    begun(group, BRAM)
    actie(group, "ik 15 december: Lesbrief vertalen")
    card = delivered(group, Family.ACTION)
    router = group.services.router
    taken = router.reply(group.said(BRAM, "Mag ik helpen?", to=card))
    assert taken == Taken(prompt_outcome=(action_texts.USE_CARD_BUTTONS, ()))
    group.services.actions.mark_done(
        chat_id=group.chat_id, by=ANNA, number_arg="1", message_id=group.message_id()
    )
    done = delivered(group, Family.DONE)
    assert router.reply(group.said(BRAM, "Top!", to=done)) == Taken(prompt_outcome=(None, ()))
    assert group.rows(Answer) == []


def test_a_reply_to_an_edit_question_changes_the_action(group):
    begun(group, BRAM)
    actie(group, "ik 15 december: Lesbrief vertalen")
    card = delivered(group, Family.ACTION)
    (action,) = group.rows(Action)
    group.services.actions.card_button(group.press(ANNA, card), CardPress(action.id, CardOp.TEXT))
    ask = delivered(group, Family.EDIT)
    taken = group.services.router.reply(group.said(ANNA, "Lesbrief in het Engels", to=ask))
    assert taken.prompt_outcome is not None
    assert [action.text for action in group.rows(Action)] == ["Lesbrief in het Engels"]
    assert group.rows(Answer) == []


def test_a_reply_to_a_board_proposes_an_own_item_and_is_an_answer_too(group):
    begun(group, BRAM)
    sessions = group.services.sessions
    while not [row for row in group.outbox() if kind(row).family == Family.BOARD]:
        sessions.next_step(chat_id=group.chat_id, by=ANNA)
    board = delivered(group, Family.BOARD)
    group.queued()
    taken = group.services.router.reply(group.said(BRAM, "Gastlessen in het Engels", to=board))
    assert taken == Taken(notice="", stored=True)
    (item,) = group.rows(BoardItem, BoardItem.label == "Gastlessen in het Engels")
    assert item.proposed_by == BRAM.id
    assert [family for family, _ in families(group.queued())] == [Family.OWN_ITEM]
    (answer,) = group.rows(Answer)
    assert answer.text == "Gastlessen in het Engels"


def test_a_reply_to_a_card_is_an_answer(group):
    begun(group, BRAM)
    card = delivered(group, Family.CARD)
    taken = group.services.router.reply(group.said(BRAM, "Uitwisseling met Gent", to=card))
    assert taken == Taken(stored=True)
    (answer,) = group.rows(Answer)
    assert (answer.user_id, answer.step) == (BRAM.id, 1)


def test_a_reply_to_an_unknown_or_another_chats_message_is_handled_as_before(group):
    begun(group, BRAM)
    card = delivered(group, Family.CARD)
    router = group.services.router
    # Not in the outbox (a message id a crash kept from us): the running step's answer.
    unknown = replace(group.said(BRAM, "Meer Engels"), replied_to_id=card.message_id + 1000)
    assert router.reply(unknown) == Taken(stored=True)
    # The same message id in a chat without a session: nobody's, nothing stored.
    elsewhere = replace(group.said(BRAM, "Meer Duits", to=card), chat_id=-100999)
    assert router.reply(elsewhere) == Taken()
    assert [answer.text for answer in group.rows(Answer)] == ["Meer Engels"]


def test_a_finished_session_queues_closing_summary_then_poster(group):
    begun(group, BRAM)
    group.services.sessions.stop(chat_id=group.chat_id, by=ANNA)
    queued = [family for family, _ in families(group.queued())]
    assert queued[0] == Family.CLOSING
    # The poster (the first SessionFinished handler) follows the whole closing summary.
    first_poster = queued.index(Family.POSTER)
    assert Family.SUMMARY in queued[1:first_poster]
    assert not {Family.SUMMARY, Family.SUMMARY_DOCUMENT} & set(queued[first_poster:])
    assert session_of(group).finished_at is not None


def test_events_run_their_declared_handlers_in_order():
    heard: list[str] = []
    events = Events()
    events.declare(
        {
            SessionFinished: [lambda e: heard.append("poster"), lambda e: heard.append("links")],
            MemberForgotten: [lambda e: heard.append(f"forget {e.user_id}") or True],
        }
    )
    assert events.publish(SessionFinished(db=None, session=None)) is False  # type: ignore[arg-type]
    assert events.publish(MemberForgotten(7)) is True
    assert heard == ["poster", "links", "forget 7"]
