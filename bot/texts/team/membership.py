"""Who is in a group: refusals from the one policy (bot.services.team.policy), and what the bot
says when a member leaves, is removed or comes back."""

from __future__ import annotations

from bot.texts.formatting import esc

NOT_A_MEMBER = "Dit kan alleen wie nu in de groep zit."
NOT_NAMEABLE = "Die persoon zit niet in deze groep, dus die kan ik hier niet kiezen."
NO_CHAIR_NOW = (
    "Er is nu geen voorzitter: doe mee met /doemee om het over te nemen, "
    "of laat een beheerder van de groep /voorzitter sturen."
)
GATHERING_TIMED_OUT = (
    "De sessie is gestopt, want er was geen voorzitter meer. Begin opnieuw met /sessie."
)


def only_chair_or_admin(chair_name: str) -> str:
    return (
        f"Alleen de voorzitter ({esc(chair_name)}) of een beheerder van de groep "
        "kan de voorzitter wisselen."
    )


def unknown_in_group(handle: str) -> str:
    return f"Ik ken {esc(handle)} niet in deze groep. Tik hieronder op wie de voorzitter wordt."


def chair_passed(left: str, new_chair: str) -> str:
    return f"👋 {esc(left)} zit niet meer in de groep. 👑 {esc(new_chair)} is nu de voorzitter."


def chair_gone(left: str, *, timeout_minutes: int | None) -> str:
    tail = (
        f" Anders stopt de sessie over {timeout_minutes} minuten."
        if timeout_minutes is not None
        else ""
    )
    return (
        f"👋 {esc(left)} zit niet meer in de groep, dus er is geen voorzitter. "
        "Wie meedoet met /doemee wordt voorzitter, of een beheerder stuurt /voorzitter."
        f"{tail}"
    )


def open_actions_left(left: str, numbers: list[int], chair: str | None) -> str:
    listed = ", ".join(f"#{n}" for n in numbers)
    who = f"{chair}, kies" if chair else "Kies"
    plural = "open acties" if len(numbers) > 1 else "een open actie"
    return (
        f"📋 {esc(left)} zit niet meer in de groep en had nog {plural}: {listed}. "
        f"{who} een nieuwe trekker met de knoppen onder de actie."
    )
