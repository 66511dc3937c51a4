"""Steekwoorden for the poster: up to eight keywords proposed from what the team answered in
a step (steps 2 and 5 ask to write the outcomes "in steekwoorden op de poster").

A keyword on the poster is a noun phrase: "stage in Duitsland", "Poolse chauffeurs",
"interculturele communicatie". The answers are short chat lines, so a small shape-based tagger
is enough to find those: Dutch function words, time words and verbs end a phrase; a phrase is
adjectives, a noun and at most two prepositional tails ("bedrijfsbezoek aan de haven van
Antwerpen"). simplemma's Dutch lemmas tell inflected adjectives ("Duitse") and plurals
("klanten") apart and make "klant" and "klanten" one keyword. Nouns several members use come
first. A country or a language alone is proposed only when several answers name it; a bare
verb, adjective or time phrase never is.

Measured over the hand-written answer sets in tests/core/keyword_cases.yaml
(tests/core/test_keyword_quality.py holds the figures).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

MAX_KEYWORDS = 8
MAX_KEYWORD_LENGTH = 40  # a keyword goes on a button
# Bounds the work of one proposal: a 30-minute step of a team of eight writes about this much
# (bench/scenarios/keywords.py measures it; it runs in the database thread).
MAX_INPUT_CHARACTERS = 6_000
MAX_TAILS = 2  # "bedrijfsbezoek aan de haven van Antwerpen"


# Input vocabulary (the *_WORDS names): Dutch words the proposer must recognise in answers.
# They may live in the core because no member reads them from here (make check holds that
# with scripts/no_member_text_in_core.py).
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that never belong in a keyword and end the phrase before them: articles and
# possessives are kept inside a tail ("aan de haven") but never start or end one.
_DETERMINER_WORDS = _words("de het een 't onze ons hun mijn jullie je haar zijn elke ieder iedere")
_PREPOSITION_WORDS = _words(
    "in uit naar met voor van over op bij aan door tijdens via als zonder rond per tot om "
    "tegen onder binnen buiten vanuit richting"
)
_FUNCTION_WORDS = _words(
    # pronouns, question words and conjunctions
    "ik jij je u we wij ze zij hij men er die dat dit deze wat wie welke waar waarom hoe iemand "
    "iets niets niks alles elkaar zich hen hem haar mij me ons en of maar want dus omdat zodat "
    "wanneer terwijl als dan toen ofwel zowel hetzij noch "
    # adverbs and particles
    "ook nog al wel niet soms vaak echt heel erg zeer best zo nu hier daar even gewoon "
    "eigenlijk natuurlijk bijna vooral samen misschien eerst straks later meteen altijd nooit "
    "steeds meestal allemaal overal vandaan terug mee weer alleen zelf zelfs toch juist bv "
    "bijv bijvoorbeeld etc enz zoals dergelijke hetzelfde daarom daarna daarvoor daarbij "
    "daarmee hierbij hiervoor ermee erbij ervoor ergens iedereen niemand wellicht zeker graag "
    "liefst verder vooraf binnenkort zeg maar te thuis volgens na "
    # ordinals
    "eerste tweede derde vierde laatste "
    # replies that say nothing
    "ja nee ok oke oké top idd klopt precies inderdaad haha hahaha lol super prima mooi leuk "
    "thanks dank bedankt eens goed idee "
    # auxiliaries and the verbs every answer is full of
    "is zijn ben bent was waren wordt worden werd werden heeft hebben heb hebt had hadden kan "
    "kunnen kun kunt kon konden moet moeten moest mag mogen wil willen wilde zal zullen zou "
    "zouden gaat gaan ga ging gingen komt komen kom kwam doet doen doe deed maakt maken maak "
    "krijgt krijgen krijg zit zitten staat staan ligt liggen blijft blijven blijkt lijkt lijken "
    "denk denkt denken vind vindt vinden zie ziet zien weet weten zeg zegt zeggen laat laten "
    "nodig handig lastig belangrijk moeilijk makkelijk mogelijk populair anders plus"
)
# Quantifiers: like an article they say a noun follows ("veel klanten"), but they are not
# part of the keyword.
_QUANTIFIER_WORDS = _words(
    "veel meer minder weinig enkele sommige alle beide geen genoeg meerdere diverse "
    "verschillende zoveel hoeveel heleboel"
)
# The session's own vocabulary and words too vague for a poster, even inside a phrase: a
# phrase stops at them ("pilot met 10 studenten" is "pilot").
_EMPTY_WORDS = _words(
    "student studenten leerling leerlingen docent docenten opleiding opleidingen school team "
    "teams internationalisering ding dingen manier keer helft deel aantal soort kant topic "
    "stap poster vraag antwoord punt idee"
)
# Nouns that name a keyword only with more words around them ("collega's uit de Filipijnen",
# "contact met reizigers"), never alone.
_VAGUE_WORDS = _words(
    "collega collega's mens mensen land landen wereld contact kennis buitenland plek plaats "
    "groep klas les lessen info informatie iedereen bedrijf bedrijven werk ervaring project"
)
# Time words end a phrase and are never proposed: "volgend jaar", "in periode 3".
_TIME_WORDS = _words(
    "jaar jaren jaars week weken maand maanden dag dagen periode periodes semester blok "
    "schooljaar leerjaar uur uren minuut moment tijdje vandaag morgen gisteren volgend "
    "volgende vorig vorige komend komende eind einde begin start straks nu ooit later "
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag januari februari maart april "
    "mei juni juli augustus september oktober november december kerst kerstvakantie vakantie "
    "zomervakantie herfstvakantie voorjaarsvakantie"
)


def _plain(word: str) -> str:
    return word.lower().translate(str.maketrans("ëéïç", "eeic"))


# Places and languages: a phrase's anchor ("klanten uit Duitsland"), alone only when several
# answers name one. Lower case and without accents, as members type them.
_PLACE_WORDS = {
    _plain(name): name
    for name in (
        "Nederland Duitsland België Frankrijk Spanje Portugal Italië Engeland "
        "Ierland Schotland Polen Roemenië Bulgarije Hongarije Tsjechië Oostenrijk "
        "Zwitserland Denemarken Zweden Noorwegen Finland Estland Letland Litouwen Griekenland "
        "Turkije Marokko Syrië Oekraïne Rusland China Japan Korea India Indonesië Suriname "
        "Curaçao Aruba Amerika Canada Australië Brazilië Afrika Azië Europa Scandinavië "
        "Filipijnen Iran Irak Afghanistan Eritrea Somalië Ghana Nigeria Vietnam Thailand "
        "Mexico Argentinië Egypte Israël Kaapverdië Slowakije Slovenië Kroatië Servië "
        "VS Engels Duits Frans Spaans Pools Italiaans Turks Arabisch Nederlands Chinees "
        "Amsterdam Rotterdam Antwerpen Brussel Aken Keulen Parijs Londen Berlijn Milaan "
        "Marokkaans Surinaams Antilliaans Roemeens Bulgaars Portugees Grieks Russisch "
        "Duitsers Belgen Fransen Spanjaarden Portugezen Italianen Engelsen Polen Roemenen "
        "Bulgaren Turken Marokkanen Syriërs Oekraïners Chinezen Amerikanen"
    ).split()
}

# Suffixes of adjectives ("Engelstalig", "internationaal", "buitenlands"), and nouns that
# end like one.
_ADJECTIVE_SUFFIXES = (
    "isch", "ische", "ig", "ige", "lijk", "lijke", "baar", "bare", "aal", "ale", "eel", "ele",
    "ief", "ieve", "loos", "loze", "zaam", "zame", "lands", "landse", "aans", "wijd",
)  # fmt: skip
# English words members use as adjectives ("online samenwerken").
_ADJECTIVE_WORDS = _words("online offline hybride digitaal digitale fulltime parttime")
_NOUN_ENDINGS = (
    "taal", "tale", "zaal", "schaal", "kanaal", "verhaal", "materiaal", "signaal", "journaal",
    "deel", "personeel", "lokaal", "koning",
)  # fmt: skip
_NUMBER = re.compile(r"\d")
_TOKEN = re.compile(r"[^\W_][\w'’+-]*|[.,;:!?()\[\]/\"“”]|\s[-–]\s|\n", re.UNICODE)
_WORD = re.compile(r"[^\W\d_][\w'’+-]*", re.UNICODE)

_ARTICLE_OR_PREPOSITION = _DETERMINER_WORDS | _PREPOSITION_WORDS
_STOPS = _FUNCTION_WORDS | _QUANTIFIER_WORDS | _TIME_WORDS | _EMPTY_WORDS


def _lemma(word: str) -> str:
    import simplemma

    return str(simplemma.lemmatize(word, lang="nl")).lower()


# A sample answer, only to load the dictionary.
_WARM_UP_WORDS = ("Klanten uit het buitenland.",)


def warm_up() -> None:
    """Load simplemma's Dutch dictionary (about a second, once per process)."""
    propose(list(_WARM_UP_WORDS))


_warming: threading.Thread | None = None
_warming_lock = threading.Lock()


def warm_up_in_background() -> None:
    """Start loading in a thread, once: a step that will want keywords calls this when it
    gets answers, so the dictionary is ready when it ends and nothing waits for the load."""
    global _warming
    with _warming_lock:
        if _warming is None:
            _warming = threading.Thread(target=warm_up, name="keywords-warm-up", daemon=True)
            _warming.start()


def lemma_key(phrase: str) -> tuple[str, ...]:
    """The phrase as a tuple of Dutch lemmas: one key for "Klanten" and "klant"."""
    return tuple(_lemma(word.lower()) for word in _WORD.findall(phrase))


def _content_key(phrase: str) -> tuple[str, ...]:
    """The lemmas a candidate's key holds: "stage in Duitsland" is ("stage", "duitsland")."""
    words = (word.lower() for word in _WORD.findall(phrase))
    return tuple(_lemma(word) for word in words if word not in _ARTICLE_OR_PREPOSITION | _STOPS)


def normalise(phrase: str) -> str:
    """A keyword as stored and shown: single spaces, no surrounding punctuation."""
    return " ".join(phrase.split()).strip(" .,;:!?\"'()[]")[:MAX_KEYWORD_LENGTH].strip()


# --- tagging ---------------------------------------------------------------------------

_ADJ, _NOUN, _LINK, _VERB, _STOP, _MARK = "adj", "noun", "link", "verb", "stop", "mark"


@dataclass
class _Token:
    text: str
    lower: str
    lemma: str
    tag: str
    first: bool  # the first word of an answer or sentence: its capital says nothing


def _known(lower: str) -> bool:
    import simplemma

    return bool(simplemma.is_known(lower, lang="nl"))


def _is_adjective(lower: str, lemma: str) -> bool:
    if lower in _ADJECTIVE_WORDS:
        return True
    if _plain(lower) in _PLACE_WORDS or lower.endswith(_NOUN_ENDINGS):
        return False
    # An inflected adjective loses its -e in the lemma: "Duitse" → "duits", "nieuwe" → "nieuw".
    if lower.endswith("e") and lemma != lower and not lemma.endswith("en"):
        return True
    return lower.endswith(_ADJECTIVE_SUFFIXES)


def _is_verb(lower: str, lemma: str, before: _Token | None, *, starts: bool) -> bool:
    """No part-of-speech model: a verb is told by its shape and what stands before it."""
    # A past participle: "gedeeld", "geregeld" (not "gebied" or "gerecht").
    if lower.startswith("ge") and lower.endswith(("d", "t")) and len(lower) > 6:
        if lemma != lower or not _known(lower):
            return True
    # After an article, an adjective or a number comes a noun: "de kust", "duurzame teelt".
    after_article = before is not None and (
        before.tag == _ADJ
        or bool(_NUMBER.search(before.lower))
        or before.lower in _DETERMINER_WORDS | _QUANTIFIER_WORDS | _PREPOSITION_WORDS
    )
    # Conjugated: "exporteert", "organiseert", "erkend" (not "duurzame teelt"; and in "die
    # het organiseert" or "internationaal erkend" no noun follows).
    if lemma != lower and lemma.endswith("en") and not lower.endswith("en"):
        return (
            not after_article
            or before is None
            or before.lower == "het"
            or (before.tag == _ADJ and not before.lower.endswith("e"))
        )
    if after_article:
        return False
    if before is not None and before.lower == "te":
        return True
    if lower.endswith(("gaan", "staan", "slaan", "zien", "doen")):
        return True
    if lower.endswith("en") and len(lower) > 4:
        # Right after a noun a plural noun is rare (Dutch writes compounds as one word), a
        # verb common: "Planners bellen", "Allergenen uitleggen". At the start of a sentence
        # it is a subject: "Richtlijnen en onderzoek".
        if starts:
            return False
        if before is not None and before.tag == _NOUN:
            return True
        # Elsewhere simplemma tells a plural ("klanten" → "klant") from an infinitive.
        return lemma == lower or lemma.endswith("en")
    return False


def _tag(text: str, names: frozenset[str]) -> list[_Token]:
    tokens: list[_Token] = []
    first = sentence = True
    for match in _TOKEN.finditer(text):
        raw = match.group().strip()
        if not raw or not raw[0].isalnum():
            tokens.append(_Token(raw or "\n", raw, raw, _MARK, False))
            first = True
            sentence = raw in {"", ".", "!", "?"}
            continue
        lower = raw.lower().replace("’", "'")
        before = tokens[-1] if tokens and tokens[-1].tag != _MARK else None
        lemma = lower
        if lower in names:
            tag = _STOP
        elif _NUMBER.search(lower) or lower in _STOPS:
            tag = _STOP
        elif lower in _ARTICLE_OR_PREPOSITION:
            tag = _LINK
        else:
            lemma = _lemma(lower)
            if lemma in _STOPS:
                tag = _STOP
            elif _is_adjective(lower, lemma):
                tag = _ADJ
            elif _is_verb(lower, lemma, before, starts=sentence):
                tag = _VERB
            else:
                tag = _NOUN
        tokens.append(_Token(raw, lower, lemma, tag, first))
        first = sentence = False
    for i, token in enumerate(tokens[:-1]):
        after = tokens[i + 1]
        # A label ("Nodig:", "Kosten:") or a person doing something ("Sander regelt"): not
        # a keyword.
        if token.first and (
            after.text == ":"
            or (after.tag == _VERB and token.text[:1].isupper() and not _known(token.lower))
        ):
            token.tag = _STOP
    return tokens


# --- phrases ---------------------------------------------------------------------------


@dataclass
class _Candidate:
    words: tuple[_Token, ...]
    key: tuple[str, ...]  # content lemmas
    nouns: tuple[str, ...]
    answers: set[int] = field(default_factory=set)
    order: int = 0


def _width(words: Sequence[_Token]) -> int:
    return len(" ".join(w.text for w in words))


def _noun_group(tokens: list[_Token], start: int) -> int:
    """End (exclusive) of "adjective* noun noun? (en|of adjective* noun)?" from `start`, or
    `start` when there is none: "Duitse en Poolse vervoerders", "normen en waarden",
    "keuzedeel Duits"."""
    i = start
    while i < len(tokens) and tokens[i].tag == _ADJ:
        i += 1
        if i + 1 < len(tokens) and tokens[i].lower in {"en", "of"} and tokens[i + 1].tag == _ADJ:
            i += 1
    if i >= len(tokens) or tokens[i].tag != _NOUN:
        return start
    i += 1
    # Members write compounds apart ("workshop meertaligheid", "Erasmus+ aanvraag").
    if i < len(tokens) and tokens[i].tag == _NOUN:
        i += 1
    if i + 1 < len(tokens) and tokens[i].lower in {"en", "of"}:
        k = i + 1
        while k < len(tokens) and tokens[k].tag == _ADJ:
            k += 1
        if k < len(tokens) and tokens[k].tag == _NOUN:
            if _width(tokens[start : k + 1]) <= MAX_KEYWORD_LENGTH:
                i = k + 1
    return i


# "Machines komen uit Duitsland" names "machines uit Duitsland".
_COME_WORDS = _words("komen komt kwam kwamen")


def _tail_start(tokens: list[_Token], end: int) -> int:
    j = end
    if j < len(tokens) and tokens[j].lower in _COME_WORDS:
        j += 1
        while j < len(tokens) and tokens[j].lower in _FUNCTION_WORDS:
            j += 1
        if j < len(tokens) and tokens[j].lower == "uit":
            return j
    return end


def _phrases(tokens: list[_Token]) -> Iterable[tuple[_Token, ...]]:
    """Every noun phrase of the answer: the longest reading that fits on a button."""
    i = 0
    while i < len(tokens):
        end = _noun_group(tokens, i)
        if end == i:
            i += 1
            continue
        words = list(tokens[i:end])
        j = _tail_start(tokens, end)
        # Tails: preposition, articles, then a noun group ("aan de haven", "van Antwerpen").
        for _ in range(MAX_TAILS):
            if j >= len(tokens) or tokens[j].lower not in _PREPOSITION_WORDS:
                break
            k = j + 1
            while k < len(tokens) and tokens[k].lower in _DETERMINER_WORDS:
                k += 1
            tail_end = _noun_group(tokens, k)
            if tail_end == k:
                break
            longer = [*words, *tokens[j:tail_end]]
            if _width(longer) > MAX_KEYWORD_LENGTH:
                # As on a poster: without articles ("bedrijfsbezoek aan haven van Antwerpen").
                longer = [w for w in longer if w.lower not in _DETERMINER_WORDS]
                if _width(longer) > MAX_KEYWORD_LENGTH:
                    break
            words, j, end = longer, tail_end, tail_end
        yield tuple(words)
        i = end


def _as_shown(words: Sequence[_Token], capitalised: set[str]) -> str:
    """Capitals only where the team wrote them mid-sentence or for a name: "Klanten" at
    the start of an answer is "klanten", "Engels" stays "Engels", "belgie" is "België"."""
    shown = []
    for word in words:
        if _plain(word.lower) in _PLACE_WORDS and word.tag == _NOUN:
            shown.append(_PLACE_WORDS[_plain(word.lower)])
        elif (
            word.first
            and word.text not in capitalised
            and not any(ch.isupper() for ch in word.text[1:])
        ):
            shown.append(word.lower)
        else:
            shown.append(word.text)
    return " ".join(shown)


def _candidates(answers: Sequence[str], names: frozenset[str]) -> list[tuple[_Candidate, str]]:
    tagged = [_tag(answer, names) for answer in answers]
    capitalised = {
        t.text for tokens in tagged for t in tokens if not t.first and t.text[:1].isupper()
    }
    found: dict[tuple[str, ...], tuple[_Candidate, str]] = {}
    for number, tokens in enumerate(tagged):
        for words in _phrases(tokens):
            if _width(words) > MAX_KEYWORD_LENGTH:
                continue  # a keyword goes on a button
            content = [w for w in words if w.tag in (_ADJ, _NOUN)]
            key = tuple(w.lemma for w in content)
            if key not in found:
                nouns = tuple(w.lemma for w in content if w.tag == _NOUN)
                candidate = _Candidate(words, key, nouns, order=len(found))
                found[key] = (candidate, _as_shown(words, capitalised))
            found[key][0].answers.add(number)
    return list(found.values())


def _stands_alone(candidate: _Candidate, spread: dict[str, int]) -> bool:
    """A phrase of places ("België of Duitsland") or one noun is a keyword only when it is
    a topic: not vague, and a place or language only when several answers name it."""
    nouns = [w for w in candidate.words if w.tag == _NOUN]
    if all(_plain(w.lower) in _PLACE_WORDS for w in nouns):
        return all(spread.get(w.lemma, 0) >= 2 for w in nouns)
    if len(candidate.key) > 1:
        return True
    (word,) = nouns
    return (
        word.lemma not in _VAGUE_WORDS and word.lower not in _VAGUE_WORDS and len(word.lemma) >= 3
    )


def propose(
    answers: Sequence[str],
    *,
    known: Iterable[str] = (),
    names: Iterable[str] = (),
    limit: int = MAX_KEYWORDS,
) -> list[str]:
    """Up to `limit` keywords from the answers, most telling first. Keywords in `known`
    (already kept or added) and their other forms are not proposed again, nor the `names`
    of the group's members ("Sander regelt de laptops")."""
    kept: list[str] = []
    room = MAX_INPUT_CHARACTERS
    for answer in answers:
        answer = answer.strip()
        if answer and room > 0:
            kept.append(answer[:room])
            room -= len(answer) + 1
    people = frozenset(
        word
        for name in names
        for word in name.lower().split()
        if word not in _ARTICLE_OR_PREPOSITION  # "de" of "de Vries"
    )
    return _choose(_candidates(kept, people), known=known, limit=limit)


def _choose(
    candidates: list[tuple[_Candidate, str]], *, known: Iterable[str], limit: int
) -> list[str]:
    if not candidates:
        return []
    # How many answers use each noun: what several members bring up is the team's topic.
    used_in: dict[str, set[int]] = {}
    for candidate, _ in candidates:
        for lemma in candidate.nouns:
            used_in.setdefault(lemma, set()).update(candidate.answers)
    spread = {lemma: len(answers) for lemma, answers in used_in.items()}
    covered: set[str] = set()
    seen: set[tuple[str, ...]] = set()
    for phrase in known:
        key = _content_key(phrase)
        seen.add(key)
        covered.update(key)

    def rank(item: tuple[_Candidate, str]) -> tuple[float, int]:
        candidate, _ = item
        # Vague nouns ("collega's") are everywhere and tell nothing.
        shared = max(
            spread.get(lemma, 0) * (lemma not in _VAGUE_WORDS) for lemma in candidate.nouns
        )
        # A phrase says more than a word; a noun several answers share says most.
        return (-(shared + 0.5 * min(len(candidate.key) - 1, 2)), candidate.order)

    chosen: list[str] = []
    for candidate, shown in sorted(candidates, key=rank):
        if not candidate.nouns or candidate.key in seen:
            continue
        if not _stands_alone(candidate, spread):
            continue
        # Nor one whose every word a chosen keyword already holds.
        if set(candidate.key) <= covered:
            continue
        seen.add(candidate.key)
        covered.update(candidate.key)
        chosen.append(shown)
        if len(chosen) == limit:
            break
    return chosen
