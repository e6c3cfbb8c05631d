import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail

from accord.common.errors import DomainError
from accord.common.models import AuditEvent
from accord.exchange import services
from accord.exchange.models import Decision, Offer, OfferStatus, RunStatus
from accord.exchange.runs import services as run_services
from accord.exchange.runs.selectors import waiting_lists
from accord.exchange.tests.factories import (
    AFTER_CLOSE,
    NOW,
    RESPOND_BY,
    apply,
    make_call,
    make_student,
    place_at,
    run,
)
from accord.mobility.models import Direction, Mobility, MobilityStatus
from accord_testing.world import World


@pytest.fixture
def cohort(world: World) -> dict[str, Any]:
    """Partner: 1 seat, other partner: 2 seats, open to every faculty. Ann > Ben > Cid by grades."""
    call = make_call(world)
    officer = world.users["officer"]
    partner, other = place_at(call, world.partner), place_at(call, world.other_partner)
    services.place_update(place=partner, capacity=1, unit_id=None, actor=officer)
    services.place_update(place=other, capacity=2, unit_id=None, actor=officer)
    users = {}
    for name, grade, prefs in (
        ("ann", 19, [partner, other]),
        ("ben", 16, [partner, other]),
        ("cid", 12, [partner]),
    ):
        user, _ = make_student(world, name)
        users[name] = user
        apply(world, call, user, prefs, grade_average=Decimal(grade))
    return {"call": call, "partner": partner, "other": other, "users": users}


def _decision(run_obj: Any, user: Any) -> Decision:
    return run_obj.decisions.get(application__person__user=user)


def _offer(user: Any, status: str = OfferStatus.PENDING) -> Offer:
    return Offer.objects.get(application__person__user=user, status=status)


def test_a_run_is_a_draft_with_decisions_reasons_and_a_recorded_seed(world: World, cohort: dict) -> None:
    result = run(world, cohort["call"], seed=77)
    assert result.status == RunStatus.DRAFT and result.seed == 77 and result.round == 1
    assert result.check_report["stable"] and result.check_report["capacity_ok"]
    ann, ben, cid = (_decision(result, cohort["users"][n]) for n in ("ann", "ben", "cid"))
    assert (ann.place_id, ann.preference_rank, ann.reasons) == (cohort["partner"].pk, 1, [])
    assert ben.place_id == cohort["other"].pk and ben.preference_rank == 2
    assert ben.reasons[0]["code"] == "full" and "last admitted score" in ben.reasons[0]["text"]
    assert cid.place_id is None
    assert result.stats["assigned"] == 2 and result.stats["applicants"] == 3
    # Nothing is published: no offers, nobody told.
    assert not Offer.objects.exists() and not mail.outbox
    lists = waiting_lists(result)
    assert [d.application.person.user for d in lists[cohort["partner"].pk]] == [
        cohort["users"]["ben"],
        cohort["users"]["cid"],
    ]


def test_runs_wait_for_the_deadline(world: World, cohort: dict) -> None:
    with pytest.raises(DomainError) as error:
        run(world, cohort["call"], now=NOW)
    assert error.value.code == "call_still_open"


def test_only_the_office_runs_and_publishes(world: World, cohort: dict) -> None:
    with pytest.raises(DomainError):
        run_services.run_create(
            call=cohort["call"], actor=world.users["coordinator"], now=AFTER_CLOSE, respond_by=RESPOND_BY
        )
    draft = run(world, cohort["call"])
    with pytest.raises(DomainError):
        run_services.run_publish(run=draft, actor=world.users["auditor"], now=AFTER_CLOSE)


def test_compare_explains_who_moves_where(world: World, cohort: dict) -> None:
    first = run(world, cohort["call"], seed=1)
    # Ben now outranks Ann: the two swap, and the comparison says why each lost the partner seat.
    ben_application = _decision(first, cohort["users"]["ben"]).application
    services.application_score(
        application=ben_application, motivation_score=Decimal(100), actor=world.users["officer"]
    )
    second = run(world, cohort["call"], seed=1)
    moves = {m.application.person.user.username: m for m in run_services.run_compare(first, second)}
    assert set(moves) == {"ann", "ben"}
    assert moves["ann"].after.place_id == cohort["other"].pk
    assert "last admitted score" in moves["ann"].why
    assert "last admitted score" in moves["ben"].why


def test_publish_makes_offers_and_tells_everyone(world: World, cohort: dict) -> None:
    draft = run(world, cohort["call"])
    run_services.run_publish(run=draft, actor=world.users["officer"], now=AFTER_CLOSE)
    draft.refresh_from_db()
    assert draft.status == RunStatus.PUBLISHED
    assert Offer.objects.filter(status=OfferStatus.PENDING).count() == 2
    assert len(mail.outbox) == 3
    assert any("No place" in m.body or "could not give you" in m.body for m in mail.outbox)
    with pytest.raises(DomainError) as error:
        run_services.run_publish(run=draft, actor=world.users["officer"], now=AFTER_CLOSE)
    assert error.value.code == "invalid_state"
    other_draft = run_services.run_create(
        call=cohort["call"],
        actor=world.users["officer"],
        now=RESPOND_BY + dt.timedelta(hours=1),
        respond_by=RESPOND_BY + dt.timedelta(days=9),
        seed=5,
    )
    assert other_draft.round == 2  # round 1 is taken: the next draft is the second round


def test_accepting_creates_an_outgoing_nomination(world: World, cohort: dict) -> None:
    run_services.run_publish(run=run(world, cohort["call"]), actor=world.users["officer"], now=AFTER_CLOSE)
    ben = cohort["users"]["ben"]
    offer = run_services.offer_accept(offer=_offer(ben), actor=ben, now=AFTER_CLOSE)
    assert offer.status == OfferStatus.ACCEPTED
    mobility = Mobility.objects.get(pk=offer.mobility_id)
    assert mobility.status == MobilityStatus.NOMINATED and mobility.direction == Direction.OUTGOING
    assert mobility.person.user == ben and mobility.host_institution == world.other_partner
    assert (
        mobility.agreement == world.other_agreement and mobility.condition_id == cohort["other"].condition_id
    )
    assert mobility.academic_year_id == 2026 and mobility.planned_start == dt.date(2026, 9, 15)
    assert AuditEvent.objects.filter(action="offer.accepted").exists()
    with pytest.raises(DomainError) as error:
        run_services.offer_decline(offer=offer, actor=ben, now=AFTER_CLOSE)
    assert error.value.code == "invalid_state"


def test_offers_are_answered_by_their_student_before_the_deadline(world: World, cohort: dict) -> None:
    run_services.run_publish(run=run(world, cohort["call"]), actor=world.users["officer"], now=AFTER_CLOSE)
    offer = _offer(cohort["users"]["ann"])
    with pytest.raises(DomainError) as error:
        run_services.offer_accept(offer=offer, actor=cohort["users"]["ben"], now=AFTER_CLOSE)
    assert error.value.code == "permission_denied"
    with pytest.raises(DomainError) as error:
        run_services.offer_accept(offer=offer, actor=cohort["users"]["ann"], now=RESPOND_BY)
    assert error.value.code == "deadline_passed"
    assert not Mobility.objects.filter(person__user=cohort["users"]["ann"]).exists()


def test_reminders_once_then_expiry(world: World, cohort: dict) -> None:
    run_services.run_publish(run=run(world, cohort["call"]), actor=world.users["officer"], now=AFTER_CLOSE)
    mail.outbox.clear()
    assert run_services.offers_remind(now=AFTER_CLOSE) == 0  # two weeks left
    assert run_services.offers_remind(now=RESPOND_BY - dt.timedelta(days=1)) == 2
    assert run_services.offers_remind(now=RESPOND_BY - dt.timedelta(hours=1)) == 0
    assert len(mail.outbox) == 2 and "Reminder" in mail.outbox[0].subject
    assert run_services.offers_expire(now=RESPOND_BY) == 2
    assert Offer.objects.filter(status=OfferStatus.EXPIRED).count() == 2


def test_second_round_gives_freed_seats_and_accepted_students_only_move_up(
    world: World, cohort: dict
) -> None:
    officer, users = world.users["officer"], cohort["users"]
    run_services.run_publish(run=run(world, cohort["call"]), actor=officer, now=AFTER_CLOSE)
    run_services.offer_decline(offer=_offer(users["ann"]), actor=users["ann"], now=AFTER_CLOSE)
    run_services.offer_accept(offer=_offer(users["ben"]), actor=users["ben"], now=AFTER_CLOSE)
    second = run(world, cohort["call"], seed=3)
    assert second.round == 2 and second.check_report["stable"]
    ben, cid = _decision(second, users["ben"]), _decision(second, users["cid"])
    assert not second.decisions.filter(application__person__user=users["ann"]).exists()  # she declined
    # Ann's seat at the partner goes to Ben, who ranked it first and outranks Cid.
    assert ben.place_id == cohort["partner"].pk
    assert cid.place_id is None
    run_services.run_publish(run=second, actor=officer, now=AFTER_CLOSE)
    moved = Offer.objects.get(application__person__user=users["ben"], status=OfferStatus.ACCEPTED)
    assert moved.place_id == cohort["partner"].pk and moved.run_id == second.pk
    assert (
        Offer.objects.filter(application__person__user=users["ben"], status=OfferStatus.REPLACED).count() == 1
    )
    mobility = Mobility.objects.get(person__user=users["ben"])
    assert mobility.host_institution == world.partner and mobility.agreement == world.agreement


def test_second_round_never_takes_an_accepted_place_away(world: World, cohort: dict) -> None:
    officer, users = world.users["officer"], cohort["users"]
    run_services.run_publish(run=run(world, cohort["call"]), actor=officer, now=AFTER_CLOSE)
    run_services.offer_accept(offer=_offer(users["ann"]), actor=users["ann"], now=AFTER_CLOSE)
    run_services.offer_accept(offer=_offer(users["ben"]), actor=users["ben"], now=AFTER_CLOSE)
    # Cid now outranks everyone, but the partner's seat is Ann's: she accepted it.
    cid_application = _decision(cohort["call"].runs.get(), users["cid"]).application
    services.application_score(application=cid_application, motivation_score=Decimal(100), actor=officer)
    services.application_score(
        application=_decision(cohort["call"].runs.get(), users["ann"]).application,
        motivation_score=Decimal(0),
        actor=officer,
    )
    second = run(world, cohort["call"], seed=9)
    assert _decision(second, users["ann"]).place_id == cohort["partner"].pk
    assert _decision(second, users["ben"]).place_id == cohort["other"].pk
    cid = _decision(second, users["cid"])
    assert cid.place_id is None
    assert (
        cid.reasons[0]["text"] == "full: its seats are kept by students who accepted them in an earlier round"
    )


def test_next_round_waits_for_pending_answers(world: World, cohort: dict) -> None:
    run_services.run_publish(run=run(world, cohort["call"]), actor=world.users["officer"], now=AFTER_CLOSE)
    with pytest.raises(DomainError) as error:
        run(world, cohort["call"], now=AFTER_CLOSE)
    assert error.value.code == "offers_pending"
    # After the answer deadline the pending offers lapse and round 2 can run.
    later = RESPOND_BY + dt.timedelta(hours=1)
    second = run_services.run_create(
        call=cohort["call"],
        actor=world.users["officer"],
        now=later,
        respond_by=later + dt.timedelta(days=7),
        seed=1,
    )
    assert second.round == 2
    assert Offer.objects.filter(status=OfferStatus.EXPIRED).count() == 2
    assert [d.application.person.user.username for d in second.decisions.all()] == ["cid"]


def test_faculty_shares_rank_only_their_faculty(world: World) -> None:
    call = make_call(world)  # the partner's seats are faculty A's share
    outsider_user, _ = make_student(world, "dan")
    apply(
        world,
        call,
        outsider_user,
        [place_at(call, world.partner)],
        unit_id=world.faculty_b.pk,
        grade_average=Decimal(20),
    )
    apply(world, call, world.users["student"], [place_at(call, world.partner)], grade_average=Decimal(10))
    result = run(world, call)
    dan = _decision(result, outsider_user)
    assert dan.place_id is None
    assert dan.reasons[0]["text"] == "these seats are reserved for students of Faculty of Science"
    assert _decision(result, world.users["student"]).place_id == place_at(call, world.partner).pk


def test_the_daily_task_expires_overdue_offers_and_is_registered(world: World, cohort: dict) -> None:
    import time_machine

    from accord.common.periodic import daily_jobs
    from accord.exchange.tasks import offers_daily

    assert offers_daily.module_path in daily_jobs()
    run_services.run_publish(run=run(world, cohort["call"]), actor=world.users["officer"], now=AFTER_CLOSE)
    with time_machine.travel(RESPOND_BY - dt.timedelta(days=1), tick=False):
        assert offers_daily.call() == {"expired": 0, "reminded": 2}
    with time_machine.travel(RESPOND_BY + dt.timedelta(minutes=1), tick=False):
        assert offers_daily.call() == {"expired": 2, "reminded": 0}
