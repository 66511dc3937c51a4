"""The work session (bot.services.session.sessions) call by call: opening, joining, the steps and
their clock, the chair's controls and answers; what each stores and which messages it
queues. The journeys through the real Application are in tests/e2e/test_session_flow.py."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.services.buttons import BeginSession, JoinSession
from bot.services.common import Person, Refusal
from bot.services.session.state import GATHERING_WITHOUT_CHAIR
from bot.texts import help as help_texts
from bot.texts.privacy import privacy as privacy_texts
from bot.texts.session import session as session_texts
from bot.texts.team import membership as membership_texts
from bot.texts.team.membership import unknown_in_group
from storage.models import Answer, Participant, Question, WorkSession
from storage.values import Family, SessionStatus
from tests.services.helpers import ANNA, BRAM, CARLA, DIRK, Group, button_texts, families, kind

STEP_ONE = timedelta(minutes=20)  # of the default 150 minutes (the deck's own split)


def session_of(group: Group) -> WorkSession:
    (session,) = group.rows(WorkSession)
    return session


def participants(group: Group) -> set[int]:
    return {p.user_id for p in group.rows(Participant)}


def opened(group: Group, *joining: Person, minutes: str | None = None) -> WorkSession:
    group.see(ANNA, *joining)
    sessions = group.services.sessions
    sessions.open(chat_id=group.chat_id, thread_id=None, by=ANNA, minutes_arg=minutes)
    for member in joining:
        sessions.join(chat_id=group.chat_id, who=member)
    return session_of(group)


def begun(group: Group, *joining: Person) -> WorkSession:
    opened(group, *joining)
    group.services.sessions.begin(chat_id=group.chat_id, by=ANNA)
    group.queued()
    return session_of(group)


def refused(call, *args, **kwargs) -> str:
    with pytest.raises(Refusal) as refusal:
        call(*args, **kwargs)
    return refusal.value.text


# --- opening and joining -------------------------------------------------------------------


def test_open_posts_the_opening_and_the_chair_takes_part(group):
    session = opened(group)
    assert (session.status, session.chair_id, session.total_minutes) == (
        SessionStatus.GATHERING,
        ANNA.id,
        150,
    )
    assert sum(session.step_seconds) == 150 * 60
    assert participants(group) == {ANNA.id}
    (opening,) = group.queued()
    assert families([opening]) == [(Family.OPENING, None)]
    assert "Anna de Vries" in opening.text
    assert button_texts(opening.reply_markup) == [
        session_texts.JOIN_BUTTON,
        session_texts.BEGIN_BUTTON,
    ]
    assert (opening.chat_id, opening.session_id) == (group.chat_id, session.id)


def test_open_with_minutes_spreads_them_over_the_steps(group):
    session = opened(group, minutes="50")
    assert session.total_minutes == 50 and sum(session.step_seconds) == 50 * 60


@pytest.mark.parametrize(
    ("minutes", "why"),
    [
        ("twee uur", help_texts.BAD_MINUTES),
        ("2", help_texts.minutes_out_of_range(3, 600)),
        ("601", help_texts.minutes_out_of_range(3, 600)),
    ],
)
def test_minutes_that_cannot_be_are_refused_before_anything_is_stored(group, minutes, why):
    sessions = group.services.sessions
    assert (
        refused(sessions.open, chat_id=group.chat_id, thread_id=None, by=ANNA, minutes_arg=minutes)
        == why
    )
    assert group.rows(WorkSession) == [] and group.queued() == []


def test_a_second_session_is_refused_while_one_is_open(group):
    opened(group)
    group.queued()
    sessions = group.services.sessions
    why = refused(sessions.open, chat_id=group.chat_id, thread_id=None, by=BRAM, minutes_arg=None)
    assert why == help_texts.SESSION_ALREADY_RUNNING
    assert session_of(group).chair_id == ANNA.id and group.queued() == []


def test_joining_adds_the_member_and_refreshes_the_opening(group):
    opened(group)
    (opening,) = group.queued()
    notice, view = group.services.sessions.join(chat_id=group.chat_id, who=BRAM)
    assert notice == session_texts.joined("Bram", 2)
    assert view is not None and view.outbox_id == opening.id and "Bram" in view.text
    assert participants(group) == {ANNA.id, BRAM.id}
    assert group.queued() == []  # the refresh is the shell's to queue
    notice, view = group.services.sessions.join(chat_id=group.chat_id, who=BRAM)
    assert (notice, view) == (session_texts.already_joined("Bram"), None)


def test_the_eighth_member_brings_the_tip_to_split_once(group):
    team = [Person(6_000_000_000 + n, f"Lid {n}") for n in range(8)]
    opened(group, *team[:6])
    assert [f for f, _ in families(group.queued())] == [Family.OPENING]
    sessions = group.services.sessions
    sessions.join(chat_id=group.chat_id, who=team[6])
    (tip,) = group.queued()
    assert families([tip]) == [(Family.SPLIT_TIP, None)] and tip.text == session_texts.SPLIT_TIP
    sessions.join(chat_id=group.chat_id, who=team[7])
    assert group.queued() == []
    assert len(participants(group)) == 9


def test_a_button_of_an_earlier_session_is_refused(group):
    first = opened(group)
    group.services.sessions.stop(chat_id=group.chat_id, by=ANNA)
    group.services.sessions.open(chat_id=group.chat_id, thread_id=None, by=ANNA, minutes_arg=None)
    first_opening = group.deliver()[0]  # its Join button is still in the chat
    press = group.press(BRAM, first_opening)
    why = refused(group.services.sessions.join_button, press, JoinSession(first.id))
    assert why == help_texts.OLD_SESSION_BUTTON
    assert BRAM.id not in {p.user_id for p in group.rows(Participant)}


# --- beginning and the steps ---------------------------------------------------------------


def test_only_the_chair_begins(group):
    opened(group, BRAM)
    group.queued()
    why = refused(group.services.sessions.begin, chat_id=group.chat_id, by=BRAM)
    assert why == help_texts.only_chair("Anna de Vries")
    assert session_of(group).status == SessionStatus.GATHERING and group.queued() == []


def test_begin_opens_step_one_with_its_card_pinned_and_its_clock(group, clock, deck):
    opened(group, BRAM)
    group.queued()
    (opening,) = group.deliver()
    notice, views = group.services.sessions.begin_button(
        group.press(ANNA, opening), BeginSession(session_of(group).id)
    )
    assert notice == session_texts.SESSION_BEGINS
    assert button_texts(views[0].reply_markup) == [session_texts.JOIN_BUTTON]  # no Begin any more
    session = session_of(group)
    assert (session.status, session.current_step, session.started_at) == (
        SessionStatus.RUNNING,
        1,
        clock.now(),
    )
    assert clock.now() < session.next_due_at <= clock.now() + STEP_ONE
    card = group.queued()[0]
    assert families([card]) == [(Family.CARD, None)] and kind(card).ref == 1
    assert card.pin and deck.steps[0].title in card.text
    (question,) = group.rows(Question)
    assert card.question_id == question.id and question.text == deck.steps[0].central_question
    assert refused(group.services.sessions.begin, chat_id=group.chat_id, by=ANNA) == (
        session_texts.ALREADY_BEGUN
    )


def test_the_chair_controls_wait_for_the_beginning(group):
    opened(group)
    sessions = group.services.sessions
    for control in (sessions.next_step, sessions.pause, sessions.resume):
        assert refused(control, chat_id=group.chat_id, by=ANNA) == help_texts.NOT_STARTED_YET
    why = refused(sessions.extend, chat_id=group.chat_id, by=ANNA, minutes_arg=None)
    assert why == help_texts.NOT_STARTED_YET


def test_next_wraps_the_step_up_with_its_answers_and_opens_the_next(group, deck):
    begun(group, BRAM)
    card = group.deliver()[0]
    sessions = group.services.sessions
    assert group.services.router.reply(
        group.said(BRAM, "Wij doen al uitwisselingen met Gent", to=card)
    ).stored
    group.queued()
    sessions.next_step(chat_id=group.chat_id, by=ANNA)
    queued = group.queued()
    assert [(kind(row).family, kind(row).ref) for row in queued[:2]] == [
        (Family.WRAPUP, 1),
        (Family.CARD, 2),
    ]
    assert "Wij doen al uitwisselingen met Gent" in queued[0].text
    assert session_of(group).current_step == 2
    assert refused(sessions.next_step, chat_id=group.chat_id, by=BRAM) == help_texts.only_chair(
        "Anna de Vries"
    )


def test_time_running_out_warns_then_closes_the_step(group, clock):
    begun(group)
    sessions = group.services.sessions
    clock.advance(seconds=STEP_ONE.total_seconds() - 1)
    sessions.process_due()
    before_end = [f for f, _ in families(group.queued())]
    assert Family.WARNING in before_end and Family.WRAPUP not in before_end
    assert session_of(group).warned
    clock.advance(seconds=1)
    sessions.process_due()
    assert [f for f, _ in families(group.queued())][:2] == [Family.WRAPUP, Family.CARD]
    session = session_of(group)
    assert (session.current_step, session.warned) == (2, False)
    sessions.process_due()
    assert group.queued() == []


def test_volgende_through_every_step_finishes_with_closing_summary_and_poster(group, deck):
    begun(group, BRAM)
    for _ in deck.steps:
        group.services.sessions.next_step(chat_id=group.chat_id, by=ANNA)
    session = session_of(group)
    assert (session.status, session.next_due_at) == (SessionStatus.FINISHED, None)
    queued = families(group.queued())
    assert (Family.CLOSING, None) in queued and (Family.SUMMARY, None) in queued
    assert Family.POSTER in {family for family, _ in queued}
    (closing,) = [row for row in group.outbox() if kind(row).family == Family.CLOSING]
    assert closing.text == session_texts.SESSION_DONE


# --- the clock: extend, pause, resume ------------------------------------------------------


def test_extend_lengthens_the_step_and_earns_a_fresh_warning(group, clock, deck):
    begun(group)
    sessions = group.services.sessions
    clock.advance(seconds=STEP_ONE.total_seconds() - 60)
    sessions.process_due()
    assert session_of(group).warned
    group.queued()
    sessions.extend(chat_id=group.chat_id, by=ANNA, minutes_arg="10")
    session = session_of(group)
    assert (session.step_extra_seconds, session.warned) == (600, False)
    (extended,) = group.queued()
    assert extended.text == session_texts.extended(
        deck.steps[0], timedelta(minutes=10), timedelta(minutes=11)
    )
    clock.advance(minutes=1)
    sessions.process_due()
    assert session_of(group).current_step == 1  # the old end passed: the step goes on


@pytest.mark.parametrize("minutes", ["0", "121", "lang"])
def test_an_extension_that_cannot_be_is_refused(group, minutes):
    begun(group)
    why = refused(
        group.services.sessions.extend, chat_id=group.chat_id, by=ANNA, minutes_arg=minutes
    )
    assert why == help_texts.BAD_EXTEND
    assert session_of(group).step_extra_seconds == 0 and group.queued() == []


def test_pause_stops_the_clock_and_resume_goes_on_where_it_stood(group, clock, deck):
    begun(group)
    sessions = group.services.sessions
    due_before = session_of(group).next_due_at
    clock.advance(minutes=5)
    sessions.pause(chat_id=group.chat_id, by=ANNA)
    session = session_of(group)
    assert (session.paused_at, session.next_due_at) == (clock.now(), None)
    assert [row.text for row in group.queued()] == [session_texts.paused(deck.steps[0])]
    assert refused(sessions.pause, chat_id=group.chat_id, by=ANNA) == help_texts.ALREADY_PAUSED
    clock.advance(hours=1)  # far beyond the step's end: nothing happens while paused
    sessions.process_due()
    assert group.queued() == [] and session_of(group).current_step == 1
    sessions.resume(chat_id=group.chat_id, by=ANNA)
    session = session_of(group)
    assert (session.paused_at, session.step_paused_seconds) == (None, 3600)
    assert session.next_due_at == due_before + timedelta(hours=1)
    (resumed,) = group.queued()
    assert resumed.text == session_texts.resumed(deck.steps[0], STEP_ONE - timedelta(minutes=5))
    assert refused(sessions.resume, chat_id=group.chat_id, by=ANNA) == help_texts.NOT_PAUSED


def test_stop_keeps_what_was_shared_and_frees_the_group(group, clock):
    begun(group, BRAM)
    sessions = group.services.sessions
    assert refused(sessions.stop, chat_id=group.chat_id, by=BRAM) == help_texts.only_chair(
        "Anna de Vries"
    )
    sessions.stop(chat_id=group.chat_id, by=ANNA)
    session = session_of(group)
    assert (session.status, session.finished_at, session.next_due_at) == (
        SessionStatus.STOPPED,
        clock.now(),
        None,
    )
    queued = group.queued()
    assert families(queued)[:2] == [(Family.CLOSING, None), (Family.SUMMARY, None)]
    assert queued[0].text == session_texts.SESSION_STOPPED
    assert refused(sessions.stop, chat_id=group.chat_id, by=ANNA) == help_texts.NO_SESSION
    sessions.open(chat_id=group.chat_id, thread_id=None, by=BRAM, minutes_arg=None)
    assert len(group.rows(WorkSession)) == 2


def test_the_chair_hands_over_and_the_old_chair_no_longer_controls(group):
    begun(group, BRAM)
    group.see(CARLA)
    sessions = group.services.sessions
    sessions.hand_over(chat_id=group.chat_id, by=ANNA, to=CARLA, handle=None)
    assert session_of(group).chair_id == CARLA.id and CARLA.id in participants(group)
    assert families(group.queued()) == [(Family.CHAIR, None)]
    assert refused(sessions.pause, chat_id=group.chat_id, by=ANNA) == help_texts.only_chair("Carla")
    # Someone this group does not know: the question, with the group's members as buttons.
    sessions.hand_over(chat_id=group.chat_id, by=CARLA, to=None, handle="nobody")
    (question,) = group.queued()
    assert question.text == unknown_in_group("nobody")
    assert "Bram" in button_texts(question.reply_markup)
    assert session_of(group).chair_id == CARLA.id


def test_a_gathering_without_chair_stops_after_its_time_out(group, clock):
    opened(group, BRAM)
    group.queued()
    # Bram is no member any more either: nobody is left to take over.
    group.services.membership.left(chat_id=group.chat_id, who=BRAM)
    group.services.membership.left(chat_id=group.chat_id, who=ANNA)
    assert session_of(group).next_due_at == clock.now() + GATHERING_WITHOUT_CHAIR
    assert [row.text for row in group.queued()] == [
        membership_texts.chair_gone("Anna de Vries", timeout_minutes=30)
    ]
    sessions = group.services.sessions
    clock.advance(seconds=GATHERING_WITHOUT_CHAIR.total_seconds() - 1)
    sessions.process_due()
    assert session_of(group).status == SessionStatus.GATHERING and group.queued() == []
    clock.advance(seconds=1)
    sessions.process_due()
    session = session_of(group)
    assert (session.status, session.finished_at, session.next_due_at) == (
        SessionStatus.STOPPED,
        clock.now(),
        None,
    )
    assert [row.text for row in group.queued()] == [membership_texts.GATHERING_TIMED_OUT]


def test_a_chair_back_in_time_keeps_the_gathering_open(group, clock):
    opened(group)
    membership = group.services.membership
    membership.left(chat_id=group.chat_id, who=ANNA)
    membership.joined(chat_id=group.chat_id, people=[ANNA])
    group.queued()
    clock.advance(seconds=GATHERING_WITHOUT_CHAIR.total_seconds())
    group.services.sessions.process_due()
    session = session_of(group)
    assert (session.status, session.chair_id, session.next_due_at) == (
        SessionStatus.GATHERING,
        ANNA.id,
        None,
    )
    assert group.queued() == []


def test_someone_joining_a_gathering_without_chair_ends_its_time_out(group, clock):
    opened(group)
    group.services.membership.left(chat_id=group.chat_id, who=ANNA)
    group.see(BRAM)
    group.services.sessions.join(chat_id=group.chat_id, who=BRAM)
    session = session_of(group)
    assert (session.chair_id, session.next_due_at) == (BRAM.id, None)


def test_forgetting_a_chair_left_alone_stops_the_session_with_one_message(group, clock):
    begun(group)
    group.services.sessions.pause(chat_id=group.chat_id, by=ANNA)
    group.queued()
    group.services.privacy.forget(chat_id=ANNA.id, who=ANNA)
    session = session_of(group)
    assert (session.status, session.finished_at, session.paused_at, session.next_due_at) == (
        SessionStatus.STOPPED,
        clock.now(),
        None,
        None,
    )
    # No closing message or summary: only the group's news that the member was forgotten.
    (told,) = group.queued()
    assert families([told]) == [(Family.FORGOTTEN, None)]
    assert told.text == privacy_texts.member_forgotten(
        released=[], chair=None, new_chair=None, session_stopped=True
    )


# --- answers -------------------------------------------------------------------------------


def test_an_answer_is_stored_once_and_makes_its_writer_take_part(group):
    begun(group)
    card = group.deliver()[0]
    sessions = group.services.sessions
    said = group.said(DIRK, "Meer Engels in de lessen", to=card)
    message_id = said.message_id
    for _ in range(2):  # the same update delivered twice
        assert group.services.router.reply(said).stored
    (stored,) = group.rows(Answer)
    assert (stored.user_id, stored.step, stored.text) == (DIRK.id, 1, "Meer Engels in de lessen")
    assert DIRK.id in participants(group)
    assert sessions.edit_answer(chat_id=group.chat_id, message_id=message_id, text="Meer Duits")
    assert group.rows(Answer)[0].text == "Meer Duits"


def test_a_plain_message_answers_only_a_running_step(group):
    sessions = group.services.sessions
    opened(group)

    def plain() -> bool:
        said = group.said(BRAM, "Goed idee")
        return group.services.router.plain(said, thread_id=None, edited=False).stored

    assert not plain()
    sessions.begin(chat_id=group.chat_id, by=ANNA)
    assert plain()
    (stored,) = group.rows(Answer)
    assert (stored.user_id, stored.step) == (BRAM.id, 1)


def test_status_names_the_step_the_chair_and_who_takes_part(group):
    sessions = group.services.sessions
    assert refused(sessions.status, chat_id=group.chat_id) == help_texts.NO_SESSION_EVER
    begun(group, BRAM)
    text = sessions.status(chat_id=group.chat_id)
    assert "Anna de Vries" in text and "Bram" in text
