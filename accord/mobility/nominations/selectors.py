"""Reads of nominations: which ones the actor sees, and the nominations list with its filters."""

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from accord.accounts.models import User
from accord.accounts.scope import partner_institution_id
from accord.common.access import role_of
from accord.common.roles import Role
from accord.mobility.models import Direction, Mobility, MobilityStatus, Person
from accord.mobility.selectors import mobilities_visible_to, person_matches

NOMINATION_STATUSES = (MobilityStatus.NOMINATED, MobilityStatus.ACCEPTED, MobilityStatus.REJECTED)
STAFF_TYPES = ("staff_teaching", "staff_training")


def nominations_visible_to(actor: User) -> QuerySet[Mobility]:
    """Nominations (pending, answered, or once sent) the actor may see.

    A partner contact sees ours only once they are sent to their institution, and theirs to us.
    """
    qs = mobilities_visible_to(actor).filter(
        Q(status__in=NOMINATION_STATUSES) | Q(nomination_sent_at__isnull=False)
    )
    if role_of(actor) == Role.PARTNER:
        institution = partner_institution_id(actor)
        qs = qs.filter(
            Q(direction=Direction.OUTGOING, host_institution_id=institution, nomination_sent_at__isnull=False)
            | Q(direction=Direction.INCOMING, home_institution_id=institution)
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


def nomination_list(*, actor: User, filters: NominationFilters | None = None) -> QuerySet[Mobility]:
    f = filters or NominationFilters()
    qs = nominations_visible_to(actor)
    if f.q:
        term = f.q.strip()
        people = Person.objects.filter(person_matches(term) | Q(global_id=term))
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
        qs = qs.filter(direction=Direction.OUTGOING, nomination_sent_at__isnull=True)
    # Not sent yet first (they need the office), then the latest sent; the same order on every database.
    return qs.order_by(F("nomination_sent_at").desc(nulls_first=True), "-id")
