from accord.engines.health import LedgerYear, build_ledger


def test_without_carry_over_each_year_starts_at_zero() -> None:
    lines = build_ledger(
        [LedgerYear(2022, incoming=1, outgoing=4), LedgerYear(2023, incoming=2, outgoing=2)],
        carries_over=False,
        threshold=2,
    )
    assert [(line.carried_in, line.net, line.closing) for line in lines] == [(0, 3, 3), (0, 0, 0)]
    assert lines[0].warning.startswith("Imbalance of 3")
    assert lines[1].warning == ""


def test_carry_over_accumulates_and_fills_missing_years() -> None:
    lines = build_ledger(
        [
            LedgerYear(2021, incoming=1, outgoing=3, incoming_months=5.0, outgoing_months=14.5),
            LedgerYear(2023, incoming=4, outgoing=1, incoming_months=20.0, outgoing_months=4.0),
        ],
        carries_over=True,
        threshold=5,
    )
    assert [line.year for line in lines] == [2021, 2022, 2023]
    assert [(line.carried_in, line.net, line.closing) for line in lines] == [
        (0, 2, 2),
        (2, 0, 2),
        (2, -3, -1),
    ]
    assert [line.closing_months for line in lines] == [9.5, 9.5, -6.5]
    assert lines[2].carried_in_months == 9.5
    assert all(line.warning == "" for line in lines)


def test_forecast_adds_the_pipeline_and_warns_before_it_happens() -> None:
    (line,) = build_ledger(
        [LedgerYear(2026, incoming=1, outgoing=1, pipeline_outgoing=4, pipeline_incoming=1)],
        carries_over=True,
        threshold=2,
    )
    assert (line.closing, line.forecast_outgoing, line.forecast_incoming, line.forecast_closing) == (
        0,
        5,
        2,
        3,
    )
    assert line.warning == "Forecast imbalance of 3 passes the threshold of 2."


def test_pipeline_of_a_past_year_is_not_carried() -> None:
    lines = build_ledger(
        [LedgerYear(2024, outgoing=1, pipeline_outgoing=3), LedgerYear(2025, incoming=1)],
        carries_over=True,
        threshold=9,
    )
    assert lines[1].carried_in == 1
    assert lines[1].closing == 0


def test_staff_days_are_kept_per_direction() -> None:
    (line,) = build_ledger(
        [LedgerYear(2025, incoming_staff_days=5, outgoing_staff_days=12)], carries_over=False, threshold=1
    )
    assert (line.flows.incoming_staff_days, line.flows.outgoing_staff_days) == (5, 12)


def test_empty_ledger() -> None:
    assert build_ledger([], carries_over=True, threshold=1) == ()
