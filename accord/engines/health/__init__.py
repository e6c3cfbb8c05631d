"""Partnership health: pure Python, no Django.

`ledger.py` keeps the exchange balance of one agreement or partner year by year (with carry-over);
`indicators.py` turns a partnership's facts into indicators on 0-100; `score.py` weighs them into one score
with the indicators that pull it down; `trend.py` follows the score over five years and sorts partnerships
into at risk, dormant and deepening. Inputs are frozen dataclasses; the current year is an argument.
"""

from accord.engines.health.indicators import (
    INDICATORS,
    ActivityYear,
    IndicatorValue,
    PartnershipFacts,
    Renewal,
    indicator_values,
)
from accord.engines.health.ledger import LedgerLine, LedgerYear, build_ledger
from accord.engines.health.policy import DEFAULT_WEIGHTS, HealthPolicy
from accord.engines.health.score import HealthScore, score_partnership
from accord.engines.health.trend import Trend, TrendPoint, classify, score_trend

__all__ = [
    "DEFAULT_WEIGHTS",
    "INDICATORS",
    "ActivityYear",
    "HealthPolicy",
    "HealthScore",
    "IndicatorValue",
    "LedgerLine",
    "LedgerYear",
    "PartnershipFacts",
    "Renewal",
    "Trend",
    "TrendPoint",
    "build_ledger",
    "classify",
    "indicator_values",
    "score_partnership",
    "score_trend",
]
