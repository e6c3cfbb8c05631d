"""Reads of allocation runs, their decisions and offers, scoped to the actor."""

from django.db.models import Exists, OuterRef, QuerySet

from accord.accounts.models import User
from accord.common.access import reads_everything
from accord.exchange.models import Call, Decision, Offer, OfferStatus, Place, Run, RunStatus
from accord.exchange.selectors import applications_visible_to


def runs_visible_to(actor: User) -> QuerySet[Run]:
    return Run.objects.all() if reads_everything(actor) else Run.objects.none()


def offers_visible_to(actor: User) -> QuerySet[Offer]:
    return Offer.objects.filter(application__in=applications_visible_to(actor))


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
    accepted = Offer.objects.filter(place=OuterRef("pk"), status=OfferStatus.ACCEPTED)
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
