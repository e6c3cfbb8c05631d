import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from accord.accounts.scope import partner_institution_id, unit_ids_in_scope
from accord.common.access import reads_everything, role_of
from accord.mobility.models import Mobility, MobilityStatus, Person


def mobilities_visible_to(actor: Any) -> QuerySet[Mobility]:
    qs = Mobility.objects.all()
    if reads_everything(actor):
        return qs
    role = role_of(actor)
    if role == "coordinator":
        units = unit_ids_in_scope(actor)
        return qs.filter(Q(unit_id__in=units) | Q(agreement__owner_unit_id__in=units))
    if role == "partner":
        institution = partner_institution_id(actor)
        return qs.filter(Q(home_institution_id=institution) | Q(host_institution_id=institution))
    if role == "student":
        return qs.filter(person__user=actor)
    return qs.none()


def people_visible_to(actor: Any) -> QuerySet[Person]:
    if reads_everything(actor):
        return Person.objects.all()
    return Person.objects.filter(pk__in=mobilities_visible_to(actor).values("person_id"))


PERSON_ID_LIST_LIMIT = 1000


@dataclass(frozen=True)
class MobilityFilters:
    q: str = ""
    direction: str = ""
    status: str = ""
    mobility_type: str = ""
    academic_year: int | None = None
    agreement: int | None = None
    institution: int | None = None
    starting_within_days: int | None = None


def mobility_list(
    *, actor: Any, filters: MobilityFilters | None = None, today: dt.date | None = None
) -> QuerySet[Mobility]:
    f = filters or MobilityFilters()
    qs = mobilities_visible_to(actor)
    if f.q:
        term = f.q.strip()
        matching = Person.objects.filter(
            Q(family_name__icontains=term)
            | Q(given_names__icontains=term)
            | Q(email__iexact=term)
            | Q(student_number=term)
        )
        # A name matches few people, yet PostgreSQL guesses many and walks every mobility in date order
        # looking for them (seconds at a million rows). Handing it the ids lets it use the person index;
        # a common term (more ids than that) is found quickly by the walk anyway.
        ids = list(matching.values_list("pk", flat=True)[: PERSON_ID_LIST_LIMIT + 1])
        few = len(ids) <= PERSON_ID_LIST_LIMIT
        qs = qs.filter(person_id__in=ids) if few else qs.filter(person__in=matching)
    if f.direction:
        qs = qs.filter(direction=f.direction)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.mobility_type:
        qs = qs.filter(mobility_type=f.mobility_type)
    if f.academic_year:
        qs = qs.filter(academic_year_id=f.academic_year)
    if f.agreement:
        qs = qs.filter(agreement_id=f.agreement)
    if f.institution:
        qs = qs.filter(Q(home_institution_id=f.institution) | Q(host_institution_id=f.institution))
    if f.starting_within_days is not None:
        today = today or dt.date.today()
        qs = qs.filter(
            status__in=[MobilityStatus.PLANNED, MobilityStatus.NOMINATED, MobilityStatus.ACCEPTED],
            planned_start__gte=today,
            planned_start__lte=today + dt.timedelta(days=f.starting_within_days),
        )
    return qs


def with_display_relations(qs: QuerySet[Mobility]) -> QuerySet[Mobility]:
    return qs.select_related("person", "home_institution", "host_institution", "agreement", "unit")


def with_row_relations(qs: QuerySet[Mobility]) -> QuerySet[Mobility]:
    """What a row of a list shows: the person and both institutions.

    Each further join multiplies PostgreSQL's planning time (six joins take about 20 ms to plan, more than
    the query itself at a million rows), so lists leave out what their rows do not show.
    """
    return qs.select_related("person", "home_institution", "host_institution")
