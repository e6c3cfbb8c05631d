"""Reads of people and mobilities, scoped to the actor; the person search every list shares."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from accord.accounts.models import User
from accord.accounts.scope import partner_institution_id, unit_ids_in_scope
from accord.common.access import reads_everything, role_of
from accord.common.errors import DomainError
from accord.common.roles import Role
from accord.institutions.models import Institution
from accord.mobility.errors import MobilityErrorCode
from accord.mobility.models import Mobility, MobilityStatus, Person


def mobilities_visible_to(actor: User | None) -> QuerySet[Mobility]:
    qs = Mobility.objects.all()
    if reads_everything(actor):
        return qs
    role = role_of(actor)
    if role == Role.COORDINATOR:
        units = unit_ids_in_scope(actor)
        return qs.filter(Q(unit_id__in=units) | Q(agreement__owner_unit_id__in=units))
    if role == Role.PARTNER:
        institution = partner_institution_id(actor)
        return qs.filter(Q(home_institution_id=institution) | Q(host_institution_id=institution))
    if role == Role.STUDENT:
        return qs.filter(person__user=actor)
    return qs.none()


def people_visible_to(actor: User | None) -> QuerySet[Person]:
    if reads_everything(actor):
        return Person.objects.all()
    return Person.objects.filter(pk__in=mobilities_visible_to(actor).values("person_id"))


PERSON_ID_LIST_LIMIT = 1000


def person_matches(term: str, *, via: str = "") -> Q:
    """The people a search term finds: a name containing it, or the e-mail address or student number it is.

    `via` is the path from the model searched to its person ("person", "mobility__person"); a list that
    also finds rows by other fields ORs them to this.
    """
    prefix = f"{via}__" if via else ""
    term = term.strip()
    return (
        Q(**{f"{prefix}family_name__icontains": term})
        | Q(**{f"{prefix}given_names__icontains": term})
        | Q(**{f"{prefix}email__iexact": term})
        | Q(**{f"{prefix}student_number": term})
    )


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
    *, actor: User, filters: MobilityFilters | None = None, today: dt.date | None = None
) -> QuerySet[Mobility]:
    f = filters or MobilityFilters()
    qs = mobilities_visible_to(actor)
    if f.q:
        matching = Person.objects.filter(person_matches(f.q))
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


def person_choices(*, actor: User, term: str, selected: str, limit: int) -> list[Person]:
    """The mobility form's person picker: the chosen person, then up to `limit` visible people matching."""
    people = people_visible_to(actor)
    found: list[Person] = list(people.filter(pk=selected)) if selected.isdigit() else []
    if term.strip():
        matches = people.filter(person_matches(term)).exclude(pk__in=[p.pk for p in found])
        found.extend(matches[:limit])
    return found


def home_institution() -> Institution:
    """Our own institution: one side of every mobility."""
    home = Institution.objects.filter(is_home=True).order_by("pk").first()
    if home is None:
        raise DomainError(MobilityErrorCode.NO_HOME_INSTITUTION, "Mark our own institution as home first.")
    return home
