"""Database rows -> allocation engine inputs, and the engine's result -> decisions (one place each way).

Two Accord rules become engine rules here:
- a faculty share (a place with a unit) ranks only the students of that unit and the units below it, by
  the common score: the engine's "own ranking" of a place;
- in a later round a student who accepted a place keeps it: their list is cut below that place, and the place
  ranks them above every newcomer (HELD_PRIORITY), so they can only move up. See docs/decisions/0020.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from accord.engines.allocation import AllocationResult
from accord.engines.allocation import Place as EnginePlace
from accord.engines.allocation import Student as EngineStudent
from accord.exchange.models import Application, Decision, Place, Run
from accord.institutions.models import OrganisationalUnit

# Above any common score (0..100): a seat a student accepted in an earlier round stays theirs.
HELD_PRIORITY = 1_000_000.0


@dataclass(frozen=True)
class EngineInput:
    students: list[EngineStudent]
    places: list[EnginePlace]
    # application id -> place id it holds from an earlier round
    held: dict[int, int]


def unit_subtrees(unit_ids: Iterable[int]) -> dict[int, set[int]]:
    """Each unit with every unit below it (units form a tree)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in OrganisationalUnit.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    trees = {}
    for root in unit_ids:
        tree, frontier = {root}, [root]
        while frontier:
            below = children.get(frontier.pop(), [])
            frontier.extend(u for u in below if u not in tree)
            tree.update(below)
        trees[root] = tree
    return trees


def build_input(
    applications: list[Application],
    places: list[Place],
    held: dict[int, int],
    preferences: dict[int, list[int]],
) -> EngineInput:
    """`preferences`: application id -> place ids, best first; `held`: application id -> held place id."""
    students = []
    for application in applications:
        ranked = preferences.get(application.pk, [])
        holding = held.get(application.pk)
        if holding is not None and holding in ranked:
            ranked = ranked[: ranked.index(holding) + 1]
        students.append(
            EngineStudent(
                id=str(application.pk),
                score=float(application.score),
                preferences=tuple(str(p) for p in ranked),
                languages=dict(application.languages),
                eqf=application.eqf_level,
                subject_areas=(application.subject_area,) if application.subject_area else (),
            )
        )
    trees = unit_subtrees({p.unit_id for p in places if p.unit_id is not None})
    # Who ranked each place: a place's own ranking lists only them (one pass, not places x applicants).
    rankers: dict[int, list[Application]] = {}
    holders: dict[int, list[Application]] = {}
    for application in applications:
        for place_id in preferences.get(application.pk, []):
            rankers.setdefault(place_id, []).append(application)
        if application.pk in held:
            holders.setdefault(held[application.pk], []).append(application)
    engine_places = []
    for place in places:
        priorities: dict[str, float] | None = None
        if place.unit_id is not None or place.pk in holders:
            tree = trees.get(place.unit_id) if place.unit_id is not None else None
            priorities = {
                str(a.pk): float(a.score)
                for a in rankers.get(place.pk, [])
                if tree is None or a.unit_id in tree
            }
            for holder in holders.get(place.pk, []):
                priorities[str(holder.pk)] = HELD_PRIORITY + float(holder.score)
        engine_places.append(
            EnginePlace(
                id=str(place.pk),
                capacity=place.capacity,
                languages=dict(place.languages),
                eqf_levels=frozenset(place.eqf_levels),
                subject_areas=tuple(place.subject_areas),
                priorities=priorities,
            )
        )
    return EngineInput(students, engine_places, held)


def _reason_text(code: str, text: str, place: int, cutoff: float | None, unit_names: dict[int, str]) -> str:
    """The engine's words, in Accord's terms where Accord's rules became engine rules (see the module)."""
    if code in {"full", "lottery"} and cutoff is not None and cutoff >= HELD_PRIORITY:
        return "full: its seats are kept by students who accepted them in an earlier round"
    if code == "not_ranked" and place in unit_names:
        return f"these seats are reserved for students of {unit_names[place]}"
    # A faculty share ranks its faculty's applicants by the common score, so "priority" is that score.
    return text.replace("priority at this place", "score")


@dataclass(frozen=True, slots=True)
class DecisionRow:
    """One decision before it is written (20,000 model instances would cost a second for nothing)."""

    application_id: int
    place_id: int | None
    preference_rank: int | None
    score: Decimal
    lottery: int
    reasons: list[dict[str, object]]


def decisions_from(
    run: Run, result: AllocationResult, applications: list[Application], preferences: dict[int, list[int]]
) -> list[DecisionRow]:
    shares = Place.objects.filter(call_id=run.call_id, unit__isnull=False).select_related("unit")
    unit_names = {p.pk: p.unit.name for p in shares if p.unit is not None}
    rows = []
    for application in applications:
        sid = str(application.pk)
        assigned = result.assignments[sid]
        place_id = int(assigned) if assigned is not None else None
        ranked = preferences.get(application.pk, [])
        reasons: list[dict[str, object]] = [
            {
                "place": int(r.place),
                "code": r.code,
                "text": _reason_text(
                    r.code, r.text, int(r.place), result.last_admitted.get(r.place), unit_names
                ),
            }
            for r in result.reasons_for(sid)
        ]
        rows.append(
            DecisionRow(
                application_id=application.pk,
                place_id=place_id,
                preference_rank=ranked.index(place_id) + 1 if place_id in ranked else None,
                score=application.score,
                lottery=result.lottery[sid],
                reasons=reasons,
            )
        )
    return rows


DECISION_COLUMNS = ("run_id", "application_id", "place_id", "preference_rank", "score", "lottery", "reasons")


def save_decisions(run: Run, rows: list[DecisionRow]) -> None:
    """Write a run's decisions: COPY on PostgreSQL (a bulk INSERT quotes 20,000 JSON reason lists in Python,
    ten times slower), a bulk INSERT elsewhere."""
    if connection.vendor != "postgresql":
        Decision.objects.bulk_create(
            (
                Decision(
                    run=run,
                    application_id=r.application_id,
                    place_id=r.place_id,
                    preference_rank=r.preference_rank,
                    score=r.score,
                    lottery=r.lottery,
                    reasons=r.reasons,
                )
                for r in rows
            ),
            batch_size=2000,
        )
        return
    columns = ", ".join(DECISION_COLUMNS)
    table = Decision._meta.db_table
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for r in rows:
            copy.write_row(
                (
                    run.pk,
                    r.application_id,
                    r.place_id,
                    r.preference_rank,
                    r.score,
                    r.lottery,
                    json.dumps(r.reasons),
                )
            )
