"""Texts for the team's calendar: /vakantie, deadlines in a vacation, and team meetings
passed over on a holiday or in a vacation."""

from __future__ import annotations

from bot.texts.formatting import esc

VACATION_EXAMPLE = "/vakantie 21 december tot 3 januari"
VACATIONS_IN_PRIVATE = (
    f"Vakanties zet de voorzitter in de groep van het team, met bijvoorbeeld {VACATION_EXAMPLE}."
)
VACATION_WHICH = (
    "Welke vakantie moet weg? Geef het nummer, bijvoorbeeld /vakantie weg 1. "
    "Met /vakantie zie je de nummers."
)


def vacation_range(first: str, last: str | None) -> str:
    """'maandag 21 december t/m zondag 3 januari 2027', or one day."""
    return first if last is None else f"{first} t/m {last}"


def vacation_problem(reason: str, part: str, understood: str | None, max_days: int) -> str:
    """What is wrong with a /vakantie, in one sentence with an example."""
    example = f"Schrijf bijvoorbeeld: {VACATION_EXAMPLE}."
    if reason == "no_end":
        return f"Ik mis de laatste vakantiedag. {example}"
    if reason == "past":
        return f"Die vakantie ({understood}) is al voorbij. {example}"
    if reason == "order":
        return f"De laatste vakantiedag ligt vóór de eerste. {example}"
    if reason == "too_long":
        return (
            f"Een vakantie duurt hooguit {max_days} dagen ({understood} is langer). "
            f"Voer een langere periode in delen in. {example}"
        )
    return f"‘{esc(part)}’ herken ik niet als datum. {example}"


def vacation_added(when: str, back: str) -> str:
    return (
        f"🏖 Genoteerd: vakantie {when}. Dan stuur ik geen herinneringen en sla ik het "
        f"teamoverleg over. Vanaf {back} gaat alles weer door. Een herinnering die in de "
        "vakantie viel, stuur ik daarna nog één keer."
    )


def vacation_exists(when: str) -> str:
    return f"Die vakantie ({when}) staat er al in. Met /vakantie zie je alle vakanties."


def too_many_vacations(count: int) -> str:
    return (
        f"Er staan al {count} vakanties klaar. Haal er eerst een weg, bijvoorbeeld met "
        "/vakantie weg 1."
    )


def vacation_removed(when: str) -> str:
    return (
        f"🗑 De vakantie {when} is weggehaald. Herinneringen en het teamoverleg gaan in die "
        "tijd weer gewoon door."
    )


def unknown_vacation(number: int) -> str:
    return (
        f"Een vakantie met nummer {number} ken ik niet. Met /vakantie zie je de nummers. "
        "Weghalen gaat bijvoorbeeld met /vakantie weg 1."
    )


def vacation_list(vacations: list[tuple[str, bool]], holidays: list[tuple[str, str]]) -> str:
    """/vakantie: the team's coming vacations (numbered; True when going on now) and the
    next public holidays."""
    if vacations:
        lines = ["🏖 <b>Vakanties van dit team</b>"]
        lines += [
            f"{number}. {when}{' (nu)' if now else ''}"
            for number, (when, now) in enumerate(vacations, start=1)
        ]
        lines.append(
            "\nIn een vakantie stuur ik geen herinneringen en sla ik het teamoverleg over. "
            "Weghalen: /vakantie weg 1 (voorzitter)."
        )
    else:
        lines = [
            "Er staat geen vakantie gepland. De voorzitter zet er een in met bijvoorbeeld "
            f"{VACATION_EXAMPLE}."
        ]
    if holidays:
        days = ", ".join(f"{esc(name)} ({when})" for name, when in holidays)
        lines.append(f"\nOp feestdagen stuur ik ook niets. De eerstvolgende: {days}.")
    return "\n".join(lines)


def meetings_skipped(skipped: list[tuple[str, str | None]]) -> str:
    """A line in the next brief: which meetings were passed over, and why."""
    parts = [f"{when} ({esc(why) if why else 'vakantie'})" for when, why in skipped]
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} en {parts[-1]}"
    meetings = "het teamoverleg" if len(parts) == 1 else "de teamoverleggen"
    return f"⏭ Overgeslagen: {meetings} van {listed}."
