"""Steekwoorden for the poster: up to eight keywords proposed from what the team answered in
a step (steps 2 and 5 ask to write the outcomes "in steekwoorden op de poster").

YAKE (statistical, unsupervised, ships Dutch stop words) picks the candidates; simplemma's
Dutch lemmas tell that "klant" and "klanten" are one keyword. What is left here is only the
choice among the candidates: no word counting by hand.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterable, Sequence

MAX_KEYWORDS = 8
MAX_KEYWORD_LENGTH = 40  # a keyword goes on a button
# Keeps one extraction well under 100 ms, so it may run on the event loop (measured in
# bench/scenarios/keywords.py): a 30-minute step of a team of eight writes about this much.
MAX_INPUT_CHARACTERS = 6_000
MAX_WORDS = 2

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
# Words that say nothing on a poster, on top of YAKE's Dutch stop words: the session's own
# vocabulary and vague verbs that the team's answers are full of.
_EMPTY_LEMMAS = frozenset(
    {
        "student",
        "studenten",
        "internationalisering",
        "internationaal",
        "opleiding",
        "school",
        "docent",
        "team",
        "werken",
        "werk",
        "spreken",
        "denken",
        "vinden",
        "gaan",
        "komen",
        "moeten",
        "kunnen",
        "willen",
        "maken",
        "doen",
        "zien",
        "straks",
        "vaak",
        "echt",
        "heel",
        "veel",
        "goed",
        "belangrijk",
        "bijvoorbeeld",
    }
)


# Both libraries take seconds to load (YAKE pulls in numpy and networkx; simplemma reads its
# Dutch dictionary on first use): loaded on first use, and `warm_up` does that early, off
# the event loop, so neither the bot's start nor the end of a step waits for it.
@functools.cache
def _extractor():
    import yake

    return yake.KeywordExtractor(lan="nl", n=MAX_WORDS, dedupLim=0.8, top=MAX_KEYWORDS * 4)


def _lemma(word: str) -> str:
    import simplemma

    return simplemma.lemmatize(word, lang="nl")


def warm_up() -> None:
    """Load both libraries and the Dutch dictionary."""
    propose(["Klanten uit het buitenland."])


_warming: threading.Thread | None = None
_warming_lock = threading.Lock()


def warm_up_in_background() -> None:
    """Start loading in a thread, once: a step that will want keywords calls this when it
    gets answers, so they are ready when it ends and nothing waits for the load."""
    global _warming
    with _warming_lock:
        if _warming is None:
            _warming = threading.Thread(target=warm_up, name="keywords-warm-up", daemon=True)
            _warming.start()


def lemma_key(phrase: str) -> tuple[str, ...]:
    """The phrase as a tuple of Dutch lemmas: one key for "Klanten" and "klant"."""
    return tuple(_lemma(word.lower()) for word in _WORD.findall(phrase))


def _as_written(keyword: str, text: str) -> str:
    """Capitals only where the team wrote them mid-sentence too: "Klanten" at the start of
    an answer is "klanten", "Engels" stays "Engels"."""
    words = keyword.split(" ")
    for index, word in enumerate(words):
        lower = word.lower()
        if word != lower and re.search(rf"(?<![\w]){re.escape(lower)}(?![\w])", text):
            words[index] = lower
    return " ".join(words)


def normalise(phrase: str) -> str:
    """A keyword as stored and shown: single spaces, no surrounding punctuation."""
    return " ".join(phrase.split()).strip(" .,;:!?\"'()[]")[:MAX_KEYWORD_LENGTH].strip()


def propose(
    answers: Sequence[str], *, known: Iterable[str] = (), limit: int = MAX_KEYWORDS
) -> list[str]:
    """Up to `limit` keywords from the answers, most telling first. Keywords in `known`
    (already kept or added) and their other forms are not proposed again."""
    text = "\n".join(f"{answer.strip().rstrip('.')}." for answer in answers if answer.strip())
    if not text:
        return []
    covered: set[str] = set()
    seen: set[tuple[str, ...]] = set()
    for phrase in known:
        key = lemma_key(phrase)
        seen.add(key)
        covered.update(key)
    chosen: list[str] = []
    for candidate, _score in _extractor().extract_keywords(text[:MAX_INPUT_CHARACTERS]):
        keyword = normalise(candidate)
        key = lemma_key(keyword)
        if not key or key in seen:
            continue
        # A phrase with an empty word ("studenten werken") says less than its other word
        # alone, which comes as a candidate of its own.
        if any(lemma in _EMPTY_LEMMAS or len(lemma) < 3 for lemma in key):
            continue
        # Nor one whose every word a chosen keyword already holds.
        if set(key) <= covered:
            continue
        seen.add(key)
        covered.update(key)
        chosen.append(_as_written(keyword, text))
        if len(chosen) == limit:
            break
    return chosen
