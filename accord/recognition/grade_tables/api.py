"""Grade distribution tables over the API: everyone reads them, the international office keeps them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from accord.accounts.authentication import actor_of
from accord.common.access import require
from accord.common.api_support import Page, PathId, error_responses, paginate, parse
from accord.recognition.adapters import get_scale
from accord.recognition.grade_tables import selectors, services
from accord.recognition.grade_tables.permissions import can_write_grade_tables, get_grade_table_for_user
from accord.recognition.grade_tables.schemas import (
    GradeTableBody,
    GradeTableIn,
    GradeTableOut,
    GradeTableQuery,
)
from accord.recognition.grade_tables.services import GradeTableInput
from accord.recognition.models import GradeTable

router = Router(tags=["recognition"])


def _table_out(table: GradeTable) -> dict[str, Any]:
    return {
        "id": table.pk,
        "institution": table.institution,
        "scale": table.scale,
        "isced_id": table.isced_id,
        "period": table.period,
        "percentages": table.percentages,
        "grades": [str(g) for g in get_scale(table.scale).passing],
        "students": table.students,
        "note": table.note,
    }


def _table_input(payload: GradeTableIn) -> GradeTableInput:
    return GradeTableInput(**payload.model_dump())


@router.get("/grade-tables", response=error_responses(200, Page[GradeTableOut]), summary="List grade tables")
def list_grade_tables(request: HttpRequest, filters: Query[GradeTableQuery]) -> Any:
    qs = selectors.grade_table_list(
        filters=selectors.TableFilters(
            q=filters.q,
            scale=filters.scale,
            subject_area=filters.subject_area,
            period=filters.period,
            institution=filters.institution,
        )
    ).order_by("id")
    page = paginate(request, qs, filters)
    page["items"] = [_table_out(t) for t in page["items"]]
    return page


@router.post("/grade-tables", response=error_responses(201, GradeTableOut), summary="Create a grade table")
def create_grade_table(request: HttpRequest, payload: GradeTableBody) -> Any:
    require(can_write_grade_tables(actor_of(request)))
    data = _table_input(parse(GradeTableIn, payload))
    table = services.grade_table_create(data=data, actor=actor_of(request))
    return Status(201, _table_out(table))


@router.get(
    "/grade-tables/{table_id}", response=error_responses(200, GradeTableOut), summary="Get a grade table"
)
def get_grade_table(request: HttpRequest, table_id: PathId) -> Any:
    return _table_out(get_grade_table_for_user(actor_of(request), table_id))


@router.put(
    "/grade-tables/{table_id}", response=error_responses(200, GradeTableOut), summary="Replace a grade table"
)
def replace_grade_table(request: HttpRequest, table_id: PathId, payload: GradeTableBody) -> Any:
    table = get_grade_table_for_user(actor_of(request), table_id, write=True)
    data = _table_input(parse(GradeTableIn, payload))
    return _table_out(services.grade_table_update(table=table, data=data, actor=actor_of(request)))


@router.delete(
    "/grade-tables/{table_id}", response=error_responses(204, None), summary="Delete a grade table"
)
def delete_grade_table(request: HttpRequest, table_id: PathId) -> Any:
    table = get_grade_table_for_user(actor_of(request), table_id, write=True)
    services.grade_table_delete(table=table, actor=actor_of(request))
    return Status(204, None)
