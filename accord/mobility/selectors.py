import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet

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


NOMINATION_STATUSES = (MobilityStatus.NOMINATED, MobilityStatus.ACCEPTED, MobilityStatus.REJECTED)
STAFF_TYPES = ("staff_teaching", "staff_training")


def nominations_visible_to(actor: Any) -> QuerySet[Mobility]:
    """Nominations (pending, answered, or once sent) the actor may see.

    A partner contact sees ours only once they are sent to their institution, and theirs to us.
    """
    qs = mobilities_visible_to(actor).filter(
        Q(status__in=NOMINATION_STATUSES) | Q(nomination_sent_at__isnull=False)
    )
    if role_of(actor) == "partner":
        institution = partner_institution_id(actor)
        qs = qs.filter(
            Q(direction="outgoing", host_institution_id=institution, nomination_sent_at__isnull=False)
            | Q(direction="incoming", home_institution_id=institution)
        )
    return qs


@dataclass(frozen=True)
class NominationFilters:
    q: str = ""
    direction: str = ""
    status: str = ""
    partner: int | None = None
    academic_year: int | None = None
    kind: str = ""  # "student" or "staff"
    sent: str = ""  # "yes" or "no": outgoing nominations told to the partner, or not yet


def nomination_list(*, actor: Any, filters: NominationFilters | None = None) -> QuerySet[Mobility]:
    f = filters or NominationFilters()
    qs = nominations_visible_to(actor)
    if f.q:
        term = f.q.strip()
        people = Person.objects.filter(
            Q(family_name__icontains=term)
            | Q(given_names__icontains=term)
            | Q(email__iexact=term)
            | Q(student_number=term)
            | Q(global_id=term)
        )
        qs = qs.filter(Q(person__in=people) | Q(omobility_id=term))
    if f.direction:
        qs = qs.filter(direction=f.direction)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.partner:
        qs = qs.filter(Q(home_institution_id=f.partner) | Q(host_institution_id=f.partner))
    if f.academic_year:
        qs = qs.filter(academic_year_id=f.academic_year)
    if f.kind == "staff":
        qs = qs.filter(mobility_type__in=STAFF_TYPES)
    elif f.kind == "student":
        qs = qs.exclude(mobility_type__in=STAFF_TYPES)
    if f.sent == "yes":
        qs = qs.filter(nomination_sent_at__isnull=False)
    elif f.sent == "no":
        qs = qs.filter(direction="outgoing", nomination_sent_at__isnull=True)
    # Not sent yet first (they need the office), then the latest sent; the same order on every database.
    return qs.order_by(F("nomination_sent_at").desc(nulls_first=True), "-id")
