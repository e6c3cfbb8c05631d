"""/api/v1/courses and /api/v1/course-equivalences: the catalogues and the equivalence memory."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from accord.accounts.authentication import actor_of
from accord.common.access import require
from accord.common.api_support import Page, PathId, error_responses, paginate, parse
from accord.learning.courses import selectors, services
from accord.learning.courses.permissions import (
    can_approve_equivalences,
    can_keep_a_catalogue,
    get_course_for_user,
    get_equivalence_for_user,
)
from accord.learning.courses.schemas import (
    CourseBody,
    CourseIn,
    CourseOut,
    CourseQuery,
    EquivalenceBody,
    EquivalenceIn,
    EquivalenceOut,
    EquivalenceQuery,
)

router = Router(tags=["courses"])


@router.get("/courses", response=error_responses(200, Page[CourseOut]), summary="List courses")
def list_courses(request: HttpRequest, filters: Query[CourseQuery]) -> Any:
    selector_filters = selectors.CourseFilters(
        q=filters.q, institution=filters.institution, include_inactive=filters.include_inactive
    )
    qs = selectors.course_list(actor=actor_of(request), filters=selector_filters).order_by("id")
    return paginate(request, qs, filters)


@router.post("/courses", response=error_responses(201, CourseOut), summary="Add a course")
def create_course(request: HttpRequest, payload: CourseBody) -> Any:
    require(can_keep_a_catalogue(actor_of(request)))
    data = parse(CourseIn, payload)
    return Status(
        201, services.course_create(data=services.CourseInput(**data.model_dump()), actor=actor_of(request))
    )


@router.put("/courses/{course_id}", response=error_responses(200, CourseOut), summary="Replace a course")
def update_course(request: HttpRequest, course_id: PathId, payload: CourseBody) -> Any:
    course = get_course_for_user(actor_of(request), course_id, write=True)
    data = parse(CourseIn, payload)
    return services.course_update(
        course=course, data=services.CourseInput(**data.model_dump()), actor=actor_of(request)
    )


@router.get(
    "/course-equivalences",
    response=error_responses(200, Page[EquivalenceOut]),
    summary="List remembered equivalences",
)
def list_equivalences(request: HttpRequest, filters: Query[EquivalenceQuery]) -> Any:
    qs = selectors.equivalence_list(
        actor=actor_of(request),
        host_institution=filters.institution,
        include_withdrawn=filters.include_withdrawn,
    ).order_by("-id")
    return paginate(request, qs, filters)


@router.post(
    "/course-equivalences",
    response=error_responses(201, EquivalenceOut),
    summary="Approve and remember an equivalence",
)
def create_equivalence(request: HttpRequest, payload: EquivalenceBody) -> Any:
    require(can_approve_equivalences(actor_of(request)))
    data = parse(EquivalenceIn, payload)
    equivalence = services.equivalence_approve(
        host_course_ids=data.host_course_ids, home_course_ids=data.home_course_ids, note=data.note,
        actor=actor_of(request),
    )  # fmt: skip
    return Status(201, equivalence)


@router.post(
    "/course-equivalences/{equivalence_id}/withdraw",
    response=error_responses(200, EquivalenceOut),
    summary="Withdraw an equivalence (it is no longer offered)",
)
def withdraw_equivalence(request: HttpRequest, equivalence_id: PathId) -> Any:
    equivalence = get_equivalence_for_user(actor_of(request), equivalence_id, write=True)
    return services.equivalence_withdraw(equivalence=equivalence, actor=actor_of(request))
