"""The checks a learning agreement must pass before anyone signs it.

Credits are counted per term of Table A plus Table C (what the student studies), and must lie within bounds
set per semester (settings ``ACCORD_LA_MIN_ECTS_PER_SEMESTER`` / ``ACCORD_LA_MAX_ECTS_PER_SEMESTER``, default
20 and 40). A term of a year with N terms is 2/N of a semester, so trimesters get two thirds of the bounds.
Errors block signing; warnings are shown beside the totals.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from accord.agreements.models import MobilityType
from accord.learning.models import Component, ComponentTable

DEFAULT_MIN_ECTS_PER_SEMESTER = Decimal(20)
DEFAULT_MAX_ECTS_PER_SEMESTER = Decimal(40)


@dataclass(frozen=True)
class RuleProblem:
    code: str
    message: str
    blocking: bool = True


def credit_bounds() -> tuple[Decimal, Decimal]:
    low = Decimal(str(getattr(settings, "ACCORD_LA_MIN_ECTS_PER_SEMESTER", DEFAULT_MIN_ECTS_PER_SEMESTER)))
    high = Decimal(str(getattr(settings, "ACCORD_LA_MAX_ECTS_PER_SEMESTER", DEFAULT_MAX_ECTS_PER_SEMESTER)))
    return low, high


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


def check(components: list[Component], *, mobility_type: str) -> list[RuleProblem]:
    problems: list[RuleProblem] = []
    studied = [c for c in components if c.table in (ComponentTable.A, ComponentTable.C)]
    if mobility_type != MobilityType.STUDENT_STUDIES:
        if not components:
            problems.append(RuleProblem("empty", "Add at least one component before signing."))
        return problems
    if not any(c.table == ComponentTable.A for c in components):
        problems.append(
            RuleProblem("table_a_empty", "Table A needs at least one component studied at the host.")
        )
    if not any(c.table == ComponentTable.B for c in components):
        problems.append(
            RuleProblem("table_b_empty", "Table B needs at least one component recognised at home.")
        )
    low, high = credit_bounds()
    terms: dict[tuple[int, int], Decimal] = {}
    for component in studied:
        if component.term_number and component.total_terms:
            key = (component.term_number, component.total_terms)
            terms[key] = terms.get(key, Decimal(0)) + (component.ects or Decimal(0))
    for (number, total), credits in sorted(terms.items()):
        share = Decimal(2) / Decimal(total)
        term_low, term_high = (low * share).quantize(Decimal("0.1")), (high * share).quantize(Decimal("0.1"))
        label = f"term {number} of {total}"
        if credits < term_low:
            problems.append(
                RuleProblem(
                    "too_few_credits",
                    f"{_fmt(credits)} ECTS in {label}: at least {_fmt(term_low)} are required.",
                )
            )
        elif credits > term_high:
            problems.append(
                RuleProblem(
                    "too_many_credits",
                    f"{_fmt(credits)} ECTS in {label}: at most {_fmt(term_high)} are allowed.",
                )
            )
    total_a = sum((c.ects or Decimal(0) for c in studied), Decimal(0))
    total_b = sum((c.ects or Decimal(0) for c in components if c.table == ComponentTable.B), Decimal(0))
    if total_a != total_b:
        problems.append(
            RuleProblem(
                "recognition_differs",
                f"Tables A and C add up to {_fmt(total_a)} ECTS but Table B recognises {_fmt(total_b)}.",
                blocking=False,
            )
        )
    return problems


def blocking(problems: list[RuleProblem]) -> list[RuleProblem]:
    return [p for p in problems if p.blocking]
