"""Reads of the exchange programme, always scoped to the actor."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from accord.accounts.scope import unit_ids_in_scope
from accord.common.access import reads_everything, role_of
from accord.exchange.models import (
    Application,
    ApplicationStatus,
    Call,
    Decision,
    Document,
    Offer,
    Place,
    Run,
    RunStatus,
)
from accord.reference.vocab import regions


def calls_visible_to(actor: Any) -> QuerySet[Call]:
    """Staff see every call (coordinators review their units' applicants in any of them); students the
    published ones; partner contacts none."""
    role = role_of(actor)
    if reads_everything(actor) or role == "coordinator":
        return Call.objects.all()
    if role == "student":
        return Call.objects.filter(published=True)
    return Call.objects.none()


def applications_visible_to(actor: Any) -> QuerySet[Application]:
    role = role_of(actor)
    qs = Application.objects.all()
    if reads_everything(actor):
        return qs
    if role == "coordinator":
        return qs.filter(unit_id__in=unit_ids_in_scope(actor))
    if role == "student":
        return qs.filter(person__user=actor)
    return qs.none()


def runs_visible_to(actor: Any) -> QuerySet[Run]:
    return Run.objects.all() if reads_everything(actor) else Run.objects.none()


def offers_visible_to(actor: Any) -> QuerySet[Offer]:
    return Offer.objects.filter(application__in=applications_visible_to(actor))


def documents_visible_to(actor: Any) -> QuerySet[Document]:
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
    *, actor: Any, call: Call, filters: ApplicationFilters | None = None
) -> QuerySet[Application]:
    f = filters or ApplicationFilters()
    qs = applications_visible_to(actor).filter(call=call).select_related("person", "unit")
    if f.q:
        term = f.q.strip()
        qs = qs.filter(
            Q(person__family_name__icontains=term)
            | Q(person__given_names__icontains=term)
            | Q(person__student_number=term)
        )
    if f.status:
        qs = qs.filter(status=f.status)
    if f.unit:
        qs = qs.filter(unit_id=f.unit)
    if f.unscored:
        qs = qs.filter(motivation_score__isnull=True)
    return qs.order_by("-score", "id")


def live_applications(call: Call) -> QuerySet[Application]:
    return call.applications.filter(status=ApplicationStatus.SUBMITTED)


def published_run(call: Call, round_number: int | None = None) -> Run | None:
    qs = call.runs.filter(status=RunStatus.PUBLISHED)
    if round_number is not None:
        qs = qs.filter(round=round_number)
    return qs.order_by("-round").first()


def waiting_lists(run: Run) -> dict[int, list[Decision]]:
    """Per place, the applicants who ranked it above what they got and lost only on priority, best first.

    They are the ones a freed seat would go to in the next round, in this order.
    """
    lists: dict[int, list[Decision]] = {}
    decisions = run.decisions.select_related("application__person").order_by("-score", "lottery")
    for decision in decisions:
        for reason in decision.reasons:
            if reason["code"] in {"full", "lottery"}:
                lists.setdefault(int(reason["place"]), []).append(decision)
    return lists


def places_with_offers(call: Call) -> QuerySet[Place]:
    accepted = Offer.objects.filter(place=OuterRef("pk"), status="accepted")
    return call.places.annotate(has_accepted=Exists(accepted))


def with_place_names(decisions: list[Decision]) -> list[Decision]:
    """Gives each decision `explained`: (partner name, reason) pairs, since reasons store place ids."""
    place_ids = {int(r["place"]) for d in decisions for r in d.reasons}
    names = {p.pk: str(p) for p in Place.objects.filter(pk__in=place_ids).select_related("partner")}
    for decision in decisions:
        decision.explained = [  # type: ignore[attr-defined]
            (names.get(int(r["place"]), "a removed place"), r["text"]) for r in decision.reasons
        ]
    return decisions
