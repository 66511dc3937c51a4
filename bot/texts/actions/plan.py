"""Texts for step 5: how to record an agreement, and the plan per leerjaar at its end."""

from __future__ import annotations

from collections.abc import Sequence

from bot.texts.actions.actions import ACTION_EXAMPLE, NEEDS, leerjaar_label
from bot.texts.formatting import esc

ACTION_HOWTO = (
    "📝 <b>Zo leggen jullie een afspraak vast</b>\n"
    f"• In één regel: {ACTION_EXAMPLE}\n"
    "• Of stap voor stap: stuur alleen /actie, dan vraag ik wat, wie, wanneer, bij welke "
    "activiteit, wat er nodig is en voor welk leerjaar."
)


def interesting_activities(labels: Sequence[str]) -> str:
    if not labels:
        return (
            "In stap 4 is geen activiteit als interessant gemarkeerd. Kies er samen een, of "
            "bedenk een eigen activiteit."
        )
    return "💡 <b>Interessant gevonden in stap 4:</b> " + ", ".join(esc(label) for label in labels)


def plan_per_leerjaar(
    blocks: Sequence[tuple[str | None, Sequence[str], Sequence[str], Sequence[str]]],
    *,
    open_activities: Sequence[str],
) -> str:
    """`blocks`: (leerjaar, activity labels, action lines, what is needed) per leerjaar."""
    lines = ["🗓 <b>Jullie plan per leerjaar</b>"]
    if not blocks:
        lines.append(f"Er zijn nog geen acties. Leg ze vast met {ACTION_EXAMPLE}.")
    for leerjaar, activities, actions, needs in blocks:
        lines.append("")
        lines.append(
            f"<b>{esc(leerjaar_label(leerjaar))}</b>" if leerjaar else "<b>Nog zonder leerjaar</b>"
        )
        if activities:
            lines.append("Activiteiten: " + ", ".join(esc(label) for label in activities))
        lines += [f"• {line}" for line in actions]
        if needs:
            lines.append("🧰 Nodig: " + ", ".join(esc(need) for need in needs))
    if open_activities:
        lines.append("")
        lines.append(
            "💡 Interessant, maar nog zonder actie: "
            + ", ".join(esc(label) for label in open_activities)
        )
    return "\n".join(lines)


def need_labels(keys: Sequence[str], notes: Sequence[str]) -> list[str]:
    return [NEEDS.get(key, key) for key in keys] + list(notes)


def activity_line(label: str | None) -> str:
    return f"🎯 Activiteit: {esc(label)}" if label else ""


PLAN_HEADING = "Plan per leerjaar"
NO_LEERJAAR = "Nog zonder leerjaar"
OPEN_ACTIVITIES = "Interessant, nog zonder actie"


def plan_action_line(number: int, text: str, owner: str | None) -> str:
    who = f" ({esc(owner)})" if owner else ""
    return f"#{number} {esc(' '.join(text.split()))}{who}"
