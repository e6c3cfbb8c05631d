"""The common score of an application: a weighted mean of normalised parts, 0 to 100.

Each part is brought to 0..1 first so that weights mean what they say ("grades count 50%") whatever the
grade scale or the number of credits of a programme.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from accord.engines.allocation.models import CEFR_LEVELS, cefr_rank

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Weights:
    grades: Decimal
    language: Decimal
    motivation: Decimal
    credits: Decimal

    @property
    def total(self) -> Decimal:
        return self.grades + self.language + self.motivation + self.credits


@dataclass(frozen=True)
class ScoreParts:
    grades: Decimal
    language: Decimal
    motivation: Decimal
    credits: Decimal
    score: Decimal


def _clamp(value: Decimal) -> Decimal:
    return min(max(value, Decimal(0)), Decimal(1))


def best_language_level(languages: dict[str, str]) -> Decimal:
    """The best certified CEFR level as 0 (A1) .. 1 (C2); no certificate counts as 0."""
    ranks = [rank for level in languages.values() if (rank := cefr_rank(level)) is not None]
    return Decimal(max(ranks)) / Decimal(len(CEFR_LEVELS) - 1) if ranks else Decimal(0)


def compute_score(
    *,
    weights: Weights,
    grade_average: Decimal,
    grade_min: Decimal,
    grade_max: Decimal,
    languages: dict[str, str],
    motivation_score: Decimal | None,
    credits: Decimal,
    credits_target: Decimal,
) -> ScoreParts:
    """A motivation not yet scored counts as 0, so scoring it can only raise the score."""
    grades = _clamp((grade_average - grade_min) / (grade_max - grade_min))
    language = best_language_level(languages)
    motivation = _clamp((motivation_score or Decimal(0)) / HUNDRED)
    credit_part = _clamp(credits / credits_target) if credits_target > 0 else Decimal(1)
    if weights.total <= 0:
        total = Decimal(0)
    else:
        weighted = (
            weights.grades * grades
            + weights.language * language
            + weights.motivation * motivation
            + weights.credits * credit_part
        )
        total = HUNDRED * weighted / weights.total
    return ScoreParts(
        grades, language, motivation, credit_part, total.quantize(Decimal("0.01"), ROUND_HALF_UP)
    )
