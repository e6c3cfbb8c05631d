"""Migration 0003 moves the old `ParticipantInclusion` rows onto their mobilities, and back when reversed."""

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accord_testing.factories import make_mobility
from accord_testing.world import World

BEFORE = [("analytics", "0002_responsible_unit"), ("mobility", "0004_fewer_opportunities")]
AFTER = [("analytics", "0003_fewer_opportunities_on_mobility")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


# Transactional (migrations cannot run inside the test transaction); the reference data is restored after.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_inclusion_rows_become_fields_of_the_mobility_and_back(world: World) -> None:
    flagged, noted, cleared = (make_mobility(agreement=world.agreement) for _ in range(3))
    try:
        apps = _migrate(BEFORE)
        inclusion = apps.get_model("analytics", "ParticipantInclusion")
        inclusion.objects.create(mobility_id=flagged.pk, fewer_opportunities=True, note="Rural area")
        inclusion.objects.create(mobility_id=noted.pk, fewer_opportunities=False, note="Asked, declined")
        inclusion.objects.create(mobility_id=cleared.pk, fewer_opportunities=False)

        apps = _migrate(AFTER)
        mobilities = apps.get_model("mobility", "Mobility").objects
        assert list(mobilities.filter(fewer_opportunities=True).values_list("pk", flat=True)) == [flagged.pk]
        notes = dict(mobilities.values_list("pk", "fewer_opportunities_note"))
        assert (notes[flagged.pk], notes[noted.pk], notes[cleared.pk]) == (
            "Rural area",
            "Asked, declined",
            "",
        )

        apps = _migrate(BEFORE)
        back = apps.get_model("analytics", "ParticipantInclusion").objects
        assert sorted(back.values_list("mobility_id", "fewer_opportunities", "note")) == sorted(
            [(flagged.pk, True, "Rural area"), (noted.pk, False, "Asked, declined")]
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
