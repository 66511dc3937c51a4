"""Texts about privacy, data retention and forgetting a member."""

from __future__ import annotations

from collections.abc import Sequence

from bot.texts.formatting import NUMBER_WORDS, esc, listing, number_word, plural

# What remains of a member who asked to be forgotten (their id stays on old sessions).
FORMER_MEMBER = "Oud-deelnemer"
# What remains of a sent message, in the bot's records, that named them.
REMOVED_ON_REQUEST = "(verwijderd op verzoek)"


def retention_span(days: int) -> str:
    years, rest = divmod(days, 365)
    if rest == 0 and 0 < years < len(NUMBER_WORDS):
        return f"ongeveer {number_word(years)} jaar"
    return plural(days, "dag", "dagen")


def privacy(retention_days: int) -> str:
    return (
        "🔒 <b>Wat ik van je bewaar</b>\n"
        "Om jullie sessie te begeleiden en de afspraken daarna op te volgen, bewaar ik:\n"
        "• je naam en gebruikersnaam\n"
        "• je antwoorden en je markeringen op de poster\n"
        "• acties die je oppakt, met hun herinneringen\n"
        "• wanneer je iets deed (meedoen, antwoorden, afvinken)\n\n"
        f"<b>Hoe lang?</b> Een afgeronde sessie wis ik na {retention_span(retention_days)}, "
        "met alle antwoorden en markeringen. Acties die dan nog openstaan, blijven zolang "
        "jullie ermee bezig zijn. Je naam wis ik als ik je even lang niet zag en niets "
        "meer naar je verwijst.\n"
        "<b>Wie ziet het?</b> Je team in de groep, en de school of organisatie die deze bot "
        "beheert.\n"
        "<b>Vergeten worden?</b> Stuur /vergeetmij in een privéchat met mij. Dan wis ik je "
        "antwoorden, markeringen en naam uit al je groepen."
    )


FORGET_IN_PRIVATE = (
    "Dat regelen we liever onder vier ogen: stuur /vergeetmij in een privéchat met mij."
)
FORGET_ONLY_YOURSELF = "Dit kan alleen in je eigen privéchat met mij."
FORGET_ASK = (
    "🗑 <b>Wil je dat ik je vergeet?</b>\n"
    "Ik wis dan je antwoorden, je markeringen en je naam uit al je groepen. Acties van jou "
    "komen zonder trekker te staan. Dat laat ik de voorzitter weten. "
    "Dit kan ik niet terugdraaien."
)
FORGET_YES_BUTTON = "Ja, vergeet mij"
FORGET_NO_BUTTON = "Nee"
FORGET_KEPT = "Prima, ik laat alles zoals het is."


FORGET_NOTHING_STORED = "Ik had niets van je bewaard, dus er valt niets te vergeten."


def forgotten(*, answers: int, marks: int, groups: int, released_actions: int) -> str:
    if groups:
        removed = (
            f"Gewist: {plural(answers, 'antwoord', 'antwoorden')} en "
            f"{plural(marks, 'markering', 'markeringen')} uit "
            f"{plural(groups, 'groep', 'groepen')}, en je naam."
        )
    else:
        removed = "Gewist: je naam. Verder had ik niets van je bewaard."
    released = (
        f" {plural(released_actions, 'open actie', 'open acties')} van jou "
        f"{'staat' if released_actions == 1 else 'staan'} nu zonder trekker. "
        "De voorzitter weet ervan."
        if released_actions
        else ""
    )
    return f"✅ Klaar, ik ben je vergeten. {removed}{released}"


def numbers_nl(numbers: Sequence[int]) -> str:
    """#3 / #3 en #5 / #3, #5 en #7"""
    return listing([f"#{number}" for number in numbers])


def member_forgotten(
    *,
    released: Sequence[int],
    chair: str | None,
    new_chair: str | None = None,
    session_stopped: bool = False,
) -> str:
    """Told in a group when a member asked to be forgotten; `chair` is a mention."""
    lines = ["🔒 Een deelnemer heeft gevraagd om vergeten te worden."]
    if new_chair:
        lines.append(f"{esc(new_chair)} is nu de voorzitter.")
    if session_stopped:
        lines.append(
            "De sessie is gestopt, want verder deed er niemand mee. Start een nieuwe met /sessie."
        )
    if released:
        noun, verb = ("Actie", "is") if len(released) == 1 else ("Acties", "zijn")
        ask = f"{chair}, wil je" if chair else "Wil iemand"
        lines.append(
            f"{noun} {numbers_nl(released)} {verb} nu zonder trekker. {ask} een nieuwe trekker "
            "kiezen? Tik op 👤 Trekker onder de actie."
        )
    return " ".join(lines)
