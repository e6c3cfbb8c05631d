from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from accord.accounts.scope import partner_institution_id
from accord.common.access import role_of
from accord.institutions.models import Institution, InstitutionDomain
from accord.institutions.normalise import normalise_name
from accord.reference.vocab import regions


def institutions_visible_to(actor: Any) -> QuerySet[Institution]:
    role = role_of(actor)
    qs = Institution.objects.all()
    if role in {"admin", "officer", "auditor", "coordinator"}:
        return qs
    if role == "partner":
        return qs.filter(Q(pk=partner_institution_id(actor)) | Q(is_home=True))
    if role == "student":
        from accord.mobility.models import Mobility

        own = Mobility.objects.filter(person__user=actor)
        return qs.filter(
            Q(is_home=True)
            | Exists(own.filter(host_institution=OuterRef("pk")))
            | Exists(own.filter(home_institution=OuterRef("pk")))
        )
    return qs.none()


@dataclass(frozen=True)
class InstitutionFilters:
    q: str = ""
    country: str = ""
    region: str = ""
    is_home: bool | None = None


def institution_list(*, actor: Any, filters: InstitutionFilters | None = None) -> QuerySet[Institution]:
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
