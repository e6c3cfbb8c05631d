"""The only writers of allocation runs, their decisions and offers.

A run is a draft until published, so the office can try seeds, rounds and faculty shares and compare them;
publishing turns its decisions into offers the students answer by the deadline. Later rounds give declined,
expired and unused seats to the students still waiting, while everyone who accepted keeps their place or
moves to one they ranked higher (see adapters.py). What students are told: notices.py.
"""

import datetime as dt
import secrets
import time
from dataclasses import dataclass

from django.db import transaction

from accord.accounts.models import User
from accord.common import audit
from accord.common.errors import DomainError, ErrorCode
from accord.engines.allocation import AllocationOptions, allocate, check_allocation
from accord.exchange.errors import ExchangeErrorCode
from accord.exchange.models import (
    Application,
    ApplicationStatus,
    Call,
    Decision,
    Offer,
    OfferStatus,
    Place,
    Preference,
    Run,
    RunStatus,
)
from accord.exchange.permissions import can_manage_calls, is_applicant
from accord.exchange.runs import adapters
from accord.exchange.runs.notices import remind_to_answer, tell_moved_up, tell_result
from accord.mobility.models import Direction, MobilityStatus
from accord.mobility.services import MobilityInput, mobility_create, mobility_input_from, mobility_update

POLICIES = ("deferred-acceptance", "serial-dictatorship")
REMIND_BEFORE = dt.timedelta(days=3)
ENGINE_FIELDS = (
    "id",
    "call_id",
    "score",
    "languages",
    "eqf_level",
    "subject_area",
    "unit_id",
    "motivation_score",
)


def _denied(message: str) -> DomainError:
    return DomainError(ErrorCode.PERMISSION_DENIED, message)


@dataclass(frozen=True)
class RoundPlan:
    applications: list[Application]
    places: list[Place]
    preferences: dict[int, list[int]]
    held: dict[int, int]


def round_plan(call: Call, round_number: int) -> RoundPlan:
    """Who takes part in a round: every live applicant, except those who declined or let an offer lapse.

    In round 1 that is everyone; later, students holding an accepted place take part to move up.
    """
    # Only what the engine and the decisions need: 20,000 full rows (texts, timestamps) cost seconds.
    applications = list(
        call.applications.filter(status=ApplicationStatus.SUBMITTED).only(*ENGINE_FIELDS).order_by("id")
    )
    held: dict[int, int] = {}
    if round_number > 1:
        out = set(
            Offer.objects.filter(
                application__call=call, status__in=[OfferStatus.DECLINED, OfferStatus.EXPIRED]
            ).values_list("application_id", flat=True)
        )
        held = dict(
            Offer.objects.filter(application__call=call, status=OfferStatus.ACCEPTED).values_list(
                "application_id", "place_id"
            )
        )
        # Declining once is final, unless the student accepted another place since.
        applications = [a for a in applications if a.pk not in out or a.pk in held]
    preferences: dict[int, list[int]] = {}
    for application_id, place_id in (
        Preference.objects.filter(application__in=[a.pk for a in applications])
        .order_by("application_id", "rank")
        .values_list("application_id", "place_id")
    ):
        preferences.setdefault(application_id, []).append(place_id)
    places = list(call.places.select_related("unit").order_by("id"))
    return RoundPlan(applications, places, preferences, held)


@transaction.atomic
def run_create(
    *,
    call: Call,
    actor: User,
    now: dt.datetime,
    respond_by: dt.datetime,
    seed: int | None = None,
    policy: str = "deferred-acceptance",
    note: str = "",
) -> Run:
    """Allocate the call's next round as a draft: nothing is published, nobody is told."""
    if not can_manage_calls(actor):
        raise _denied("Only the international office runs allocations.")
    if policy not in POLICIES:
        raise DomainError(ErrorCode.INVALID_CHOICE, f"Unknown policy {policy!r}.", field="policy")
    if now < call.closes_at:
        raise DomainError(
            ExchangeErrorCode.CALL_STILL_OPEN,
            "The call is still open; allocate after it closes so every applicant counts.",
        )
    if respond_by <= now:
        raise DomainError(
            ErrorCode.INVALID_DATE, "The answer deadline must be in the future.", field="respond_by"
        )
    if seed is not None and not 0 <= seed < 2**63:
        raise DomainError(ErrorCode.OUT_OF_RANGE, "The seed is a whole number from 0.", field="seed")
    last = call.runs.filter(status=RunStatus.PUBLISHED).order_by("-round").first()
    round_number = last.round + 1 if last else 1
    if last is not None:
        offers_expire(now=now, call=call)
        if Offer.objects.filter(application__call=call, status=OfferStatus.PENDING).exists():
            raise DomainError(
                ExchangeErrorCode.OFFERS_PENDING,
                f"Round {last.round} offers are still awaiting answers (deadline "
                f"{last.respond_by:%d %b %Y %H:%M}); the next round can start when all are answered "
                "or expired.",
            )
    plan = round_plan(call, round_number)
    if not plan.applications:
        raise DomainError(ExchangeErrorCode.NO_APPLICANTS, "There is nobody to allocate in this round.")
    seed = secrets.randbelow(2**31) if seed is None else seed
    engine_input = adapters.build_input(plan.applications, plan.places, plan.held, plan.preferences)
    started = time.perf_counter()
    options = AllocationOptions(
        seed=seed, policy="serial-dictatorship" if policy == "serial-dictatorship" else "deferred-acceptance"
    )
    result = allocate(engine_input.students, engine_input.places, options)
    seconds = time.perf_counter() - started
    report = check_allocation(
        engine_input.students, engine_input.places, result.assignments, lottery=result.lottery
    )
    run = Run.objects.create(
        call=call,
        round=round_number,
        policy=policy,
        seed=seed,
        respond_by=respond_by,
        note=note.strip()[:200],
        check_report=dict(report),
        created_by=actor,
    )
    decisions = adapters.decisions_from(run, result, plan.applications, plan.preferences)
    adapters.save_decisions(run, decisions)
    assigned = [d for d in decisions if d.place_id is not None]
    run.stats = {
        "applicants": len(decisions),
        "assigned": len(assigned),
        "first_choice": sum(1 for d in assigned if d.preference_rank == 1),
        "seats": sum(p.capacity for p in plan.places),
        "held": len(plan.held),
        "unscored": sum(1 for a in plan.applications if a.motivation_score is None),
        "seconds": round(seconds, 4),
    }
    run.save(update_fields=["stats"])
    audit.record(
        actor=actor,
        action="run.created",
        target=run,
        data={"call": call.pk, "round": round_number, "seed": seed, "policy": policy, "check": dict(report)},
    )
    return run


@dataclass(frozen=True)
class Move:
    application: Application
    before: Decision | None
    after: Decision | None

    @property
    def why(self) -> str:
        """The reason the run without the better place gives for it (the place they lost or did not win)."""
        if self.before is None or self.after is None:
            return "only in one of the two runs"
        worse, better = (
            (self.after, self.before)
            if (self.after.preference_rank or 99) > (self.before.preference_rank or 99)
            else (self.before, self.after)
        )
        for reason in worse.reasons:
            if reason["place"] == better.place_id:
                return str(reason["text"])
        return "a different seed or policy changed the order of ties"


def run_compare(first: Run, second: Run) -> list[Move]:
    """Applicants whose place differs between two runs of the same call, with the deciding reason."""
    if first.call_id != second.call_id:
        raise DomainError(ExchangeErrorCode.DIFFERENT_CALLS, "Only runs of the same call can be compared.")
    ones = {
        d.application_id: d for d in first.decisions.select_related("place__partner", "application__person")
    }
    twos = {
        d.application_id: d for d in second.decisions.select_related("place__partner", "application__person")
    }
    moves = []
    for application_id in sorted(set(ones) | set(twos)):
        a, b = ones.get(application_id), twos.get(application_id)
        if a is None or b is None or a.place_id != b.place_id:
            application = (a or b).application  # type: ignore[union-attr]
            moves.append(Move(application, a, b))
    return moves


@transaction.atomic
def run_publish(*, run: Run, actor: User, now: dt.datetime) -> Run:
    """Publish a draft: its decisions become offers and students are told; other drafts stay drafts."""
    if not can_manage_calls(actor):
        raise _denied("Only the international office publishes allocations.")
    run = Run.objects.select_for_update(of=("self",)).select_related("call").get(pk=run.pk)
    if run.status != RunStatus.DRAFT:
        raise DomainError(ErrorCode.INVALID_STATE, "This run is already published.")
    if run.call.runs.filter(status=RunStatus.PUBLISHED, round__gte=run.round).exists():
        raise DomainError(ErrorCode.INVALID_STATE, f"Round {run.round} of this call is already published.")
    if run.respond_by <= now:
        raise DomainError(ErrorCode.INVALID_DATE, "The answer deadline of this run has passed; run it again.")
    held = dict(
        Offer.objects.filter(application__call=run.call, status=OfferStatus.ACCEPTED).values_list(
            "application_id", "id"
        )
    )
    run.status, run.published_at, run.published_by = RunStatus.PUBLISHED, now, actor
    run.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    for decision in run.decisions.select_related("application__person__user", "place__partner"):
        held_offer_id = held.get(decision.application_id)
        if decision.place_id is None:
            tell_result(decision, run, None)
            continue
        if held_offer_id is not None:
            old = Offer.objects.select_related("place").get(pk=held_offer_id)
            if old.place_id != decision.place_id:
                _upgrade(old, decision, decision.place_id, run, actor, now)
            continue
        offer = Offer.objects.create(
            run=run, application=decision.application, place_id=decision.place_id, respond_by=run.respond_by
        )
        tell_result(decision, run, offer)
    audit.record(actor=actor, action="run.published", target=run, data={"round": run.round, "seed": run.seed})
    return run


def _upgrade(old: Offer, decision: Decision, place_id: int, run: Run, actor: User, now: dt.datetime) -> None:
    """A student who accepted moves to a place they ranked higher: the nomination follows them."""
    mobility = old.mobility
    old.status, old.mobility = OfferStatus.REPLACED, None
    old.save(update_fields=["status", "mobility", "updated_at"])
    offer = Offer.objects.create(
        run=run,
        application=decision.application,
        place_id=place_id,
        respond_by=run.respond_by,
        status=OfferStatus.ACCEPTED,
        responded_at=now,
        mobility=mobility,
    )
    if mobility is not None:
        place = offer.place
        data = mobility_input_from(mobility)
        data.host_institution_id = place.partner_id
        data.agreement_id, data.condition_id = place.agreement_id, place.condition_id
        mobility_update(mobility=mobility, data=data, actor=actor)
    audit.record(
        actor=actor,
        action="offer.upgraded",
        target=offer,
        data={"from_place": old.place_id, "to_place": decision.place_id, "round": run.round},
    )
    tell_moved_up(decision, run, offer, actor=actor)


def _office_actor(offer: Offer) -> User | None:
    """The nomination is the office's act, made on the student's acceptance: recorded under the publisher."""
    return offer.run.published_by


@transaction.atomic
def offer_accept(*, offer: Offer, actor: User, now: dt.datetime) -> Offer:
    offer = _answerable(offer, actor, now)
    publisher = _office_actor(offer)
    if publisher is None:
        raise DomainError(
            ErrorCode.INVALID_STATE, "The office account that published this offer is gone; ask the office."
        )
    application = offer.application
    call = application.call
    place = offer.place
    mobility = mobility_create(
        data=MobilityInput(
            person_id=application.person_id,
            direction=Direction.OUTGOING,
            mobility_type=call.mobility_type,
            home_institution_id=application.unit.institution_id,
            host_institution_id=place.partner_id,
            academic_year=call.academic_year_id,
            planned_start=call.mobility_start,
            planned_end=call.mobility_end,
            agreement_id=place.agreement_id,
            condition_id=place.condition_id,
            unit_id=application.unit_id,
            status=MobilityStatus.NOMINATED,
        ),
        actor=publisher,
    )
    offer.status, offer.responded_at, offer.mobility = OfferStatus.ACCEPTED, now, mobility
    offer.save(update_fields=["status", "responded_at", "mobility", "updated_at"])
    audit.record(actor=actor, action="offer.accepted", target=offer, data={"mobility": mobility.pk})
    return offer


@transaction.atomic
def offer_decline(*, offer: Offer, actor: User, now: dt.datetime) -> Offer:
    offer = _answerable(offer, actor, now)
    offer.status, offer.responded_at = OfferStatus.DECLINED, now
    offer.save(update_fields=["status", "responded_at", "updated_at"])
    audit.record(actor=actor, action="offer.declined", target=offer)
    return offer


def _answerable(offer: Offer, actor: User, now: dt.datetime) -> Offer:
    offer = (
        Offer.objects.select_for_update(of=("self",))
        .select_related(
            "application__call", "application__person", "application__unit", "place__partner", "run"
        )
        .get(pk=offer.pk)
    )
    if not is_applicant(actor, offer.application):
        raise _denied("Only the student offered the place may answer.")
    if offer.status != OfferStatus.PENDING:
        raise DomainError(
            ErrorCode.INVALID_STATE, f"This offer is already {offer.get_status_display().lower()}."
        )
    if now >= offer.respond_by:
        raise DomainError(
            ExchangeErrorCode.DEADLINE_PASSED,
            f"The deadline to answer was {offer.respond_by:%d %b %Y %H:%M}; the seat goes to the next round.",
        )
    return offer


@transaction.atomic
def offers_expire(*, now: dt.datetime, call: Call | None = None) -> int:
    """Pending offers past their deadline lapse; their seats go to the next round."""
    overdue = Offer.objects.select_for_update(of=("self",)).filter(
        status=OfferStatus.PENDING, respond_by__lte=now
    )
    if call is not None:
        overdue = overdue.filter(application__call=call)
    count = 0
    for offer in overdue:
        offer.status = OfferStatus.EXPIRED
        offer.save(update_fields=["status", "updated_at"])
        audit.record(actor=None, action="offer.expired", target=offer)
        count += 1
    return count


@transaction.atomic
def offers_remind(*, now: dt.datetime) -> int:
    """One reminder per pending offer, in its last days."""
    due = (
        Offer.objects.select_for_update(of=("self",))
        .filter(
            status=OfferStatus.PENDING,
            reminded_at__isnull=True,
            respond_by__gt=now,
            respond_by__lte=now + REMIND_BEFORE,
        )
        .select_related("application__person__user", "place__partner", "run")
    )
    count = 0
    for offer in due:
        remind_to_answer(offer)
        offer.reminded_at = now
        offer.save(update_fields=["reminded_at", "updated_at"])
        audit.record(actor=None, action="offer.reminded", target=offer)
        count += 1
    return count
