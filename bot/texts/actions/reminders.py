"""Texts for action reminders and their buttons."""

from __future__ import annotations

from bot.texts.formatting import esc

REMINDER_BUTTONS = {"done": "✅ Klaar", "later": "⏭ Week later", "help": "🆘 Hulp nodig"}
PRIVATE_REMINDERS_BUTTON = "💬 Herinneringen privé"
LINKED = (
    "Gelukt! Herinneringen over je acties stuur ik je voortaan hier, in deze chat. "
    "Met /mijnacties zie je al je acties."
)
HELP_SENT = "Ik heb het de voorzitter laten weten."
HELP_ALREADY = "Je hulpvraag ligt al bij de voorzitter."


def reminder(
    *, number: int, group: str | None, body: str, late: bool, reminding: bool = True
) -> str:
    """A reminder (or, not `reminding`, an action in /mijnacties) with its group's name."""
    where = f" · {esc(group)}" if group else ""
    if late:
        head = f"⚠️ <b>Actie #{number} is te laat</b>"
    elif reminding:
        head = f"⏰ <b>Herinnering · actie #{number}</b>"
    else:
        head = f"📝 <b>Actie #{number}</b>"
    return f"{head}{where}\n{body}"


def reminder_in_group(*, owner: str | None, reminder_text: str, link: str | None) -> str:
    lead = f"{owner}, dit is een herinnering voor jou.\n" if owner else ""
    tail = (
        f'\n\n💬 Liever privé? <a href="{esc(link)}">Start een chat met mij</a>, '
        "dan stuur ik je herinneringen voortaan daar."
        if link
        else ""
    )
    return f"{lead}{reminder_text}{tail}"


def only_owner_or_chair_button(owner: str | None) -> str:
    who = f"{esc(owner)} (trekker)" if owner else "de trekker"
    return f"Alleen {who} of de voorzitter kan dit doen."


def help_request(*, owner: str, chair: str, number: int, text: str, needs: str) -> str:
    need = f" Nodig: {esc(needs)}." if needs else ""
    return (
        f"🆘 {owner} vraagt hulp bij actie #{number}: {esc(text)}.{need}\n"
        f"{chair}, kun je helpen, of zet je het op de agenda van het teamoverleg?"
    )


def snoozed(number: int, when: str) -> str:
    return f"⏭ Actie #{number} schuift een week op: de nieuwe deadline is {when}."


def done_by(presser: str, number: int, text: str) -> str:
    return f"✅ {esc(presser)} zette actie #{number} op klaar: {esc(text)}."


ACTION_GONE = "Deze actie bestaat niet meer."
# Who a help request addresses when the group has no chair (any more).
CHAIR_FALLBACK = "Voorzitter"
