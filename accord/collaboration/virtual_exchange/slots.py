"""Weekly live sessions written as people write them: "Tuesday 14:00-15:30", "thu 9:00 - 10:30"."""

import re
from typing import Any

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SLOT = re.compile(r"(?P<day>[A-Za-z]+)\s+(?P<start>\d{1,2}:\d{2})\s*[-–]\s*(?P<end>\d{1,2}:\d{2})")
EXAMPLE = "Tuesday 14:00-15:30"


def slots_text(slots: list[dict[str, Any]], *, separator: str = "\n") -> str:
    return separator.join(f"{WEEKDAYS[s['weekday']]} {s['start']}-{s['end']}" for s in slots)


def parse_slot(text: str) -> dict[str, Any] | None:
    """{"weekday", "start", "end"} from one session, or None when it is not written as weekday and two times.

    A weekday may be shortened to two letters or more ("tu", "Thu"); times are checked by the service.
    """
    match = _SLOT.fullmatch(text.strip())
    if match is None:
        return None
    day = match["day"].lower()
    days = [i for i, name in enumerate(WEEKDAYS) if len(day) >= 2 and name.lower().startswith(day)]
    if len(days) != 1:
        return None
    return {"weekday": days[0], "start": match["start"].zfill(5), "end": match["end"].zfill(5)}
