"""Session facts for the document tests and the README's example poster."""

from __future__ import annotations

from datetime import date

from bot.core.poster import MarkedItem, PosterAction, SessionFacts

STEPS = (
    (1, "Betekenis", "Wat betekent internationalisering voor jou?"),
    (2, "Relevantie", "Waarom is internationalisering relevant voor onze studenten?"),
    (3, "Competenties", "Welke internationale competenties zijn relevant voor onze studenten?"),
    (
        4,
        "Activiteiten",
        "Welke internationaliseringsactiviteiten doen we al en/of kunnen we aanbieden?",
    ),
    (5, "Aan de slag", "Wat gaan we nu doen? En wat is daarvoor nodig?"),
)

AREAS = ("Interculturele competenties", "Internationale oriëntatie", "Persoonlijke ontwikkeling")

TEAM = ("Anna de Vries", "Bram Jansen", "Chantal Bakker", "Dirk Visser", "Esra Yılmaz")
TEAM += ("Fatima El Amrani", "Gert-Jan Smit")


def realistic() -> SessionFacts:
    """A full session of a team of seven: long answers, every step filled, ten actions."""
    a, b, c, d, e, f, g = TEAM
    answers_1 = (
        (
            a,
            "Ik heb een half jaar in Valencia gewerkt; pas toen snapte ik hoe het is om"
            " de taal niet te spreken en toch je werk goed te willen doen.",
        ),
        (b, "Vooral mijn klas: twaalf nationaliteiten, elke dag intercultureel."),
        (c, "Op vakantie merk ik hoe anders klantvriendelijkheid in Frankrijk is."),
        (
            d,
            "Eerlijk gezegd: tot nu toe weinig. Ik ben nooit lang in het buitenland"
            " geweest en dacht dat internationalisering vooral over uitwisselingen ging. Na het"
            " filmpje zie ik dat het ook gaat om wat er hier in de klas en in de wijk gebeurt,"
            " en dat vind ik eigenlijk een eye-opener.",
        ),
        (e, "Mijn ouders komen uit Turkije; ik schakel dagelijks tussen twee culturen."),
        (f, "Samenwerken met collega's uit Marokko tijdens mijn stage in de zorg."),
        (g, "Ik begeleid elk jaar de studiereis naar Keulen; studenten groeien daar enorm."),
        (a, "En internationalisering is ook: Engelstalige vakliteratuur lezen."),
    )
    answers_2 = (
        (b, "Veel van onze bouwstudenten werken straks met Poolse en Roemeense collega's."),
        (c, "Toeristen in de winkels in het centrum: Engels en Duits zijn nodig."),
    )
    keywords = {
        2: (
            "Oost-Europese collega's op de bouwplaats",
            "toeristen in de winkel",
            "Engels als werktaal",
            "export naar Duitsland",
            "diverse klas",
            "internationale klanten",
            "veiligheidsinstructies in meerdere talen",
            "grensregio",
        ),
        5: ("samenhang per leerjaar", "teamleider betrekken", "budget Erasmus+", "kleine stappen"),
    }

    def comp(label: str, marks: int, area: int) -> MarkedItem:
        return MarkedItem(label, marks, AREAS[area])

    competences = (
        comp("Communiceren met andere culturen", 6, 0),
        comp("Durven spreken in een andere taal", 5, 0),
        comp("Respect voor verschillen", 3, 0),
        comp("Samenwerken in een internationaal team", 2, 0),
        comp("Weten hoe het vak elders werkt", 4, 1),
        comp("Kansen zien op een internationale markt", 2, 1),
        comp("Zelfstandig en flexibel", 4, 2),
        comp("Reflecteren op eigen normen en waarden", 3, 2),
        comp("Zelfvertrouwen en doorzettingsvermogen", 1, 2),
    )
    current = (
        MarkedItem("Studiereis naar Keulen", 5, "buitenland"),
        MarkedItem("Stage (bpv) in Europa", 2, "buitenland"),
        MarkedItem("Gastles door internationale gast", 3, "eigen_land"),
        MarkedItem("Engelstalig of tweetalig lesmateriaal", 2, "eigen_land"),
    )
    new = (
        MarkedItem("Uitwisseling met een buitenlandse school", 4, "buitenland"),
        MarkedItem("Project met Erasmus+", 3, "buitenland"),
        MarkedItem("Online samenwerken met buitenlandse klas", 6, "eigen_land"),
        MarkedItem("Excursie naar internationaal bedrijf", 4, "eigen_land"),
        MarkedItem("Vaktaal Engels in de praktijkles", 2, "eigen_land"),
    )
    actions = (
        PosterAction(
            a,
            "Engelstalig lesmateriaal zoeken voor de module veiligheid",
            date(2027, 1, 15),
            "Leerjaar 1",
            "kennis, hulpmiddelen",
        ),
        PosterAction(
            b,
            "Contact leggen met partnerschool in Krakau",
            date(2027, 2, 1),
            "Leerjaar 2",
            "partners",
        ),
        PosterAction(
            c,
            "Gastles regelen met een hotelmanager uit Antwerpen",
            date(2027, 1, 22),
            "Leerjaar 1",
            "partners, tijd",
        ),
        PosterAction(
            d,
            "eTwinning-account aanmaken en een online klas zoeken",
            date(2027, 1, 29),
            "Leerjaar 2",
            "kennis",
        ),
        PosterAction(
            e,
            "Erasmus+-aanvraag voorbereiden met het international office",
            date(2027, 3, 1),
            "Alle leerjaren",
            "financiën, tijd",
        ),
        PosterAction(
            f,
            "Reflectieopdracht schrijven voor na de stage in het buitenland",
            date(2027, 2, 12),
            "Leerjaar 3",
            "tijd",
        ),
        PosterAction(
            g,
            "Studiereis Keulen koppelen aan de leerdoelen uit stap 3",
            date(2027, 2, 26),
            "Leerjaar 2",
            None,
        ),
        PosterAction(
            a,
            "Teamleider bijpraten over het plan en budget vragen",
            date(2027, 1, 12),
            "Alle leerjaren",
            "financiën",
        ),
        PosterAction(
            b,
            "Excursie plannen naar een exporterende tuinder in het Westland",
            date(2027, 3, 19),
            "Leerjaar 1",
            "partners, financiën",
        ),
        PosterAction(
            c,
            "Leerjaarplan internationalisering op één A4 zetten",
            date(2027, 2, 5),
            "Alle leerjaren",
            "tijd",
        ),
    )
    return SessionFacts(
        team="Team Bouw & Infra · ROC Rivierenland",
        day=date(2026, 12, 8),
        chair=a,
        participants=TEAM,
        steps=STEPS,
        answers={1: answers_1, 2: answers_2},
        keywords=keywords,
        competence_areas=AREAS,
        competences=competences,
        activities_current=current,
        activities_new=new,
        actions=actions,
    )


NASTY = "#*$<>\\] _@`x` #set text(red) $x^2$ <label> @ref \\ ] [ // /* */ = + - {}"


def extreme() -> SessionFacts:
    """Everything at once: a 4,000-character answer, 40 actions, emoji and RTL names, and
    text full of the typesetter's special characters."""
    names = ("Noor 🌍✨", "محمد العربي", "שרה כהן", "Zoë 👩🏽‍🏫 van der Berg-Ålesund")
    long_answer = ("Internationalisering betekent voor mij heel veel verschillende dingen " * 60)[
        :4000
    ]
    answers = (
        (names[0], long_answer),
        (names[1], NASTY),
        (names[2], "שלום, זה תשובה בעברית עם English words ו-123"),
        (names[3], "Ein Wort: Donaudampfschifffahrtsgesellschaftskapitänswitwe" * 3),
    )
    actions = tuple(
        PosterAction(
            names[i % len(names)],
            f"Actie {i + 1}: {NASTY}" if i % 3 == 0 else f"Actie {i + 1} " + "lang " * 40,
            date(2027, 1, 1 + i % 28),
            "Leerjaar 2",
            NASTY,
        )
        for i in range(40)
    )
    return SessionFacts(
        team="Team " + NASTY,
        day=date(2026, 12, 8),
        chair=names[1],
        participants=names * 2,
        steps=STEPS,
        answers={1: answers, 2: answers, 3: answers, 4: answers},
        keywords={2: (NASTY, "🌍 wereldburger", "עברית") * 10, 5: (long_answer,)},
        competence_areas=AREAS,
        competences=tuple(MarkedItem(f"{NASTY} {i}", 8 + i, AREAS[i % 3]) for i in range(30)),
        activities_current=tuple(MarkedItem(f"{n} {NASTY}", 3, "buitenland") for n in names),
        activities_new=tuple(MarkedItem(f"{n} lang " * 20, 2, "eigen_land") for n in names),
        actions=actions,
    )


def empty() -> SessionFacts:
    return SessionFacts(
        team="Team Zorg",
        day=date(2026, 12, 8),
        chair="Anna",
        participants=("Anna",),
        steps=STEPS,
        competence_areas=AREAS,
    )
