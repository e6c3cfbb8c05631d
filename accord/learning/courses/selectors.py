"""Reads of the course catalogues and the equivalence memory, scoped to the actor."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from accord.accounts.models import User
from accord.institutions.selectors import institutions_visible_to
from accord.learning.models import (
    Component,
    ComponentStatus,
    Course,
    CourseEquivalence,
    LearningAgreement,
    ProposalStatus,
)


@dataclass(frozen=True)
class CourseFilters:
    q: str = ""
    institution: int | None = None
    include_inactive: bool = False


def course_list(*, actor: User | None, filters: CourseFilters | None = None) -> QuerySet[Course]:
    f = filters or CourseFilters()
    qs = Course.objects.filter(institution__in=institutions_visible_to(actor).values("pk"))
    if f.institution:
        qs = qs.filter(institution_id=f.institution)
    if not f.include_inactive:
        qs = qs.filter(is_active=True)
    if f.q:
        term = f.q.strip()
        qs = qs.filter(Q(title__icontains=term) | Q(code__iexact=term) | Q(code__istartswith=term))
    return qs.select_related("institution", "unit")


def equivalences_visible_to(actor: User | None) -> QuerySet[CourseEquivalence]:
    return CourseEquivalence.objects.filter(host_institution__in=institutions_visible_to(actor).values("pk"))


def equivalence_list(
    *, actor: User | None, host_institution: int | None = None, include_withdrawn: bool = False
) -> QuerySet[CourseEquivalence]:
    qs = equivalences_visible_to(actor)
    if host_institution:
        qs = qs.filter(host_institution_id=host_institution)
    if not include_withdrawn:
        qs = qs.filter(withdrawn_at__isnull=True)
    return qs.select_related("host_institution", "approved_by", "source__mobility__person").prefetch_related(
        "host_courses", "home_courses"
    )


def equivalence_suggestions(la: LearningAgreement) -> list[CourseEquivalence]:
    """Active equivalences for the same partner whose home courses are ours: offered to the next student.

    Equivalences already applied to this agreement (all their host courses are in its open or approved
    tables) are left out.
    """
    mobility = la.mobility
    candidates = list(
        CourseEquivalence.objects.filter(
            host_institution_id=mobility.host_institution_id, withdrawn_at__isnull=True
        )
        .exclude(home_courses__in=Course.objects.exclude(institution_id=mobility.home_institution_id))
        .select_related("approved_by")
        .prefetch_related("host_courses", "home_courses")
        .distinct()
    )
    used = set(
        Component.objects.filter(proposal__learning_agreement=la, course__isnull=False)
        .exclude(proposal__status=ProposalStatus.WITHDRAWN)
        .exclude(status=ComponentStatus.DELETED)
        .values_list("course_id", flat=True)
    )
    return [e for e in candidates if not {c.pk for c in e.host_courses.all()} <= used]
