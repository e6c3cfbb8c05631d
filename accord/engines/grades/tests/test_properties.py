"""Properties that must hold for any valid tables: monotone conversion, identity, refusal of bad sums."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.engines.grades import GradeConversionError, GradeDistribution, GradeScale, convert, load_scale
from accord.engines.grades.percentile import match

from .strategies import NUMERIC_SLUGS, PROPERTY, numeric_tables, passing_marks, symbolic_tables


def goodness(scale: GradeScale, grade: object) -> Fraction:
    """A number that grows with the quality of a passing grade on ``scale``, to compare results."""
    placement = scale.place(grade)
    assert placement.index is not None, "a passing grade must never convert to a failing one"
    if placement.value is not None:
        return placement.value
    # Symbolic ranks count down from the best; honours on numeric scales sit above every mark.
    return Fraction(10**6 - placement.index) if scale.numeric else Fraction(-placement.index)


def assert_never_better(scale: GradeScale, results: Sequence[object]) -> None:
    """Results of source grades listed best first must never get better further down."""
    values = [goodness(scale, grade) for grade in results]
    assert values == sorted(values, reverse=True), results


@PROPERTY
@given(symbolic_tables(prefix="s"), symbolic_tables(prefix="t"))
def test_percentile_is_monotone(source: GradeDistribution, target: GradeDistribution) -> None:
    results = [
        convert(g, source=source.scale, target=target.scale, source_table=source, target_table=target).grade
        for g in source.scale.passing
    ]
    assert_never_better(target.scale, results)


@PROPERTY
@given(numeric_tables(), symbolic_tables(prefix="t"), st.data())
def test_percentile_is_monotone_for_marks_between_points(
    source: GradeDistribution, target: GradeDistribution, data: st.DataObject
) -> None:
    marks = data.draw(passing_marks(source.scale))
    results = [
        convert(m, source=source.scale, target=target.scale, source_table=source, target_table=target).grade
        for m in marks
    ]
    assert_never_better(target.scale, results)


@PROPERTY
@given(symbolic_tables(prefix="s"), symbolic_tables(prefix="t"))
def test_linear_is_monotone_between_symbolic_scales(
    source: GradeDistribution, target: GradeDistribution
) -> None:
    results = [convert(g, source=source.scale, target=target.scale).grade for g in source.scale.passing]
    assert_never_better(target.scale, results)


@PROPERTY
@given(
    st.sampled_from(NUMERIC_SLUGS),
    st.sampled_from((*NUMERIC_SLUGS, "ects", "de-1-5", "us-letter")),
    st.data(),
)
def test_linear_is_monotone_from_numeric_scales(
    source_slug: str, target_slug: str, data: st.DataObject
) -> None:
    source, target = load_scale(source_slug), load_scale(target_slug)
    marks = [*source.honours, *data.draw(passing_marks(source))]
    assert_never_better(target, [convert(m, source=source, target=target).grade for m in marks])


@PROPERTY
@given(symbolic_tables(prefix="s"), st.sampled_from(NUMERIC_SLUGS))
def test_linear_is_monotone_into_numeric_scales(source: GradeDistribution, target_slug: str) -> None:
    target = load_scale(target_slug)
    results = [convert(g, source=source.scale, target=target).grade for g in source.scale.passing]
    assert_never_better(target, results)


@PROPERTY
@given(symbolic_tables())
def test_same_scale_and_table_is_the_identity(table: GradeDistribution) -> None:
    for grade in table.scale.passing:
        result = convert(
            grade, source=table.scale, target=table.scale, source_table=table, target_table=table
        )
        assert result.grade == grade
        assert result.method == "percentile"


@PROPERTY
@given(symbolic_tables(allow_empty=False))
def test_percentile_arithmetic_alone_gives_the_identity(table: GradeDistribution) -> None:
    """Not through the same-scale shortcut: each grade's range overlaps only itself in the same table."""
    ranges = table.exact_ranges()
    assert [match(span, ranges).chosen for span in ranges] == list(range(len(ranges)))


@PROPERTY
@given(symbolic_tables(prefix="s"), symbolic_tables(prefix="t"))
def test_overlaps_account_for_the_whole_source_range(
    source: GradeDistribution, target: GradeDistribution
) -> None:
    for index, grade in enumerate(source.scale.passing):
        result = convert(
            grade, source=source.scale, target=target.scale, source_table=source, target_table=target
        )
        lower, upper = source.exact_ranges()[index]
        if upper > lower:
            assert sum(o.points for o in result.overlaps) == pytest.approx(float(upper - lower))
            assert sum(o.share for o in result.overlaps) == pytest.approx(1.0)
            chosen = next(o for o in result.overlaps if o.grade == result.grade)
            assert chosen.points == max(o.points for o in result.overlaps)


@PROPERTY
@given(st.lists(st.floats(0, 100, allow_nan=False), min_size=2, max_size=8))
def test_tables_not_adding_up_to_100_are_refused(values: list[float]) -> None:
    scale = GradeScale(
        slug="x", name="x", kind="symbolic", passing=tuple(f"g{i}" for i in range(len(values)))
    )
    if abs(sum(values) - 100) <= 0.5:
        GradeDistribution(scale, tuple(values))  # accepted
    else:
        with pytest.raises(GradeConversionError) as refused:
            GradeDistribution(scale, tuple(values))
        assert refused.value.code == "distribution_sum"
