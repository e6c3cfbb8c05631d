"""Virtual exchange (COIL) matching: partner courses for every course offer, with reasons. Pure Python.

`model.py` defines the inputs (`Offer`, `Slot`) and checks them when they are built; `calendar.py` the common
teaching window of two offers and the hours their live slots meet across time zones (daylight saving
included), with a cheap upper bound of those hours; `text.py` the TF-IDF vectors and cosine of the course
descriptions; `score.py` the ten factors, their weights (`CoilPolicy`), a scored `Pair` and its explanation;
`index.py` what is computed once per offer and the buckets candidates are found in; `search.py` the top-k
search with its upper bounds; `match.py` the `Pool` that answers, `match`, and the brute force the search
must equal; `parse.py` the JSON contract of `accord coil match`; `errors.py` the one input error and its
stable codes; `gcpause.py` pauses the garbage collector during a run. The rules are in README.md.
"""

from .calendar import (
    common_window,
    hours_per_week,
    live_overlap_seconds,
    occurrences,
    overlap_days,
    overlap_weeks,
)
from .errors import CoilInputError, ErrorCode
from .match import DEFAULT_TOP, Matches, Pool, Suggestion, match, match_brute_force
from .model import CEFR_LEVELS, FORMATS, Format, Offer, Slot
from .parse import parse_input, parse_top, run_contract
from .score import MIN_OVERLAP_WEEKS, CoilPolicy, Contribution, Pair

__all__ = [
    "CEFR_LEVELS",
    "DEFAULT_TOP",
    "FORMATS",
    "MIN_OVERLAP_WEEKS",
    "CoilInputError",
    "CoilPolicy",
    "Contribution",
    "ErrorCode",
    "Format",
    "Matches",
    "Offer",
    "Pair",
    "Pool",
    "Slot",
    "Suggestion",
    "common_window",
    "hours_per_week",
    "live_overlap_seconds",
    "match",
    "match_brute_force",
    "occurrences",
    "overlap_days",
    "overlap_weeks",
    "parse_input",
    "parse_top",
    "run_contract",
]
