"""Why a student did not get each place they ranked above the one they got.

Students' first question about an allocation is "why not my first choice?", and offices answer it by hand
today. Each reason names the deciding fact (a requirement, the last admitted score, a lottery draw) so that it
can be checked against published data. Texts are written on demand: a cohort of 100,000 does not pay for
sentences nobody reads, and the Django adapter can translate from ``code`` and the same facts.
"""

from __future__ import annotations

from typing import Final, NamedTuple

from .instance import OPEN, Instance, LanguageLevels, PlaceRequirement, StudentProfile
from .models import CEFR_LEVELS, subject_matches

LANGUAGE_NAMES: Final = {
    "ar": "Arabic", "bg": "Bulgarian", "ca": "Catalan", "cs": "Czech", "cy": "Welsh", "da": "Danish",
    "de": "German", "el": "Greek", "en": "English", "es": "Spanish", "et": "Estonian", "eu": "Basque",
    "fi": "Finnish", "fr": "French", "ga": "Irish", "gl": "Galician", "he": "Hebrew", "hi": "Hindi",
    "hr": "Croatian", "hu": "Hungarian", "is": "Icelandic", "it": "Italian", "ja": "Japanese", "ko": "Korean",
    "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian", "mt": "Maltese", "nb": "Norwegian Bokmål",
    "nl": "Dutch", "nn": "Norwegian Nynorsk", "no": "Norwegian", "pl": "Polish", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sq": "Albanian", "sr": "Serbian",
    "sv": "Swedish", "tr": "Turkish", "uk": "Ukrainian", "zh": "Chinese",
}  # fmt: skip


class Reason(NamedTuple):
    """Why ``place`` was not given; ``code`` is one of: ineligible, not_ranked, no_seats, full, lottery."""

    place: str
    code: str
    text: str


class _Cutoff(NamedTuple):
    """What a rejected applicant to one full place is compared with; the same for every one of them."""

    weakest: int
    own: bool
    value: float
    text: str
    limited: str


class ReasonWriter:
    """Explains one student at a time from the indexed instance and the outcome.

    Facts that repeat across students (a place's cut-off, a profile's unmet requirements) are worked out once
    and kept, so explaining a whole cohort costs little more than one pass over its preferences.
    """

    def __init__(
        self, instance: Instance, held: list[int], weakest: list[int], *, own_priorities: bool
    ) -> None:
        self._instance = instance
        self._held = held
        self._weakest = weakest
        # Serial dictatorship ignores places' own rankings, so its "full" reasons compare common scores.
        self._own_priorities = own_priorities
        self._cutoffs: dict[int, _Cutoff | None] = {}
        self._failures: dict[tuple[int, int], str] = {}
        self._numbers: dict[float, str] = {}

    def for_student(self, s: int) -> tuple[Reason, ...]:
        instance = self._instance
        student = instance.students[s]
        held = self._held[s]
        got = instance.places[held].id if held >= 0 else None
        reasons: list[Reason] = []
        for place_id in student.preferences:
            if place_id == got:
                break
            code, text = self._explain(s, instance.place_index[place_id])
            reasons.append(Reason(place_id, code, text))
        return tuple(reasons)

    def _explain(self, s: int, j: int) -> tuple[str, str]:
        instance = self._instance
        requirement = instance.requirements[j]
        if requirement is not OPEN:
            profile = instance.profiles[s]
            pair = (id(profile), id(requirement))
            failures = self._failures.get(pair)
            if failures is None:
                failures = self._failures[pair] = "; ".join(requirement_failures(profile, requirement))
            if failures:
                return "ineligible", failures
        ranking = instance.ranked_by_place[j]
        if ranking is not None and s not in ranking:
            return "not_ranked", "this place ranks its own applicants and did not rank you"
        place = instance.places[j]
        if instance.capacity[j] == 0:
            if place.capacity == 0:
                return "no_seats", "this place offers no seats this round"
            return (
                "no_seats",
                f"no seats this round: the exchange balance with partner {place.partner_id} is used up",
            )
        cutoff = self._cutoff(j)
        if cutoff is None:  # cannot happen in a valid outcome; say something true rather than crash
            return "full", "full: no seat was left"
        student = instance.students[s]
        yours = place.priorities[student.id] if cutoff.own and place.priorities is not None else student.score
        what = "priority at this place" if cutoff.own else "score"
        if yours == cutoff.value:
            draw_theirs, draw_yours = instance.draws[cutoff.weakest], instance.draws[s]
            return "lottery", (
                f"full: the last admitted {what} was {cutoff.text}, the same as yours; the tie was broken by "
                f"lottery (their draw {draw_theirs}, yours {draw_yours}; lower draws win){cutoff.limited}"
            )
        mine = self._number(yours)
        return "full", f"full: the last admitted {what} was {cutoff.text}, yours is {mine}{cutoff.limited}"

    def _number(self, value: float) -> str:
        """Scores as people write them (78.2, not 78.20000000000000284); a cohort repeats the same few."""
        text = self._numbers.get(value)
        if text is None:
            text = self._numbers[value] = format(value, ".10g")
        return text

    def _cutoff(self, j: int) -> _Cutoff | None:
        if j in self._cutoffs:
            return self._cutoffs[j]
        instance = self._instance
        place, w = instance.places[j], self._weakest[j]
        cutoff = None
        if w >= 0:
            own = self._own_priorities and place.priorities is not None
            value = (
                place.priorities[instance.students[w].id]
                if own and place.priorities
                else instance.students[w].score
            )
            seats = instance.capacity[j]
            limited = ""
            if seats < place.capacity:
                limited = (
                    f" (seats limited to {seats} of {place.capacity} by the exchange balance with partner "
                    f"{place.partner_id})"
                )
            cutoff = _Cutoff(w, own, value, self._number(value), limited)
        self._cutoffs[j] = cutoff
        return cutoff


def requirement_failures(profile: StudentProfile, requirement: PlaceRequirement) -> list[str]:
    """One phrase per unmet requirement, in the order a student would fix them."""
    languages, eqf, areas = profile
    needed_languages, eqf_levels, place_areas = requirement
    failures = [_language_failure(code, level, languages) for code, level in needed_languages]
    phrases = [f for f in failures if f]
    if eqf_levels and eqf not in eqf_levels:
        allowed = " or ".join(str(level) for level in sorted(eqf_levels))
        yours = f"yours is {eqf}" if eqf is not None else "yours is not recorded"
        phrases.append(f"requires EQF level {allowed}, {yours}")
    if place_areas and not any(subject_matches(a, p) for a in areas for p in place_areas):
        yours = ", ".join(areas) if areas else "none recorded"
        phrases.append(f"requires subject area {' or '.join(place_areas)}, yours: {yours}")
    return phrases


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def _language_failure(code: str, level: int, languages: LanguageLevels) -> str:
    have = dict(languages).get(code)
    if have is not None and have >= level:
        return ""
    yours = f"you have {CEFR_LEVELS[have]}" if have is not None else "you have none recorded"
    return f"requires {language_name(code)} {CEFR_LEVELS[level]}, {yours}"
