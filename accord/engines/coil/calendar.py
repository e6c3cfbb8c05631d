"""Teaching calendars: the common window of two periods, and the hours two classes can meet live.

The definitions are a contract (README.md): the common window is the intersection of the two periods, both
ends included; every occurrence of a slot is a local date in that window on the slot's weekday, from its start
to its end time in the offer's zone, turned into an absolute instant with that date's UTC offset (fold=0 for
ambiguous and nonexistent local times). The live overlap of two offers is the sum, over every pair of their
occurrences, of the time the two share.

Each offer's occurrences over its whole period are computed once (``Occurrences``) as integer epoch seconds,
sorted and indexed by local date, so a pair only slices both lists to the window and merges them. Integers
keep the sum exact, hence the same whichever offer asks. ``WeeklyEnvelope`` says which hours of the UTC
week an offer's slots can take, for the matcher's index and its upper bounds.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, datetime, time

from .model import Offer, zone

DAY = 86_400
WEEK = 7 * DAY
# Ordinal of 1970-01-01 (a Thursday); local "naive epoch" seconds count from there as if the zone were UTC.
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def common_window(a: Offer, b: Offer) -> tuple[date, date] | None:
    """First and last day of both teaching periods (both included), or None when they do not meet."""
    first, last = max(a.start, b.start), min(a.end, b.end)
    return (first, last) if first <= last else None


def overlap_days(a: Offer, b: Offer) -> int:
    window = common_window(a, b)
    return 0 if window is None else (window[1] - window[0]).days + 1


def overlap_weeks(days: int) -> int:
    """Whole weeks in a window of ``days`` days: 27 days are 3 weeks, 28 days are 4."""
    return days // 7


def hours_per_week(total_seconds: int, days: int) -> float:
    """The live overlap as hours a week over the common window, rounded to 2 decimals (0.0 for no window)."""
    return round(total_seconds * 7 / (3600 * days), 2) if days > 0 else 0.0


@dataclass(frozen=True, slots=True)
class Occurrences:
    """Every live occurrence of an offer over its whole period, sorted by start instant.

    ``dates`` holds the local date (ordinal) of each occurrence, ``starts``/``ends`` its epoch seconds;
    ``longest`` is the longest occurrence in seconds. ``ordered`` is false only when a time zone's oddities
    (a skipped day, say) put a later local date before an earlier one; such an offer is merged pair by pair.
    """

    dates: tuple[int, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    longest: int
    ordered: bool
    envelope: WeeklyEnvelope

    def span(self, first_ordinal: int, last_ordinal: int) -> tuple[int, int]:
        """Index range of the occurrences on local dates from ``first_ordinal`` to ``last_ordinal``."""
        return (
            bisect.bisect_left(self.dates, first_ordinal),
            bisect.bisect_right(self.dates, last_ordinal),
        )


@dataclass(frozen=True, slots=True)
class WeeklyEnvelope:
    """Per slot, an interval of the UTC week (seconds from Monday 00:00 UTC) holding all its occurrences.

    The interval is the slot's local hours shifted by the largest and smallest UTC offsets its occurrences
    have, so daylight saving widens it by the size of the shift. ``(weekday, start, end)`` with
    ``0 <= start < WEEK`` and ``end - start < WEEK``; the weekday is the local one, to count occurrences.
    """

    slots: tuple[tuple[int, int, int], ...]


def occurrences(offer: Offer) -> Occurrences:
    """The offer's occurrences over its whole period (see the module docstring for the definition)."""
    tz = zone(offer.timezone)
    found: list[tuple[int, int, int]] = []
    envelope: list[tuple[int, int, int]] = []
    start_ordinal, end_ordinal = offer.start.toordinal(), offer.end.toordinal()
    for slot in offer.slots:
        first = start_ordinal + (slot.weekday - offer.start.weekday()) % 7
        local_start, local_end = _seconds(slot.start), _seconds(slot.end)
        lowest_end_offset: int | None = None
        highest_start_offset: int | None = None
        for ordinal in range(first, end_ordinal + 1, 7):
            day = date.fromordinal(ordinal)
            begins = int(datetime.combine(day, slot.start, tz).timestamp())
            finishes = int(datetime.combine(day, slot.end, tz).timestamp())
            if finishes <= begins:  # an hour skipped by daylight saving swallowed the slot
                continue
            found.append((ordinal, begins, finishes))
            naive = (ordinal - _EPOCH_ORDINAL) * DAY
            start_offset, end_offset = naive + local_start - begins, naive + local_end - finishes
            if highest_start_offset is None or start_offset > highest_start_offset:
                highest_start_offset = start_offset
            if lowest_end_offset is None or end_offset < lowest_end_offset:
                lowest_end_offset = end_offset
        if highest_start_offset is not None and lowest_end_offset is not None:
            week_start = slot.weekday * DAY + local_start - highest_start_offset
            length = slot.weekday * DAY + local_end - lowest_end_offset - week_start
            # Positions in a Monday-based week, local minus offset: the same frame for every zone.
            envelope.append((slot.weekday, week_start % WEEK, week_start % WEEK + length))
    found.sort()
    dates = tuple(item[0] for item in found)
    starts = tuple(item[1] for item in found)
    ends = tuple(item[2] for item in found)
    ordered = all(starts[i] <= starts[i + 1] for i in range(len(starts) - 1))
    longest = max((e - s for s, e in zip(starts, ends, strict=True)), default=0)
    return Occurrences(dates, starts, ends, longest, ordered, WeeklyEnvelope(tuple(envelope)))


def _seconds(moment: time) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


def live_overlap_seconds(a: Occurrences, b: Occurrences, first: date, last: date) -> int:
    """Seconds shared by the two offers' occurrences on local dates ``first``..``last``, summed over pairs."""
    return overlap_seconds(a, b, first.toordinal(), last.toordinal())


def overlap_seconds(a: Occurrences, b: Occurrences, first_ordinal: int, last_ordinal: int) -> int:
    """``live_overlap_seconds`` with the window as date ordinals (what the matcher holds)."""
    ia, ja = a.span(first_ordinal, last_ordinal)
    ib, jb = b.span(first_ordinal, last_ordinal)
    if ia == ja or ib == jb:
        return 0
    if not (a.ordered and b.ordered):
        return _overlap_pairwise(a, (ia, ja), b, (ib, jb))
    a_starts, a_ends, b_starts, b_ends = a.starts, a.ends, b.starts, b.ends
    reach = b.longest
    total = 0
    for k in range(ia, ja):
        begins, ends = a_starts[k], a_ends[k]
        # A B occurrence starting at or before begins - reach has ended by begins.
        j = bisect.bisect_right(b_starts, begins - reach, ib, jb)
        while j < jb and b_starts[j] < ends:
            shared = (ends if ends < b_ends[j] else b_ends[j]) - (
                begins if begins > b_starts[j] else b_starts[j]
            )
            if shared > 0:
                total += shared
            j += 1
    return total


def _overlap_pairwise(
    a: Occurrences, a_span: tuple[int, int], b: Occurrences, b_span: tuple[int, int]
) -> int:
    total = 0
    for k in range(*a_span):
        for j in range(*b_span):
            shared = min(a.ends[k], b.ends[j]) - max(a.starts[k], b.starts[j])
            if shared > 0:
                total += shared
    return total
