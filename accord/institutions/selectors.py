from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from django.db.models import Exists, OuterRef, Q, QuerySet

from accord.common.access import role_of
from accord.common.roles import READ_ALL_ROLES, Actor, Role
from accord.institutions.models import Institution, InstitutionDomain
from accord.institutions.normalise import normalise_name
from accord.reference.vocab import regions

if TYPE_CHECKING:
    from accord.common.access import Someone


def institutions_visible_to(actor: Someone) -> QuerySet[Institution]:
    role = role_of(actor)
    qs = Institution.objects.all()
    if role is None:
        return qs.none()
    if role in READ_ALL_ROLES or role == Role.COORDINATOR:
        return qs
    # role_of names a role only for a signed-in, active user.
    user = cast(Actor, actor)
    if role == Role.PARTNER:
        return qs.filter(Q(pk=user.partner_institution_id) | Q(is_home=True))
    if role == Role.STUDENT:
        return qs.filter(Q(is_home=True) | _in_mobilities_of(user))
    return qs.none()


def _in_mobilities_of(user: Actor) -> Q:
    """Institutions a student's own mobilities leave from or go to.

    Mobilities belong to a higher app; their foreign keys' reverse relations reach them from here. One
    subquery per direction: a single join over both relations would pair every sent with every hosted row.
    """
    sent = Institution.objects.filter(mobilities_sent__person__user=user.pk).values("pk")
    hosted = Institution.objects.filter(mobilities_hosted__person__user=user.pk).values("pk")
    return Q(pk__in=sent) | Q(pk__in=hosted)


@dataclass(frozen=True)
class InstitutionFilters:
    q: str = ""
    country: str = ""
    region: str = ""
    is_home: bool | None = None


def institution_list(*, actor: Someone, filters: InstitutionFilters | None = None) -> QuerySet[Institution]:
    filters = filters or InstitutionFilters()
    qs = institutions_visible_to(actor)
    if filters.q:
        term = filters.q.strip()
        by_domain = InstitutionDomain.objects.filter(
            institution=OuterRef("pk"), domain__icontains=term.lower()
        )
        qs = qs.filter(
            Q(name__icontains=term)
            | Q(name_normalised__contains=normalise_name(term))
            | Q(abbreviation__iexact=term)
            | Q(erasmus_code__icontains=term.upper().replace(" ", ""))
            | Q(erasmus_code_published__icontains=term)
            | Q(schac_id__icontains=term.lower())
            | Q(pic=term)
            | Q(city__icontains=term)
            | Exists(by_domain)
        )
    if filters.country:
        qs = qs.filter(country=filters.country.upper())
    if filters.region:
        qs = qs.filter(country__in=regions().get(filters.region, []))
    if filters.is_home is not None:
        qs = qs.filter(is_home=filters.is_home)
    return qs.order_by("name", "id")


def home_institutions() -> QuerySet[Institution]:
    return Institution.objects.filter(is_home=True)


def institutions_by_identifier(values: set[str]) -> dict[str, Institution]:
    """The institutions the given SCHAC ids, Erasmus codes or PICs name (as written), keyed by each of their
    identifiers in lower case: for importers whose rows name an institution by any of them."""
    found = Institution.objects.filter(
        Q(schac_id__in=values) | Q(erasmus_code__in=values) | Q(pic__in=values)
        | Q(erasmus_code_published__in=values)
    )  # fmt: skip
    index: dict[str, Institution] = {}
    for institution in found:
        for key in (
            institution.schac_id,
            institution.erasmus_code,
            institution.pic,
            institution.erasmus_code_published,
        ):
            if key:
                index[key.lower()] = institution
    return index
