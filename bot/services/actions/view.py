"""How an action is shown: its body (what, who, when, needs, leerjaar), its card with the
card's buttons, and the buttons that pick an owner or a deadline. Read-only: deciding what
happens to an action is bot.services.actions.actions'."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.clock import Clock
from bot.core.actions.brief import ActionItem
from bot.core.calendar.deadlines import quick_deadlines
from bot.core.calendar.school_calendar import DayOff
from bot.services.buttons import (
    ME,
    NO_BUTTONS,
    TYPE_IT,
    CallbackData,
    CardOp,
    CardPress,
    in_pairs,
    inline_buttons,
)
from bot.services.calendar.calendars import TeamCalendars
from bot.services.common import MessageView, display_name, member_name
from bot.texts import formatting
from bot.texts.actions import actions as action_texts
from bot.texts.calendar.dates import QUICK_DEADLINES, format_date_nl
from storage.models import Action, ActionDraft, Member
from storage.repo import outbox as outbox_rows
from storage.values import ActionStatus, Family, Kind


def action_item(action: Action, *, owner: str | None) -> ActionItem:
    """A stored action as the plan's rules (bot.core.actions.brief) see it."""
    return ActionItem(
        number=action.number,
        text=action.text,
        owner=owner,
        deadline=action.deadline,
        done=action.status == ActionStatus.DONE,
        help_asked=action.help_asked_at is not None,
        needs=tuple(action.needs or ()),
        needs_note=action.needs_note,
        leerjaar=action.leerjaar,
        activity=action.activity,
    )


class ActionView:
    def __init__(
        self, *, clock: Clock, tz: ZoneInfo, calendars: TeamCalendars | None = None
    ) -> None:
        self.clock = clock
        self.tz = tz
        self.calendars = calendars or TeamCalendars()

    def today(self) -> date:
        return self.clock.now().astimezone(self.tz).date()

    def day(self, day: date) -> str:
        """A date as members read it, relative to today ("morgen", "dinsdag 15 december")."""
        return format_date_nl(day, today=self.today())

    @staticmethod
    def owner_name(db: Session, user_id: int | None) -> str | None:
        """A member's name ("?" when unknown); None for nobody (an owner who was forgotten)."""
        return None if user_id is None else member_name(db, user_id)

    @staticmethod
    def mention_of(db: Session, user_id: int) -> str:
        return formatting.mention(user_id, member_name(db, user_id))

    def body(self, db: Session, thing: Action | ActionDraft) -> str:
        """An action, or a draft of one, on a few lines."""
        if thing.deadline is None:
            when = action_texts.DEADLINE_NOT_CHOSEN
        else:
            when = action_texts.deadline_text(
                self.day(thing.deadline), action_texts.days_left(thing.deadline, self.today())
            ) + self.calendar_note(db, thing.chat_id, thing.deadline)
        return action_texts.action_body(
            text=thing.text or action_texts.NO_TEXT_YET,
            owner=self.owner_name(db, thing.owner_id),
            when=when,
            needs=action_texts.needs_text(thing.needs, thing.needs_note),
            leerjaar=thing.leerjaar,
            activity=thing.activity,
        )

    def day_off(self, db: Session, chat_id: int, deadline: date) -> tuple[DayOff, date] | None:
        """Why a coming deadline is on no working day (a weekend, a public holiday, the
        team's vacation), with the first working day after it; None for a working day."""
        calendar = self.calendars.of(db, chat_id)
        off = calendar.day_off(deadline) if deadline >= self.today() else None
        return None if off is None else (off, calendar.next_working_day(deadline))

    def calendar_note(self, db: Session, chat_id: int, deadline: date) -> str:
        """A line warning that a coming deadline is on no working day, or ""."""
        found = self.day_off(db, chat_id, deadline)
        if found is None:
            return ""
        off, working_day = found
        return "\n" + action_texts.day_off_note(off.why, off.holiday, self.day(working_day))

    def card(self, db: Session, action: Action) -> tuple[str, dict]:
        text = action_texts.action_card(
            number=action.number,
            body=self.body(db, action),
            state=action.status,
            owner=self.owner_name(db, action.owner_id),
        )
        labels = action_texts.ACTION_BUTTONS

        def button(op: CardOp) -> tuple[str, CallbackData]:
            return labels[op.value], CardPress(action.id, op)

        if action.status == ActionStatus.DELETED:
            rows = [[button(CardOp.UNDO)]]
        elif action.status == ActionStatus.DONE:
            return text, NO_BUTTONS
        else:
            rows = [
                [button(CardOp.OWNER), button(CardOp.DATE)],
                [button(CardOp.TEXT), button(CardOp.DELETE)],
            ]
            if found := self.day_off(db, action.chat_id, action.deadline):
                label = action_texts.to_working_day_button(self.day(found[1]))
                rows.insert(0, [(label, CardPress(action.id, CardOp.WORKING_DAY))])
        return text, inline_buttons(rows)

    def card_view(self, db: Session, action: Action) -> MessageView | None:
        """The action's card as last sent (or queued) to its group, to refresh."""
        queued = outbox_rows.latest_outbox_of_kind(
            db, chat_id=action.chat_id, kind=Kind(Family.ACTION, action.id)
        )
        if queued is None:
            return None
        text, markup = self.card(db, action)
        return MessageView.of(queued, text, markup)

    @staticmethod
    def owner_buttons(
        team: Sequence[Member], pick: Callable[[str], CallbackData], *, asker: int
    ) -> dict:
        """One button per team member (but the asker), and "me"."""
        people = [(display_name(m), pick(str(m.id))) for m in team if m.id != asker]
        people.append((action_texts.ME_BUTTON, pick(ME)))
        return inline_buttons(in_pairs(people))

    def deadline_buttons(self, pick: Callable[[str], CallbackData]) -> dict:
        quick = [
            (QUICK_DEADLINES[choice], pick(day.isoformat()))
            for choice, day in quick_deadlines(self.today())
        ]
        return inline_buttons([*in_pairs(quick), [(action_texts.TYPE_DATE_BUTTON, pick(TYPE_IT))]])
