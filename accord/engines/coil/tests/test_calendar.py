"""Live overlap across time zones, worked out by hand in the comments, and the calendar window rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from hypothesis import given

from accord.engines.coil import (
    CoilPolicy,
    Pool,
    Slot,
    live_overlap_seconds,
    occurrences,
    overlap_days,
    overlap_weeks,
)
from accord.engines.coil.score import live_points
from accord.engines.coil.search import live_cap, shared_bins

from .helpers import FAST, offer, pools

HOUR = 3600


def together(a_zone: str, a_slot: Slot, b_zone: str, b_slot: Slot, first: date, last: date) -> float:
    """Hours the two offers' slots share over the window (both periods cover it)."""
    a = offer(timezone=a_zone, slots=(a_slot,), start=first, end=last)
    b = offer(id="b", timezone=b_zone, slots=(b_slot,), start=first, end=last)
    return live_overlap_seconds(occurrences(a), occurrences(b), first, last) / HOUR


def test_berlin_and_tokyo_lose_an_hour_when_berlin_leaves_summer_time() -> None:
    # Berlin Monday 09:00-11:00 is 07:00-09:00 UTC in summer time (UTC+2) and 08:00-10:00 UTC from Sunday
    # 25 October 2026 (UTC+1); Tokyo Monday 16:00-18:00 is always 07:00-09:00 UTC (no daylight saving).
    berlin, tokyo = Slot(0, time(9), time(11)), Slot(0, time(16), time(18))
    assert together("Europe/Berlin", berlin, "Asia/Tokyo", tokyo, date(2026, 10, 19), date(2026, 10, 19)) == 2
    assert together("Europe/Berlin", berlin, "Asia/Tokyo", tokyo, date(2026, 10, 26), date(2026, 10, 26)) == 1
    # 12 October - 8 November: Mondays 12 and 19 October (2 h each), 26 October and 2 November (1 h each).
    assert together("Europe/Berlin", berlin, "Asia/Tokyo", tokyo, date(2026, 10, 12), date(2026, 11, 8)) == 6


def test_a_monday_in_auckland_meets_a_sunday_in_los_angeles() -> None:
    # Auckland Monday 09:00-11:00 NZDT (UTC+13) is Sunday 20:00-22:00 UTC: Sunday 12:00-14:00 PST (UTC-8).
    auckland, sunday = Slot(0, time(9), time(11)), Slot(6, time(12), time(14))
    window = date(2026, 11, 2), date(2026, 11, 29)
    # Auckland's Mondays 2, 9, 16, 23 November; Los Angeles' Sundays 8, 15, 22, 29 November. Monday 2
    # November meets Sunday 1 November, before the window; Sunday 29 meets Monday 30, after it: 3 x 2 h.
    assert together("Pacific/Auckland", auckland, "America/Los_Angeles", sunday, *window) == 6
    monday = Slot(0, time(12), time(14))
    assert together("Pacific/Auckland", auckland, "America/Los_Angeles", monday, *window) == 0


def test_slots_at_the_same_local_hours_far_apart_never_meet() -> None:
    # Berlin 09:00-11:00 is Los Angeles 00:00-02:00.
    slot = Slot(0, time(9), time(11))
    assert (
        together("Europe/Berlin", slot, "America/Los_Angeles", slot, date(2026, 9, 1), date(2026, 11, 30))
        == 0
    )


def test_every_pair_of_occurrences_counts() -> None:
    # Two slots of ours (Monday 09:00-10:30 and 10:00-12:00) against one of theirs (Monday 09:30-11:00),
    # same zone: 1 h + 1 h a Monday; four Mondays in September 2026 (7, 14, 21, 28).
    a = offer(slots=(Slot(0, time(9), time(10, 30)), Slot(0, time(10), time(12))))
    b = offer(id="b", slots=(Slot(0, time(9, 30), time(11)),))
    first, last = date(2026, 9, 1), date(2026, 9, 30)
    assert live_overlap_seconds(occurrences(a), occurrences(b), first, last) == 8 * HOUR


def test_ambiguous_and_nonexistent_local_times_take_fold_0() -> None:
    # 25 October 2026, Berlin: 02:00-03:00 happens twice; fold=0 is the first pass, in summer time (UTC+2).
    autumn = occurrences(
        offer(start=date(2026, 10, 25), end=date(2026, 10, 25), slots=(Slot(6, time(2), time(2, 30)),))
    )
    assert autumn.starts == (int(datetime(2026, 10, 25, 0, 0, tzinfo=UTC).timestamp()),)
    # 28 March 2027, Berlin: 02:00-03:00 does not exist; fold=0 reads it with the offset before (UTC+1).
    spring = date(2027, 3, 28)
    skipped = occurrences(offer(start=spring, end=spring, slots=(Slot(6, time(2), time(2, 30)),)))
    assert skipped.starts == (int(datetime(2027, 3, 28, 1, 0, tzinfo=UTC).timestamp()),)
    assert skipped.ends[0] - skipped.starts[0] == 1800
    # 02:30 (read as 01:30 UTC) to 03:00 (summer time, 01:00 UTC) ends before it starts: no occurrence.
    swallowed = occurrences(offer(start=spring, end=spring, slots=(Slot(6, time(2, 30), time(3)),)))
    assert swallowed.starts == ()


def test_the_window_includes_both_ends_and_counts_whole_weeks() -> None:
    a = offer(start=date(2026, 9, 1), end=date(2026, 12, 31))
    assert overlap_days(a, offer(start=date(2026, 12, 4), end=date(2027, 2, 1))) == 28  # 4-31 December
    assert overlap_days(a, offer(start=date(2026, 12, 5), end=date(2027, 2, 1))) == 27
    assert overlap_days(a, offer(start=date(2027, 1, 1), end=date(2027, 2, 1))) == 0
    assert overlap_days(a, offer(start=date(2026, 12, 31), end=date(2027, 2, 1))) == 1
    assert [overlap_weeks(days) for days in (0, 6, 7, 27, 28, 34, 35)] == [0, 0, 1, 3, 4, 4, 5]


@FAST
@given(pools(max_offers=6))
def test_overlap_is_symmetric_and_within_the_searchs_cap(pool: tuple[list, list]) -> None:
    offers, _ = pool
    prepared = {p.offer.id: p for p in Pool(offers).prepared}
    policy = CoilPolicy()
    for a in offers:
        for b in offers:
            first, last = max(a.start, b.start), min(a.end, b.end)
            if (last - first).days + 1 < 28:
                continue
            oa, ob = occurrences(a), occurrences(b)
            seconds = live_overlap_seconds(oa, ob, first, last)
            assert seconds == live_overlap_seconds(ob, oa, first, last) >= 0
            pa, pb = prepared[a.id], prepared[b.id]
            times = shared_bins(pa, pb)
            assert (seconds == 0) or times > 0  # envelopes that share no hour never meet
            assert live_points(seconds, (last - first).days + 1, policy) <= live_cap(policy, pa, pb, times)
