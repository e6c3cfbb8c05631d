"""The exchange balance of one agreement or partner, year by year.

Balance is seen from our side: `net` = outgoing - incoming, so a positive number means we sent more than we
received (the partner owes us places) and a negative one that we owe the partner. Flows count realised
mobilities (in progress or completed). Where the agreement carries its balance over, each year opens with the
previous year's closing balance; otherwise every year starts at 0. The forecast adds the pipeline (planned,
nominated and accepted mobilities, plus applications not yet nominated) to what has happened.
"""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class LedgerYear:
    year: int
    incoming: int = 0
    outgoing: int = 0
    incoming_months: float = 0.0
    outgoing_months: float = 0.0
    incoming_staff_days: int = 0
    outgoing_staff_days: int = 0
    # Still to come this year: the pipeline, not yet realised.
    pipeline_incoming: int = 0
    pipeline_outgoing: int = 0


@dataclass(frozen=True)
class LedgerLine:
    year: int
    flows: LedgerYear
    net: int
    carried_in: int
    closing: int
    net_months: float
    carried_in_months: float
    closing_months: float
    forecast_incoming: int
    forecast_outgoing: int
    forecast_closing: int
    warning: str


def _warning(closing: int, forecast_closing: int, threshold: int) -> str:
    if abs(closing) > threshold:
        side = "we sent" if closing > 0 else "we received"
        return f"Imbalance of {abs(closing)}: {side} more than the threshold of {threshold} allows."
    if abs(forecast_closing) > threshold:
        return f"Forecast imbalance of {abs(forecast_closing)} passes the threshold of {threshold}."
    return ""


def build_ledger(
    years: Sequence[LedgerYear], *, carries_over: bool, threshold: int
) -> tuple[LedgerLine, ...]:
    """Lines in year order; years missing between the first and last are filled with zeros."""
    if not years:
        return ()
    by_year = {y.year: y for y in years}
    lines = []
    carried, carried_months = 0, 0.0
    for year in range(min(by_year), max(by_year) + 1):
        flows = by_year.get(year, LedgerYear(year))
        net = flows.outgoing - flows.incoming
        net_months = round(flows.outgoing_months - flows.incoming_months, 1)
        opening = carried if carries_over else 0
        opening_months = carried_months if carries_over else 0.0
        closing = opening + net
        closing_months = round(opening_months + net_months, 1)
        forecast_in = flows.incoming + flows.pipeline_incoming
        forecast_out = flows.outgoing + flows.pipeline_outgoing
        forecast_closing = opening + forecast_out - forecast_in
        lines.append(
            LedgerLine(
                year=year,
                flows=flows,
                net=net,
                carried_in=opening,
                closing=closing,
                net_months=net_months,
                carried_in_months=opening_months,
                closing_months=closing_months,
                forecast_incoming=forecast_in,
                forecast_outgoing=forecast_out,
                forecast_closing=forecast_closing,
                warning=_warning(closing, forecast_closing, threshold),
            )
        )
        # Only what happened is carried: a past year's pipeline that never left is not owed to anyone.
        carried, carried_months = closing, closing_months
    return tuple(lines)
