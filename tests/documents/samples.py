"""Session facts for the document tests and the README's example poster."""

from __future__ import annotations

from datetime import date

from bot.core.documents.poster import MarkedItem, PosterAction, PosterResource, SessionFacts

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

# As the default deck gives them: two addresses from the manual, the rest to search for.
RESOURCES = {
    1: (
        PosterResource(
            "Animatiefilm 'Wat is internationalisering in het mbo?'",
            find="zoek op nuffic.nl naar 'Wat is internationalisering in het mbo'",
        ),
        PosterResource(
            "Nuffic over internationalisering in het mbo", url="https://www.nuffic.nl/mbo"
        ),
    ),
    3: (
        PosterResource(
            "Nuffic-brochure 'Internationale competenties', met het model",
            find="zoek op nuffic.nl naar 'brochure internationale competenties'",
        ),
    ),
    4: (
        PosterResource(
            "Nuffic-internationaliseringskaart met voorbeelden",
            find="zoek op nuffic.nl naar 'internationaliseringskaart'",
        ),
        PosterResource(
            "Dashboard internationale competenties: 'Leeropbrengsten"
            " internationaliseringsactiviteiten'",
            find="zoek op nuffic.nl naar 'Leeropbrengsten internationaliseringsactiviteiten'",
        ),
    ),
    5: (
        PosterResource(
            "Nuffic-publicatie 'Internationalisation at home in het mbo', met borgingstips",
            url="https://www.nuffic.nl/publicaties/internationalisation-at-home-in-het-mbo",
        ),
        PosterResource("Netwerk IBPV", find="zoek op nuffic.nl naar 'netwerk IBPV'"),
        PosterResource(
            "Netwerk voor mbo-docenten",
            find="zoek op nuffic.nl naar 'netwerk mbo-docenten internationalisering'",
        ),
        PosterResource(
            "LinkedIn-groep over internationalisering in het mbo",
            find="zoek op LinkedIn naar 'internationalisering in het mbo'",
        ),
    ),
}


def realistic() -> SessionFacts:
    """A full session of a team of seven: every step filled, an own competence and an own
    activity, six actions of which one is done and some carry out an activity."""
    a, b, c, d, e, f, g = TEAM
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
        comp("Nieuwsgierig zijn naar andere culturen", 2, 0),
        comp("Openstaan voor andere gewoontes", 0, 0),
        comp("Verschillen respecteren", 3, 0),
        comp("Een andere taal durven spreken", 5, 0),
        comp("Communiceren met andere culturen", 6, 0),
        comp("Samenwerken in een internationaal team", 2, 0),
        comp("Weten hoe het vak elders werkt", 4, 1),
        comp("Volgen wat er in de wereld speelt", 0, 1),
        comp("Kansen zien op de internationale markt", 2, 1),
        comp("Internationale regels en trends kennen", 1, 1),
        comp("Mondiale vraagstukken begrijpen", 0, 1),
        comp("Zelfstandig en flexibel werken", 4, 2),
        comp("Zelfvertrouwen opbouwen", 1, 2),
        comp("Doorzetten als het anders loopt", 0, 2),
        comp("Problemen oplossen in nieuwe situaties", 2, 2),
        comp("Reflecteren op eigen normen en waarden", 3, 2),
        MarkedItem("Veilig werken met anderstalige collega's", 4, AREAS[0], own=True),
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
        MarkedItem("Bouwplaats bezoeken in Antwerpen", 3, "buitenland", own=True),
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
            activity="Uitwisseling met een buitenlandse school",
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
            activity="Online samenwerken met buitenlandse klas",
        ),
        PosterAction(
            e,
            "Erasmus+-aanvraag voorbereiden met het international office",
            date(2027, 3, 1),
            "Alle leerjaren",
            "financiën, tijd",
        ),
        PosterAction(
            a,
            "Teamleider bijpraten over het plan en budget vragen",
            date(2026, 12, 15),
            "Alle leerjaren",
            "financiën",
            done=True,
        ),
    )
    return SessionFacts(
        team="Team Bouw & Infra · ROC Rivierenland",
        day=date(2026, 12, 8),
        participant_count=len(TEAM),
        steps=STEPS,
        keywords=keywords,
        competence_areas=AREAS,
        competences=competences,
        activities_current=current,
        activities_new=new,
        actions=actions,
        resources=RESOURCES,
    )


NASTY = "#*$<>\\] _@`x` #set text(red) $x^2$ <label> @ref \\ ] [ // /* */ = + - {}"


def extreme() -> SessionFacts:
    """Everything at once: a 4,000-character answer, 40 actions, emoji and RTL names, and
    text full of the typesetter's special characters."""
    names = ("Noor 🌍✨", "محمد العربي", "שרה כהן", "Zoë 👩🏽‍🏫 van der Berg-Ålesund")
    long_answer = ("Internationalisering betekent voor mij heel veel verschillende dingen " * 60)[
        :4000
    ]
    actions = tuple(
        PosterAction(
            names[i % len(names)],
            f"Actie {i + 1}: {NASTY}" if i % 3 == 0 else f"Actie {i + 1} " + "lang " * 40,
            date(2027, 1, 1 + i % 28),
            "Leerjaar 2",
            NASTY,
            activity=NASTY if i % 2 else None,
            done=i % 5 == 0,
        )
        for i in range(40)
    )
    return SessionFacts(
        team="Team " + NASTY,
        day=date(2026, 12, 8),
        participant_count=len(names) * 2,
        steps=STEPS,
        keywords={
            1: ("שלום, זה תשובה בעברית עם English words ו-123", names[3]),
            2: (NASTY, "🌍 wereldburger", "עברית") * 10,
            5: (long_answer,),
        },
        competence_areas=AREAS,
        competences=tuple(
            MarkedItem(f"{NASTY} {i}", 8 + i if i % 4 else 0, AREAS[i % 3], own=i % 7 == 0)
            for i in range(30)
        ),
        activities_current=tuple(MarkedItem(f"{n} {NASTY}", 3, "buitenland") for n in names),
        activities_new=tuple(
            MarkedItem(f"{n} lang " * 20, 2, "eigen_land", own=True) for n in names
        ),
        actions=actions,
        resources={
            number: (
                PosterResource(f"{NASTY} {number}", url=f"https://www.nuffic.nl/{'x' * 200}"),
                PosterResource(names[1] * 8, find=NASTY * 3),
            )
            for number in range(1, 6)
        },
    )


def empty() -> SessionFacts:
    return SessionFacts(
        team="Team Zorg",
        day=date(2026, 12, 8),
        participant_count=1,
        steps=STEPS,
        competence_areas=AREAS,
    )
