"""Words, TF-IDF vectors and their cosine."""

from __future__ import annotations

import math

from accord.engines.coil.text import cosine, shared_words, tfidf_vectors, words


def test_words_are_folded_and_stripped_of_plurals_and_stop_words() -> None:
    assert words("The Students' Économies and SYSTEMS of robotics, physics; café-culture 2026") == [
        "economy", "system", "robotics", "physics", "cafe", "culture",
    ]  # fmt: skip
    assert words("a an of to in") == [] and words("") == []


def test_vectors_have_unit_length_and_weigh_rare_words_more() -> None:
    vectors = tfidf_vectors(["robotics ethics", "robotics markets", "robotics energy", ""])
    assert vectors[3] == {}
    for vector in vectors[:3]:
        assert math.isclose(sum(w * w for w in vector.values()), 1.0)
    assert vectors[0]["ethics"] > vectors[0]["robotics"]  # "robotics" is in every other description


def test_cosine_is_one_for_the_same_text_zero_without_shared_words_and_symmetric() -> None:
    a, b, c, d = tfidf_vectors(["robotics ethics", "robotics ethics", "markets", "ethics energy robotics"])
    assert math.isclose(cosine(a, b), 1.0) and cosine(a, c) == 0.0
    assert math.isclose(cosine(a, d), cosine(d, a))
    assert shared_words(a, d) == sorted(shared_words(a, d), key=lambda w: -a[w] * d[w])
    assert set(shared_words(a, d)) == {"robotics", "ethics"}
