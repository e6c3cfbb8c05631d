"""What two course descriptions have in common: TF-IDF vectors and their cosine, in plain Python.

Words are folded to lower case without accents, split on anything that is not a letter, and kept when they
have three letters or more and are not on a short stop-word list (English function words and the words every
course description uses: "course", "students"...). A plural "-s" or "-ies" is taken off ("systems" and
"system" are one word), but not from "-ss", "-us", "-is" or "-ics" words ("physics" stays). Each offer's
vector weighs a word by (1 + log count) * idf, idf = 1 + log((1 + N) / (1 + df)) over the offers matched
together, and is scaled to length 1, so the cosine of two offers is the sum of their shared words' products.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence

STOP_WORDS = frozenset(
    """
    about above after again all also among and any are around based because been before being between both
    but can could does doing during each either etc every few for from further had has have having here how
    into its itself just more most much must not now off once only other our ours out over own per same
    should some such than that the their theirs them then there these they this those through too under
    until upon very via was were what when where which while who whom why will with within without would
    you your yours
    course courses class classes module modules student students learn learning lecture lectures teaching
    taught study studies unit units week weeks programme program introduction topic topics
    """.split()  # noqa: SIM905 (a word list reads better as text)
)

_WORD = re.compile(r"[^\W\d_]+")
_KEEP_S = ("ss", "us", "is", "ics")


def words(text: str) -> list[str]:
    """The normalised words of ``text`` that count, in order (repeats kept)."""
    folded = text.casefold()
    if not folded.isascii():
        folded = "".join(ch for ch in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(ch))
    kept = []
    for word in _WORD.findall(folded):
        normal = _normal(word)
        if normal is not None:
            kept.append(normal)
    return kept


@functools.lru_cache(maxsize=65536)
def _normal(word: str) -> str | None:
    """A folded word without its plural ending, or None when it does not count."""
    if len(word) < 3 or word in STOP_WORDS:
        return None
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith(_KEEP_S):
        word = word[:-1]
    return None if word in STOP_WORDS else word


def tfidf_vectors(documents: Sequence[str]) -> list[dict[str, float]]:
    """One unit-length vector (word -> weight) per document; an empty document gives an empty vector."""
    counts = [Counter(words(document)) for document in documents]
    frequency: Counter[str] = Counter()
    for count in counts:
        frequency.update(count.keys())
    n = len(documents)
    idf = {word: 1.0 + math.log((1 + n) / (1 + df)) for word, df in frequency.items()}
    vectors = []
    for count in counts:
        weights = {word: (1.0 + math.log(times)) * idf[word] for word, times in count.items()}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        vectors.append({word: w / norm for word, w in weights.items()} if norm else {})
    return vectors


def cosine(first: Mapping[str, float], second: Mapping[str, float]) -> float:
    """The cosine of two unit vectors, summed in ``first``'s word order (callers fix which is first)."""
    total = 0.0
    for word, weight in first.items():
        other = second.get(word)
        if other is not None:
            total += weight * other
    return total


def shared_words(first: Mapping[str, float], second: Mapping[str, float], limit: int = 3) -> list[str]:
    """The words that add most to the cosine, the largest share first (ties alphabetical)."""
    shared = [(-(weight * second[word]), word) for word, weight in first.items() if word in second]
    return [word for _, word in sorted(shared)[:limit]]
