"""Help texts, the command menus, general refusals and unknown-button notices."""

from __future__ import annotations

from prompts import Deck

from .formatting import esc, listing, number_word

# --- help and refusals -----------------------------------------------------------------


def help_text(deck: Deck) -> str:
    """/help in a group: the steps come from the deck."""
    steps = listing([esc(step.title) for step in deck.steps])
    return (
        "<b>Aan de slag met internationalisering</b>\n"
        f"Ik begeleid jullie werksessie in {number_word(len(deck.steps))} stappen, volgens de "
        f"toolkit van Nuffic: {steps}. Ik houd de tijd bij, stel hulpvragen en bewaar ieders "
        "antwoorden.\n\n"
        "💡 Een goed moment voor de werksessie is net nadat het kwalificatiedossier is herzien.\n"
        + COMMANDS_HELP
    )


COMMANDS_HELP = """
<b>Antwoorden</b>: <i>reageer</i> op een vraag van mij (veeg het bericht naar links of tik op Beantwoorden). Zo lees ik je antwoord mee, ook als ik de rest van de chat niet zie.

<b>Voor iedereen</b>
/sessie [minuten] – open een sessie (standaard 150 minuten, 2,5 uur). Jij wordt de voorzitter
/doemee – doe mee met de sessie
/status – stap, resterende tijd en antwoorden
/vraag &lt;tekst&gt; – stel zelf een vraag aan het team
/hulpvragen – de hulpvragen van deze stap (optioneel, kies wat past)
/steekwoord &lt;woord&gt; – zet een steekwoord op de poster (na stap 2 en 5 stel ik er zelf ook een paar voor)
/samenvatting – stand van zaken: acties en alle antwoorden per stap
/poster – jullie ingevulde poster, als afbeelding en als PDF om te printen
/privacy – wat ik van je bewaar, en hoe lang
/help – dit overzicht

<b>Voor de voorzitter</b>
/begin – start stap 1
/volgende – sluit deze stap en ga door
/verleng [minuten] – meer tijd voor deze stap (standaard 5)
/pauze en /hervat – zet de klok stil en weer aan
/hulpvragen uit of aan – stop of hervat mijn eigen hulpvragen tussendoor
/voorzitter – geef de voorzittersrol door (reageer op een bericht van die persoon, of noem @naam)
/stop – beëindig de sessie (alles blijft bewaard)
/export – de sessie als PDF en Word, de acties voor Excel en je agenda (ook in een privéchat met mij)

<b>Met meer dan zeven? Splits en koppel</b>
/koppel – een code om deze groep te koppelen aan de groep van de andere helft van het team (voorzitter)
/koppel &lt;code&gt; – koppel met de groep van die code (de voorzitter, in de andere groep)
/terugkoppeling – de conclusies van alle gekoppelde groepen samen, met de poster van het hele team
/ontkoppel – stop met delen (voorzitter)

<b>Acties (stap 5, en altijd in de groep, ook zonder sessie)</b>
/actie @naam datum: wat – leg een actie vast, bijvoorbeeld /actie @anna 15 december: Engelstalig lesmateriaal zoeken (alleen /actie: ik vraag het stap voor stap)
/acties [alle] – alle acties: te laat, open en klaar
/klaar &lt;nr&gt; – vink een actie af (de trekker, wie de actie vastlegde of de voorzitter)
/teamoverleg &lt;dag&gt; &lt;tijd&gt; [elke N weken] – een uur voor elk teamoverleg de stand van zaken (voorzitter)
/vakantie [eerste dag tot laatste dag] – de vakanties van het team. Dan stuur ik geen herinneringen en sla ik het teamoverleg over. Bijvoorbeeld /vakantie 21 december tot 3 januari. Met /vakantie weg &lt;nr&gt; haal je er een weg (voorzitter). Op feestdagen stuur ik ook niets.
/mijnacties – in een privéchat met mij: jouw acties in al je groepen, ook voor je agenda
/vergeetmij – in een privéchat met mij: laat je gegevens wissen"""

PRIVATE_HELLO = (
    "Hoi! Ik begeleid de werksessie <b>Aan de slag met internationalisering</b> in een groep. "
    "Voeg me toe aan de groepschat van je team en stuur daar /sessie."
)


def private_help(deck: Deck) -> str:
    """/help in a private chat."""
    return f"{PRIVATE_HELLO}\n\n{help_text(deck)}"


def private_start(first_name: str) -> str:
    """/start in a private chat: two lines, the rest is /help's."""
    return (
        f"Hoi {esc(first_name)}! Ik begeleid de werksessie <b>Aan de slag met "
        "internationalisering</b> en stuur je hier herinneringen over je acties.\n"
        "Typ /help om te zien wat ik kan."
    )


PRIVATE_TEXT = (
    "Gewone berichten lees ik hier niet. Typ /mijnacties voor je acties of /help voor wat ik kan."
)
UNKNOWN_COMMAND = "Dat commando ken ik niet. Typ /help voor alle commando's."


def did_you_mean(command: str) -> str:
    return f"Dat commando ken ik niet. Bedoel je /{esc(command)}?"


SESSIE_IN_PRIVATE = (
    "Een sessie doe je samen met je team. Voeg me toe aan jullie groepschat en stuur daar /sessie."
)
NO_SESSION = "Er loopt hier geen sessie. Start er een met /sessie."
UNKNOWN_BUTTON = "Deze knop werkt niet (meer)."
# A button whose data got past the routing but not its format, or a choice no longer offered.
UNKNOWN_BUTTON_DATA = "Die knop ken ik niet."
UNKNOWN_CHOICE = "Die keuze ken ik niet."
OLD_SESSION_BUTTON = (
    "Deze knop hoort bij een eerdere sessie. Gebruik het bericht van de sessie van nu."
)
NO_SESSION_EVER = "Hier is nog geen sessie geweest. Start er een met /sessie."
NOT_STARTED_YET = "De sessie is nog niet begonnen. De voorzitter start met /begin."
SESSION_ALREADY_RUNNING = (
    "Er loopt hier al een sessie. De voorzitter kan die eerst beëindigen met /stop."
)
BAD_MINUTES = "Geef de lengte in hele minuten, bijvoorbeeld /sessie 150."
BAD_EXTEND = "Geef het aantal extra minuten als getal, bijvoorbeeld /verleng 5."
ASK_NEEDS_TEXT = (
    "Zet je vraag achter het commando, bijvoorbeeld: "
    "/vraag Welke stagebedrijven hebben buitenlandse klanten?"
)
NOT_DURING_STEP = "Dat kan alleen terwijl een stap loopt."
ALREADY_PAUSED = "De klok staat al stil. Zet hem weer aan met /hervat."
NOT_PAUSED = "De klok loopt al."
CHAIR_WHO = (
    "Wie wordt de nieuwe voorzitter? Tik op een naam, of reageer met /voorzitter op een "
    "bericht van die persoon."
)


def only_chair(chair_name: str) -> str:
    return f"Alleen de voorzitter ({esc(chair_name)}) kan dat doen."


def minutes_out_of_range(low: int, high: int) -> str:
    return f"Kies een lengte tussen {low} en {high} minuten, bijvoorbeeld /sessie 150."


# --- command menu ----------------------------------------------------------------------

GROUP_COMMANDS = [
    ("sessie", "Open een werksessie (standaard 150 minuten)"),
    ("doemee", "Doe mee met de sessie"),
    ("begin", "Start stap 1 (voorzitter)"),
    ("status", "Stap, resterende tijd en antwoorden"),
    ("vraag", "Stel zelf een vraag aan het team"),
    ("hulpvragen", "De hulpvragen van deze stap (voorzitter: aan of uit)"),
    ("steekwoord", "Zet een steekwoord op de poster"),
    ("volgende", "Naar de volgende stap (voorzitter)"),
    ("verleng", "Meer tijd voor deze stap (voorzitter)"),
    ("pauze", "Zet de klok stil (voorzitter)"),
    ("hervat", "Zet de klok weer aan (voorzitter)"),
    ("voorzitter", "Geef de voorzittersrol door"),
    ("stop", "Beëindig de sessie (voorzitter)"),
    ("samenvatting", "Stand van zaken: acties en antwoorden per stap"),
    ("poster", "Jullie ingevulde poster (afbeelding en PDF)"),
    ("export", "Sessie als PDF en Word, acties voor Excel en agenda (voorzitter)"),
    ("actie", "Leg een actie vast: wie doet wat, wanneer"),
    ("acties", "Alle acties: te laat, open en klaar"),
    ("klaar", "Vink een actie af, bijvoorbeeld /klaar 3"),
    ("teamoverleg", "Stand van zaken voor elk teamoverleg (voorzitter)"),
    ("vakantie", "Vakanties van het team: dan geen herinneringen"),
    ("koppel", "Koppel een tweede groep van het team (voorzitter)"),
    ("terugkoppeling", "De conclusies van alle gekoppelde groepen samen"),
    ("ontkoppel", "Stop het koppelen met de andere groep (voorzitter)"),
    ("privacy", "Wat ik van je bewaar, en hoe lang"),
    ("help", "Uitleg over de bot"),
]
PRIVATE_COMMANDS = [
    ("start", "Koppel je account voor herinneringen"),
    ("mijnacties", "Jouw acties in al je groepen"),
    ("export", "De bestanden van jouw groepen: PDF, Word, Excel, agenda"),
    ("privacy", "Wat ik van je bewaar, en hoe lang"),
    ("vergeetmij", "Laat je gegevens wissen"),
    ("help", "Uitleg over de bot"),
]

SORRY = (
    "Sorry, daar ging iets mis aan mijn kant. Je bericht heb ik bewaard. Probeer het zo nog eens."
)
