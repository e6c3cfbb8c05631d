"""Move "fewer opportunities" from `ParticipantInclusion` onto the mobility itself, then drop the model.

Both directions are single set-based statements: there can be a million mobilities.
"""

from typing import Any

from django.db import migrations
from django.db.models import Exists, OuterRef, Q, Subquery


def copy_to_mobility(apps: Any, schema_editor: Any) -> None:
    Mobility = apps.get_model("mobility", "Mobility")
    ParticipantInclusion = apps.get_model("analytics", "ParticipantInclusion")
    inclusion = ParticipantInclusion.objects.using(schema_editor.connection.alias).filter(
        mobility_id=OuterRef("pk")
    )
    # Rows equal to the new columns' defaults (not flagged, no note) have nothing to copy.
    worth_copying = inclusion.filter(Q(fewer_opportunities=True) | ~Q(note=""))
    Mobility.objects.using(schema_editor.connection.alias).filter(Exists(worth_copying)).update(
        fewer_opportunities=Subquery(inclusion.values("fewer_opportunities")[:1]),
        fewer_opportunities_note=Subquery(inclusion.values("note")[:1]),
    )


def copy_back(apps: Any, schema_editor: Any) -> None:
    Mobility = apps.get_model("mobility", "Mobility")
    ParticipantInclusion = apps.get_model("analytics", "ParticipantInclusion")
    flagged = Mobility.objects.using(schema_editor.connection.alias).filter(Q(fewer_opportunities=True) | ~Q(fewer_opportunities_note=""))
    select, params = (
        flagged.values_list("id", "fewer_opportunities", "fewer_opportunities_note", "created_at", "updated_at")
        .order_by()
        .query.sql_with_params()
    )
    quote = schema_editor.quote_name
    columns = ", ".join(
        quote(c) for c in ("mobility_id", "fewer_opportunities", "note", "created_at", "updated_at")
    )
    schema_editor.execute(
        f"INSERT INTO {quote(ParticipantInclusion._meta.db_table)} ({columns}) {select}",
        params,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0002_responsible_unit"),
        ("mobility", "0004_fewer_opportunities"),
    ]

    operations = [
        migrations.RunPython(copy_to_mobility, copy_back),
        migrations.DeleteModel(name="ParticipantInclusion"),
    ]
