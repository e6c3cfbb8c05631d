"""A default offer to vary field by field, and random pools for the property tests.

Pools come from a ``random.Random`` seeded by hypothesis (as the allocation engine's tests do): a failure
reports its seed, and the pools are varied where it matters. Periods start within a few weeks of each other
so that windows of 3 to 6 weeks (the edge of the four-week rule) are common; zones include daylight-saving
ones on both hemispheres, one with a half-hour shift (Lord Howe) and one across the date line; repeated
offers under other ids make ties, so the tie-break is exercised.
"""

from __future__ import annotations

import dataclasses
import random
from datetime import date, time, timedelta
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from accord.engines.coil import Offer, Slot

# No example database (the tests write nothing outside tmp), no deadline (shared machines are slow at times).
FAST = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

ZONES = (
    "Europe/Berlin", "Asia/Tokyo", "America/Los_Angeles", "Pacific/Auckland", "UTC", "Asia/Kolkata",
    "Australia/Lord_Howe",
)  # fmt: skip
FIELDS = ("0613", "0613", "0612", "0714", "061", "06", "0311")
WORDS = ("robotics", "ethics", "software", "design", "data", "networks", "economics", "markets", "energy")


def offer(**changes: Any) -> Offer:
    """A valid offer: software development in English, Berlin, Mondays 09:00-11:00, autumn 2026."""
    base = Offer(
        id="a",
        institution="Uni A",
        isced="0613",
        languages=("en",),
        eqf=7,
        start=date(2026, 9, 1),
        end=date(2026, 11, 30),
        timezone="Europe/Berlin",
        slots=(Slot(0, time(9), time(11)),),
        class_size=25,
        title="Robotics and ethics",
        description="Software for robotics, and the ethics of autonomous systems.",
    )
    return dataclasses.replace(base, **changes)


@st.composite
def pools(draw: st.DrawFn, max_offers: int = 18) -> tuple[list[Offer], list[tuple[str, str]]]:
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    institutions = [f"U{i}" for i in range(rng.randint(2, 5))]
    offers: list[Offer] = []
    for n in range(rng.randint(0, max_offers)):
        if offers and rng.random() < 0.15:
            offers.append(dataclasses.replace(rng.choice(offers), id=f"o{n:02d}"))  # a tie in the making
            continue
        start = date(2026, 9, 1) + timedelta(days=rng.randint(0, 40))
        slots = []
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            begins = rng.randrange(0, 23 * 60, 30)
            ends = min(24 * 60 - 1, begins + rng.choice((30, 90, 120, 180)))
            slots.append(
                Slot(rng.randint(0, 6), time(begins // 60, begins % 60), time(ends // 60, ends % 60))
            )
        languages: list[str | tuple[str, str | None]] = []
        for code in rng.sample(["en", "de", "fr"], rng.randint(1, 2)):
            languages.append((code, rng.choice(("B1", "B2", "C1"))) if rng.random() < 0.4 else code)
        offers.append(
            Offer(
                id=f"o{n:02d}",
                institution=rng.choice(institutions),
                isced=rng.choice(FIELDS),
                languages=tuple(languages),
                eqf=rng.randint(5, 8),
                start=start,
                end=start + timedelta(days=rng.randint(20, 120)),
                timezone=rng.choice(ZONES),
                slots=tuple(slots),
                class_size=rng.randint(1, 60),
                title=" ".join(rng.sample(WORDS, 2)),
                description=" ".join(rng.choices(WORDS, k=rng.randint(0, 8))),
                goals=rng.choice(("", "teamwork across borders")),
                format=rng.choice((None, "synchronous", "asynchronous", "mixed")),
                tools=frozenset(rng.sample(["zoom", "miro", "padlet"], rng.randint(0, 2))),
            )
        )
    rng.shuffle(offers)
    partnerships = [tuple(rng.sample(institutions, 2)) for _ in range(rng.randint(0, 3))]
    return offers, [(a, b) for a, b in partnerships]
