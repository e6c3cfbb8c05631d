"""Reads of calls, places, applications and documents, always scoped to the actor.

Runs, decisions and offers: `exchange/runs/selectors.py`.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from accord.accounts.models import User
from accord.accounts.scope import unit_ids_in_scope
from accord.common.access import reads_everything, role_of
from accord.common.roles import Role
from accord.exchange.models import Application, ApplicationStatus, Call, Document, Place
from accord.mobility.selectors import person_matches
from accord.reference.vocab import regions


def calls_visible_to(actor: User) -> QuerySet[Call]:
    """Staff see every call (coordinators review their units' applicants in any of them); students the
    published ones; partner contacts none."""
    role = role_of(actor)
    if reads_everything(actor) or role == Role.COORDINATOR:
        return Call.objects.all()
    if role == Role.STUDENT:
        return Call.objects.filter(published=True)
    return Call.objects.none()


def applications_visible_to(actor: User) -> QuerySet[Application]:
    role = role_of(actor)
    qs = Application.objects.all()
    if reads_everything(actor):
        return qs
    if role == Role.COORDINATOR:
        return qs.filter(unit_id__in=unit_ids_in_scope(actor))
    if role == Role.STUDENT:
        return qs.filter(person__user=actor)
    return qs.none()


def documents_visible_to(actor: User) -> QuerySet[Document]:
    return Document.objects.filter(application__in=applications_visible_to(actor))


@dataclass(frozen=True)
class DestinationFilters:
    q: str = ""
    country: str = ""
    region: str = ""
    language: str = ""
    subject_area: str = ""
    eqf_level: int | None = None


def destination_places(*, call: Call, filters: DestinationFilters | None = None) -> QuerySet[Place]:
    """The call's places matching a student's filters (the call itself is already visible to them)."""
    f = filters or DestinationFilters()
    qs = call.places.select_related("partner", "unit").filter(capacity__gt=0)
    if f.q:
        qs = qs.filter(Q(partner__name__icontains=f.q.strip()) | Q(partner__city__icontains=f.q.strip()))
    if f.country:
        qs = qs.filter(partner__country=f.country.upper())
    if f.region:
        qs = qs.filter(partner__country__in=regions().get(f.region, []))
    if f.language:
        qs = qs.filter(languages__has_key=f.language.lower())
    if f.subject_area:
        # A place open to any subject, or to a field the chosen one falls under or that falls under it.
        area = f.subject_area.strip()
        matching = [
            p.pk
            for p in qs
            if not p.subject_areas or any(area.startswith(a) or a.startswith(area) for a in p.subject_areas)
        ]
        qs = qs.filter(pk__in=matching)
    if f.eqf_level:
        matching = [p.pk for p in qs if not p.eqf_levels or f.eqf_level in p.eqf_levels]
        qs = qs.filter(pk__in=matching)
    return qs.order_by("partner__name", "id")


@dataclass(frozen=True)
class ApplicationFilters:
    q: str = ""
    status: str = ""
    unit: int | None = None
    unscored: bool = False


def application_list(
    *, actor: User, call: Call, filters: ApplicationFilters | None = None
) -> QuerySet[Application]:
    f = filters or ApplicationFilters()
    qs = applications_visible_to(actor).filter(call=call).select_related("person", "unit")
    if f.q:
        qs = qs.filter(person_matches(f.q, via="person"))
    if f.status:
        qs = qs.filter(status=f.status)
    if f.unit:
        qs = qs.filter(unit_id=f.unit)
    if f.unscored:
        qs = qs.filter(motivation_score__isnull=True)
    return qs.order_by("-score", "id")


def live_applications(call: Call) -> QuerySet[Application]:
    return call.applications.filter(status=ApplicationStatus.SUBMITTED)
