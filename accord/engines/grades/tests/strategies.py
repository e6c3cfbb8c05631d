"""Hypothesis strategies: random valid scales and the distribution tables that go with them."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from accord.engines.grades import GradeDistribution, GradeScale, load_scale

# No max_examples, so a hypothesis profile can raise it. No deadline: shared CI machines are slow at times,
# and a timing failure would say nothing about grades.
PROPERTY = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

NUMERIC_SLUGS = ("fr-0-20", "es-0-10", "it-18-30", "nl-1-10")


def symbolic_scale(size: int, prefix: str = "g") -> GradeScale:
    """A made-up scale g0 (best) ... g{size-1} (lowest pass), failing 'fail'."""
    return GradeScale(
        slug=f"{prefix}{size}",
        name=f"made-up {prefix}{size}",
        kind="symbolic",
        passing=tuple(f"{prefix}{i}" for i in range(size)),
        failing=("fail",),
    )


@st.composite
def percentages(draw: st.DrawFn, size: int, *, allow_empty: bool = True) -> tuple[float, ...]:
    """Shares of passing students as a published table would give them: rounded to 2 decimals, so the sum is
    only roughly 100 (within 0.05 for up to 10 grades), and some grades may have no student at all."""
    counts = draw(
        st.lists(st.integers(0 if allow_empty else 1, 60), min_size=size, max_size=size).filter(
            lambda c: sum(c) > 0
        )
    )
    total = sum(counts)
    return tuple(round(100 * count / total, 2) for count in counts)


@st.composite
def symbolic_tables(draw: st.DrawFn, *, prefix: str = "g", allow_empty: bool = True) -> GradeDistribution:
    scale = symbolic_scale(draw(st.integers(2, 9)), prefix)
    return GradeDistribution(scale, draw(percentages(len(scale.passing), allow_empty=allow_empty)))


@st.composite
def numeric_tables(draw: st.DrawFn) -> GradeDistribution:
    scale = load_scale(draw(st.sampled_from(NUMERIC_SLUGS)))
    return GradeDistribution(scale, draw(percentages(len(scale.passing))))


@st.composite
def passing_marks(draw: st.DrawFn, scale: GradeScale) -> list[float]:
    """Passing marks on a numeric scale, best first, including marks between the listed points."""
    assert scale.numeric is not None
    low, high = scale.numeric.pass_mark, scale.numeric.maximum
    marks = draw(st.lists(st.floats(low, high).map(lambda m: round(m, 2)), min_size=2, max_size=12))
    return sorted((m for m in marks if low <= m <= high), reverse=True)
