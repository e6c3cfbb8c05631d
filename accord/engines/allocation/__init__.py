"""Allocation of exchange places: student-proposing deferred acceptance with reasons, pure Python.

Pure so that it can be property-tested in milliseconds, benchmarked, and run from the CLI without a database;
the Django side loads ``Student``/``Place`` rows into these dataclasses and saves ``AllocationResult`` back
(``adapters.py`` in the owning app). The rules the engine applies are listed in README.md beside this file.
"""

from .checker import CheckReport, check_allocation
from .contract import run_contract
from .engine import allocate
from .errors import AllocationInputError
from .models import CEFR_LEVELS, POLICIES, AllocationOptions, Place, Policy, Student
from .reasons import Reason
from .result import AllocationResult

__all__ = [
    "CEFR_LEVELS",
    "POLICIES",
    "AllocationInputError",
    "AllocationOptions",
    "AllocationResult",
    "CheckReport",
    "Place",
    "Policy",
    "Reason",
    "Student",
    "allocate",
    "check_allocation",
    "run_contract",
]
