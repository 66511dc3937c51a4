"""The /actie dialog (bot.services.actions.dialog) branch by branch: what each question,
answer, button and time-out stores, and which messages it queues. The journeys through the
real Application are in tests/e2e/test_actions.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any, get_args

import pytest

from bot.core.calendar.deadlines import DeadlineError, parse_deadline
from bot.services.actions.actions import MAX_ACTION_TEXT, MemberReply
from bot.services.actions.dialog import BY_PRESS, MAX_LEERJAAR, MAX_NOTE, STAGES
from bot.services.buttons import (
    Confirm,
    DialogActivity,
    DialogConfirm,
    DialogDeadline,
    DialogNeeds,
    DialogOwner,
    DialogPress,
    MarkItem,
    NeedsMove,
    decode_dialog,
)
from bot.services.common import Person, Press, Refusal
from bot.services.session.marks import NEW
from bot.texts import formatting
from bot.texts import help as help_texts
from bot.texts.actions import actions as action_texts
from bot.texts.calendar.dates import deadline_problem
from storage.models import Action, ActionDraft, OutboxMessage, WorkSession
from storage.values import DraftStatus, Family, Stage
from tests.services.helpers import ANNA, BRAM, CARLA, Group, button_texts, families, kind

TODAY = date(2026, 11, 24)  # the FakeClock's day


def actie(group: Group, text: str = "", *, who: Person = ANNA, message_id: int = 0) -> None:
    """`/actie text` in the group (bare: the guided dialog)."""
    group.see(who)  # as intake does with every update's sender
    group.services.dialog.add(
        chat_id=group.chat_id,
        thread_id=None,
        chat_title=group.title,
        by=who,
        message_id=message_id or group.message_id(),
        text=text,
        mentioned={},
    )


def start(group: Group, who: Person = ANNA) -> OutboxMessage:
    """A bare /actie by `who`: the dialog's first question, delivered."""
    actie(group, who=who)
    return latest_question(group)


def latest_question(group: Group) -> OutboxMessage:
    group.deliver()
    return [row for row in group.outbox() if kind(row).family == Family.DIALOG][-1]


def next_timeout(group: Group) -> datetime | None:
    return group.services.wakeups.next_at("dialog-timeouts")


def draft_of(group: Group, who: Person = ANNA) -> ActionDraft:
    (draft,) = group.rows(ActionDraft, ActionDraft.user_id == who.id)
    return draft


def answer(group: Group, question: OutboxMessage, text: str, who: Person = ANNA):
    return group.services.router.reply(group.said(who, text, to=question)).prompt_outcome


def plain(group: Group, said: MemberReply, thread_id: int | None = None):
    """A message that replies to nothing: what the dialog made of it (None: not its)."""
    return group.services.router.plain(said, thread_id=thread_id, edited=False).prompt_outcome


def press(group: Group, question: OutboxMessage, label: str, who: Person = ANNA):
    """Tap the button labelled `label` under `question`."""
    markup = question.reply_markup or {}
    (data,) = [
        button["callback_data"]
        for line in markup["inline_keyboard"]
        for button in line
        if button["text"] == label
    ]
    return group.services.dialog.button(group.press(who, question), decode_dialog(data))


def tap(
    group: Group,
    question: OutboxMessage,
    button: Callable[[int, Any], DialogPress],
    arg,
    who: Person = ANNA,
):
    """Send button data by hand: an old button, or one made up."""
    draft_id = kind(question).ref_id
    assert draft_id is not None
    return group.services.dialog.button(group.press(who, question), button(draft_id, arg))


def to_owner(group: Group) -> OutboxMessage:
    """A guided dialog told what: the question who, delivered."""
    answer(group, start(group), "Stagebedrijven bellen")
    return latest_question(group)


def to_deadline(group: Group) -> OutboxMessage:
    """... and who (the member herself): the question when, delivered."""
    press(group, to_owner(group), action_texts.ME_BUTTON)
    return latest_question(group)


def to_needs(group: Group) -> OutboxMessage:
    """A guided dialog with what, who and when answered: the needs question (no step 4
    activities to ask about)."""
    tap(group, to_deadline(group), DialogDeadline, (TODAY + timedelta(days=14)).isoformat())
    question = latest_question(group)
    assert kind(question).detail == Stage.NEEDS
    return question


def to_confirm(group: Group) -> OutboxMessage:
    """... nothing needed, no leerjaar: the question to save, delivered."""
    press(group, to_needs(group), action_texts.NEXT_BUTTON)
    press(group, latest_question(group), action_texts.SKIP_BUTTON)
    return latest_question(group)


# --- opening ------------------------------------------------------------------------------


def test_bare_actie_asks_what_as_a_reply_to_the_command(group):
    actie(group, message_id=42)
    (question,) = group.queued()
    assert families([question]) == [(Family.DIALOG, Stage.WHAT)]
    assert (question.chat_id, question.reply_to_message_id) == (group.chat_id, 42)
    assert "wat ga je doen?" in question.text
    assert question.reply_markup and question.reply_markup["force_reply"] is True
    draft = draft_of(group)
    assert (draft.status, draft.stage, draft.guided) == (DraftStatus.OPEN, Stage.WHAT, True)


def test_a_whole_line_saves_the_action_at_once(group):
    actie(group, "ik 15 december: Lesbrief vertalen")
    (action,) = group.rows(Action)
    assert (action.text, action.owner_id, action.deadline) == (
        "Lesbrief vertalen",
        ANNA.id,
        date(2026, 12, 15),
    )
    assert families(group.queued()) == [(Family.ACTION, None)]
    assert group.rows(ActionDraft) == []


def test_a_line_without_a_date_keeps_the_rest_and_asks_only_when(group):
    actie(group, "ik: Lesbrief vertalen")
    draft = draft_of(group)
    assert (draft.text, draft.owner_id, draft.deadline) == ("Lesbrief vertalen", ANNA.id, None)
    (question,) = group.queued()
    assert families([question]) == [(Family.DIALOG, Stage.DEADLINE)]
    assert "Dit heb ik al" in question.text and "Lesbrief vertalen" in question.text
    # A one-line /actie is no guided dialog: the date is the last thing it needs.
    answer(group, latest_question(group), "15 december")
    (action,) = group.rows(Action)
    assert action.deadline == date(2026, 12, 15)
    assert draft_of(group).status == DraftStatus.SAVED
    assert families(group.queued()) == [(Family.ACTION, None)]


def test_a_name_nobody_has_is_asked_first_with_the_team_as_buttons(group):
    group.see(ANNA, BRAM)
    actie(group, "Zoltan 15 december: Lesbrief vertalen")
    (question,) = group.queued()
    assert families([question]) == [(Family.DIALOG, Stage.OWNER)]
    assert action_texts.unknown_name("Zoltan") in question.text
    assert button_texts(question.reply_markup) == ["Bram", action_texts.ME_BUTTON]
    draft = draft_of(group)
    assert (draft.text, draft.deadline) == ("Lesbrief vertalen", date(2026, 12, 15))


# --- the questions, typed ------------------------------------------------------------------


def test_the_guided_dialog_saves_what_every_question_was_answered(group):
    needs = to_needs(group)
    group.queued()
    reply, views = press(group, needs, "kennis")
    assert reply is None
    assert "✅ kennis" in button_texts(views[0].reply_markup)
    assert group.queued() == []  # a toggle only edits the question in place
    assert draft_of(group).needs == ["kennis"]
    press(group, needs, action_texts.NEXT_BUTTON)
    leerjaar = latest_question(group)
    assert kind(leerjaar).detail == Stage.LEERJAAR
    press(group, leerjaar, "Leerjaar 2")
    confirm = latest_question(group)
    assert kind(confirm).detail == Stage.CONFIRM
    assert "Stagebedrijven bellen" in confirm.text
    group.queued()
    notice, (view,) = press(group, confirm, action_texts.SAVE_BUTTON)
    (action,) = group.rows(Action)
    assert (action.text, action.owner_id, action.deadline, action.needs, action.leerjaar) == (
        "Stagebedrijven bellen",
        ANNA.id,
        TODAY + timedelta(days=14),
        ["kennis"],
        "2",
    )
    assert view.text == action_texts.answered(confirm.text, action_texts.saved_as(action.number))
    assert view.reply_markup == {"inline_keyboard": []}
    assert families(group.queued()) == [(Family.ACTION, None)]
    draft = draft_of(group)
    assert (draft.status, draft.action_id) == (DraftStatus.SAVED, action.id)


def test_an_empty_what_is_asked_again_and_nothing_is_kept(group):
    what = start(group)
    group.queued()
    assert answer(group, what, "   ") == (None, ())
    (again,) = group.queued()
    assert families([again]) == [(Family.DIALOG, Stage.WHAT)]
    assert again.text.startswith(action_texts.TEXT_NEEDED)
    assert draft_of(group).text is None


def test_a_too_long_what_is_refused_in_one_sentence_and_asked_again(group):
    what = start(group)
    group.queued()
    answer(group, what, "x" * (MAX_ACTION_TEXT + 1))
    (again,) = group.queued()
    assert again.text.startswith(action_texts.text_too_long(MAX_ACTION_TEXT))
    assert kind(again).detail == Stage.WHAT
    assert draft_of(group).stage == Stage.WHAT


def test_a_typed_owner_by_username_is_taken(group):
    group.see(ANNA, BRAM)
    owner = to_owner(group)
    group.queued()
    answer(group, owner, "@bram")
    assert draft_of(group).owner_id == BRAM.id
    assert families(group.queued()) == [(Family.DIALOG, Stage.DEADLINE)]


def test_a_typed_owner_nobody_has_keeps_the_question_open(group):
    owner = to_owner(group)
    group.queued()
    answer(group, owner, "@onbekend")
    (again,) = group.queued()
    assert kind(again).detail == Stage.OWNER
    assert action_texts.unknown_owner("onbekend") in again.text
    draft = draft_of(group)
    assert (draft.owner_id, draft.text) == (None, "Stagebedrijven bellen")


@pytest.mark.parametrize("typed", ["als het uitkomt", "1 november 2026"])
def test_a_typed_date_that_cannot_be_the_deadline_says_why(group, typed):
    deadline = to_deadline(group)
    group.queued()
    answer(group, deadline, typed)
    (again,) = group.queued()
    assert kind(again).detail == Stage.DEADLINE
    with pytest.raises(DeadlineError) as why:
        parse_deadline(typed, today=TODAY)
    assert again.text.startswith(formatting.esc(deadline_problem(why.value, today=TODAY)))
    draft = draft_of(group)
    assert (draft.deadline, draft.text) == (None, "Stagebedrijven bellen")


def test_a_typed_need_note_is_kept_and_a_long_one_refused(group):
    needs = to_needs(group)
    group.queued()
    assert tap(group, needs, DialogNeeds, NeedsMove.NOTE) == (None, ())
    (note_question,) = group.queued()
    assert families([note_question]) == [(Family.DIALOG, Stage.NEEDS)]
    assert note_question.reply_markup and note_question.reply_markup["force_reply"]
    answer(group, latest_question(group), "x" * (MAX_NOTE + 1))
    (again,) = group.queued()
    assert again.text.startswith(action_texts.note_too_long(MAX_NOTE))
    assert draft_of(group).needs_note is None
    answer(group, latest_question(group), "contact met een  partnerschool")
    assert draft_of(group).needs_note == "contact met een partnerschool"
    assert kind(group.queued()[-1]).detail == Stage.NEEDS


def test_a_typed_leerjaar_drops_the_word_and_a_long_one_is_refused(group):
    needs = to_needs(group)
    press(group, needs, action_texts.NEXT_BUTTON)
    leerjaar = latest_question(group)
    group.queued()
    answer(group, leerjaar, "x" * (MAX_LEERJAAR + 1))
    (again,) = group.queued()
    assert again.text.startswith(action_texts.leerjaar_too_long(MAX_LEERJAAR))
    answer(group, latest_question(group), "Leerjaar 3 en 4")
    draft = draft_of(group)
    assert (draft.leerjaar, draft.stage) == ("3 en 4", Stage.CONFIRM)
    assert families(group.queued()) == [(Family.DIALOG, Stage.CONFIRM)]


def test_a_typed_owner_that_is_no_name_asks_for_a_button(group):
    owner = to_owner(group)
    group.queued()
    answer(group, owner, "weet ik nog niet?")
    (again,) = group.queued()
    assert kind(again).detail == Stage.OWNER
    assert action_texts.OWNER_BY_BUTTON in again.text
    assert draft_of(group).text == "Stagebedrijven bellen"


def test_typing_under_the_offer_to_go_on_asks_for_a_button(group, clock):
    to_owner(group)
    clock.advance(hours=1)
    group.services.dialog.process_due()
    resume = start(group)
    group.queued()
    assert answer(group, resume, "verder") == (action_texts.PRESS_A_BUTTON, ())
    assert group.queued() == []
    assert draft_of(group).text == "Stagebedrijven bellen"


def test_a_reply_to_an_earlier_optional_question_goes_on_from_there(group, deck):
    """The optional questions are asked in order: answering an earlier one again (a reply
    to it) asks the one after it, whatever the dialog had come to."""
    marked_activity(group, deck)
    activity = to_activity(group)
    press(group, activity, action_texts.SKIP_BUTTON)
    needs = latest_question(group)
    press(group, needs, action_texts.NEXT_BUTTON)
    assert draft_of(group).stage == Stage.LEERJAAR
    group.queued()
    answer(group, activity, "Gastles")
    assert families(group.queued()) == [(Family.DIALOG, Stage.NEEDS)]
    draft = draft_of(group)
    assert (draft.activity, draft.stage) == ("Gastles", Stage.NEEDS)


def test_a_need_note_typed_later_keeps_the_dialog_where_it_is(group):
    """A note to the needs answers no question: the dialog asks what it was asking."""
    needs = to_needs(group)
    tap(group, needs, DialogNeeds, NeedsMove.NOTE)
    note_question = latest_question(group)
    press(group, needs, action_texts.NEXT_BUTTON)
    press(group, latest_question(group), action_texts.SKIP_BUTTON)
    group.queued()
    answer(group, note_question, "een partnerschool")
    (again,) = group.queued()
    assert kind(again).detail == Stage.CONFIRM
    assert "een partnerschool" in again.text
    draft = draft_of(group)
    assert (draft.needs_note, draft.stage) == ("een partnerschool", Stage.CONFIRM)


def test_typing_under_the_confirmation_asks_for_a_button(group):
    confirm = to_confirm(group)
    group.queued()
    assert answer(group, confirm, "ja") == (action_texts.PRESS_A_BUTTON, ())
    assert group.queued() == []
    assert group.rows(Action) == []


def test_a_reply_to_another_bot_message_is_no_dialog_answer(group):
    group.services.sessions.open(chat_id=group.chat_id, thread_id=None, by=ANNA, minutes_arg=None)
    start(group)
    (opening,) = [row for row in group.outbox() if kind(row).family == Family.OPENING]
    assert (
        group.services.router.reply(group.said(ANNA, "Lesbrief", to=opening)).prompt_outcome is None
    )
    assert draft_of(group).text is None


# --- the buttons ---------------------------------------------------------------------------


def test_the_owner_button_names_the_member_pressed(group):
    group.see(ANNA, BRAM, CARLA)
    owner = to_owner(group)
    assert button_texts(owner.reply_markup) == ["Bram", "Carla", action_texts.ME_BUTTON]
    notice, (view,) = press(group, owner, "Carla")
    assert notice is None and view.text == action_texts.answered(owner.text, "Carla")
    assert draft_of(group).owner_id == CARLA.id


def test_an_owner_button_for_someone_outside_the_team_is_refused(group):
    owner = to_owner(group)
    with pytest.raises(Refusal) as refused:
        tap(group, owner, DialogOwner, str(CARLA.id))
    assert refused.value.text == action_texts.NOT_IN_TEAM
    assert draft_of(group).owner_id is None


def test_type_a_date_asks_for_it_without_moving_on(group):
    deadline = to_deadline(group)
    group.queued()
    assert press(group, deadline, action_texts.TYPE_DATE_BUTTON) == (None, ())
    (typed,) = group.queued()
    assert families([typed]) == [(Family.DIALOG, Stage.DEADLINE)]
    assert typed.reply_markup and typed.reply_markup["force_reply"]
    assert draft_of(group).stage == Stage.DEADLINE
    answer(group, latest_question(group), "15 december")
    assert draft_of(group).deadline == date(2026, 12, 15)


def test_a_deadline_button_from_an_earlier_day_is_refused(group):
    deadline = to_deadline(group)
    with pytest.raises(Refusal):
        tap(group, deadline, DialogDeadline, (TODAY - timedelta(days=1)).isoformat())
    assert draft_of(group).deadline is None


def marked_activity(group: Group, deck) -> str:
    """A session in which Bram marked the deck's first activity interesting; its label."""
    group.services.sessions.open(chat_id=group.chat_id, thread_id=None, by=ANNA, minutes_arg=None)
    (session,) = group.rows(WorkSession)
    activity = deck.activities[0]
    group.services.marks.toggle(
        Press(group.chat_id, 1, BRAM), MarkItem(session.id, NEW, activity.key)
    )
    return activity.label


def to_activity(group: Group) -> OutboxMessage:
    tap(group, to_deadline(group), DialogDeadline, "2026-12-15")
    question = latest_question(group)
    assert kind(question).detail == Stage.ACTIVITY
    return question


def test_the_step_4_activities_are_offered_and_an_unknown_one_refused(group, deck):
    label = marked_activity(group, deck)
    activity = to_activity(group)
    assert button_texts(activity.reply_markup) == [label, action_texts.SKIP_BUTTON]
    with pytest.raises(Refusal) as refused:
        tap(group, activity, DialogActivity, "iets-anders")
    assert refused.value.text == help_texts.UNKNOWN_CHOICE
    press(group, activity, label)
    draft = draft_of(group)
    assert (draft.activity, draft.stage) == (label, Stage.NEEDS)
    assert kind(latest_question(group)).detail == Stage.NEEDS


def test_a_typed_activity_is_kept_as_typed(group, deck):
    marked_activity(group, deck)
    activity = to_activity(group)
    answer(group, activity, "  Gastles   door een  alumnus ")
    draft = draft_of(group)
    assert (draft.activity, draft.stage) == ("Gastles door een alumnus", Stage.NEEDS)


def test_a_quick_deadline_button_shows_the_day_and_moves_on(group):
    deadline = to_deadline(group)
    label = button_texts(deadline.reply_markup)[0]
    notice, (view,) = press(group, deadline, label)
    day = draft_of(group).deadline
    assert notice is None and day is not None and day > TODAY
    assert view.text.startswith(action_texts.answered(deadline.text, ""))
    assert view.reply_markup == {"inline_keyboard": []}
    assert kind(latest_question(group)).detail == Stage.NEEDS


def test_a_need_toggled_twice_is_not_needed(group):
    needs = to_needs(group)
    press(group, needs, "kennis")
    # The toggles edit the question in place; its stored buttons are as first sent.
    _, (view,) = press(group, needs, "kennis")
    assert "kennis" in button_texts(view.reply_markup)
    assert draft_of(group).needs == []
    assert draft_of(group).stage == Stage.NEEDS


def test_next_shows_the_needs_chosen_and_asks_the_leerjaar(group):
    needs = to_needs(group)
    press(group, needs, "tijd")
    group.queued()
    notice, (view,) = press(group, needs, action_texts.NEXT_BUTTON)
    assert notice is None and "tijd" in view.text
    assert view.reply_markup == {"inline_keyboard": []}
    assert families(group.queued()) == [(Family.DIALOG, Stage.LEERJAAR)]


def test_skipping_the_activity_and_the_leerjaar_keeps_them_empty(group, deck):
    marked_activity(group, deck)
    activity = to_activity(group)
    _, (view,) = press(group, activity, action_texts.SKIP_BUTTON)
    assert view.text == action_texts.answered(activity.text, action_texts.SKIPPED_ANSWER)
    press(group, latest_question(group), action_texts.NEXT_BUTTON)
    leerjaar = latest_question(group)
    _, (view,) = press(group, leerjaar, action_texts.SKIP_BUTTON)
    assert view.text == action_texts.answered(leerjaar.text, action_texts.SKIPPED_ANSWER)
    draft = draft_of(group)
    assert (draft.activity, draft.leerjaar, draft.stage) == (None, None, Stage.CONFIRM)


def test_a_button_of_another_question_is_refused(group):
    """Made-up data: a confirm button under the question who saves nothing."""
    owner = to_owner(group)
    with pytest.raises(Refusal) as refused:
        tap(group, owner, DialogConfirm, Confirm.SAVE)
    assert refused.value.text == help_texts.UNKNOWN_BUTTON_DATA
    assert group.rows(Action) == []
    assert draft_of(group).stage == Stage.OWNER


def test_cancel_keeps_no_action(group):
    confirm = to_confirm(group)
    group.queued()
    notice, (view,) = press(group, confirm, action_texts.CANCEL_BUTTON)
    assert notice == action_texts.DRAFT_CANCELLED and view.text == action_texts.DRAFT_CANCELLED
    assert draft_of(group).status == DraftStatus.CANCELLED
    assert group.rows(Action) == [] and group.queued() == []
    with pytest.raises(Refusal) as refused:
        press(group, confirm, action_texts.SAVE_BUTTON)
    assert refused.value.text == action_texts.DIALOG_CLOSED


def test_a_button_under_an_answered_question_is_stale(group):
    owner = to_owner(group)
    press(group, owner, action_texts.ME_BUTTON)
    with pytest.raises(Refusal) as refused:
        press(group, owner, action_texts.ME_BUTTON)
    assert refused.value.text == action_texts.STALE_QUESTION


def test_another_members_buttons_are_not_theirs(group):
    group.see(ANNA, BRAM)
    owner = to_owner(group)
    with pytest.raises(Refusal) as refused:
        press(group, owner, action_texts.ME_BUTTON, who=BRAM)
    assert refused.value.text == action_texts.not_your_dialog("Anna de Vries")
    assert draft_of(group).owner_id is None
    # Nor are their typed answers.
    assert answer(group, owner, "ik", who=BRAM) == (
        action_texts.not_your_dialog("Anna de Vries"),
        (),
    )


# --- time-outs and resuming ---------------------------------------------------------------


def test_a_dialog_left_alone_is_closed_once_and_kept(group, clock):
    to_owner(group)
    group.queued()
    dialog = group.services.dialog
    timeout = dialog.timeout
    assert next_timeout(group) == clock.now() + timeout
    clock.advance(seconds=timeout.total_seconds() - 1)
    dialog.process_due()
    assert group.queued() == []
    clock.advance(seconds=1)
    dialog.process_due()
    (closed,) = group.queued()
    assert families([closed]) == [(Family.DIALOG_CLOSED, None)]
    assert "Ik heb bewaard wat je al had ingevuld" in closed.text
    draft = draft_of(group)
    assert (draft.status, draft.text) == (DraftStatus.ABANDONED, "Stagebedrijven bellen")
    dialog.process_due()
    assert group.queued() == [] and next_timeout(group) is None


def test_the_time_out_counts_from_the_latest_answer(group, clock):
    owner = to_owner(group)
    dialog = group.services.dialog
    clock.advance(seconds=dialog.timeout.total_seconds() - 60)
    press(group, owner, action_texts.ME_BUTTON)
    clock.advance(seconds=120)
    group.queued()
    dialog.process_due()
    assert group.queued() == []
    assert next_timeout(group) == clock.now() - timedelta(seconds=120) + dialog.timeout


def test_answering_after_the_time_out_picks_the_dialog_up(group, clock):
    owner = to_owner(group)
    clock.advance(seconds=group.services.dialog.timeout.total_seconds())
    group.services.dialog.process_due()
    press(group, owner, action_texts.ME_BUTTON)
    draft = draft_of(group)
    assert (draft.status, draft.owner_id, draft.stage) == (
        DraftStatus.OPEN,
        ANNA.id,
        Stage.DEADLINE,
    )


def test_actie_again_offers_to_go_on_with_what_was_kept(group, clock):
    to_owner(group)
    clock.advance(hours=1)
    group.services.dialog.process_due()
    group.queued()
    resume = start(group)
    assert families(group.queued()) == [(Family.DIALOG, Stage.RESUME)]
    assert "Stagebedrijven bellen" in resume.text
    assert button_texts(resume.reply_markup) == [
        action_texts.RESUME_BUTTON,
        action_texts.RESTART_BUTTON,
    ]
    notice, (view,) = press(group, resume, action_texts.RESUME_BUTTON)
    assert view.text == action_texts.answered(resume.text, action_texts.GO_ON_ANSWER)
    assert families(group.queued()) == [(Family.DIALOG, Stage.OWNER)]
    draft = draft_of(group)
    assert (draft.status, draft.text) == (DraftStatus.OPEN, "Stagebedrijven bellen")


def test_starting_over_forgets_the_draft_and_its_old_questions(group, clock):
    owner = to_owner(group)
    clock.advance(hours=1)
    group.services.dialog.process_due()
    resume = start(group)
    clock.advance(seconds=1)
    group.queued()
    press(group, resume, action_texts.RESTART_BUTTON)
    assert families(group.queued()) == [(Family.DIALOG, Stage.WHAT)]
    draft = draft_of(group)
    assert (draft.text, draft.stage, draft.status) == (None, Stage.WHAT, DraftStatus.OPEN)
    # A question of the dialog before starting over no longer counts.
    with pytest.raises(Refusal) as refused:
        press(group, owner, action_texts.ME_BUTTON)
    assert refused.value.text == action_texts.DIALOG_CLOSED


# --- plain messages while a dialog waits ---------------------------------------------------


def test_a_plain_message_answers_what(group):
    start(group)
    group.queued()
    outcome = plain(group, group.said(ANNA, "Stagebedrijven bellen"))
    assert outcome == (None, ())
    assert draft_of(group).text == "Stagebedrijven bellen"
    assert families(group.queued()) == [(Family.DIALOG, Stage.OWNER)]


def test_a_plain_message_that_cannot_be_the_answer_is_caught_not_lost(group, clock):
    """The trap: a member whose dialog waits for a name types something else without
    replying. It is not taken as the answer; the member hears to reply to the question (and
    the shell, seeing an outcome, does not store it as an answer to the session either)."""
    to_owner(group)
    group.queued()
    clock.advance(minutes=5)
    said = group.said(ANNA, "Ik denk dat we meer moeten samenwerken")
    notice, views = plain(group, said)
    assert notice and "Anna" in notice and "reageer op mijn vraag hierboven" in notice
    assert views == ()
    draft = draft_of(group)
    # Still waiting, and waiting longer: the time-out counts from this message.
    assert (draft.stage, draft.owner_id, draft.updated_at) == (Stage.OWNER, None, clock.now())
    assert group.queued() == []


def test_a_plain_date_answers_when(group):
    to_deadline(group)
    plain(group, group.said(ANNA, "15 december"))
    assert draft_of(group).deadline == date(2026, 12, 15)


def test_a_plain_message_elsewhere_or_from_someone_else_is_not_the_dialogs(group):
    start(group)
    assert plain(group, group.said(ANNA, "Stagebedrijven bellen"), thread_id=7) is None
    assert plain(group, group.said(BRAM, "Stagebedrijven bellen")) is None
    assert draft_of(group).text is None


def test_a_plain_message_after_the_dialog_was_saved_is_not_the_dialogs(group):
    actie(group, "ik: Lesbrief vertalen")
    question = latest_question(group)
    answer(group, question, "15 december")
    assert plain(group, group.said(ANNA, "morgen")) is None


def test_the_delivered_question_is_remembered_on_the_draft(group):
    what = start(group)
    assert draft_of(group).prompt_message_id == what.message_id
    # Taken as a typed owner: "ik" is the member who answers.
    answer(group, what, "Stagebedrijven bellen")
    owner = latest_question(group)
    answer(group, owner, "ik")
    deadline = latest_question(group)
    assert draft_of(group).owner_id == ANNA.id
    assert draft_of(group).prompt_message_id == deadline.message_id


# --- the table ----------------------------------------------------------------------------


def test_every_question_has_its_stage_and_every_dialog_button_one_question():
    assert set(STAGES) == set(Stage) - {Stage.SAVE}
    assert all(stage == spec.stage for stage, spec in STAGES.items())
    assert set(BY_PRESS) == set(get_args(DialogPress))
