"""The agreement lifecycle: each transition allowed and refused per role, its guards, audit, notifications."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core import mail

from accord.agreements.lifecycle.services import (
    TRANSITIONS,
    agreement_transition,
    agreements_advance_by_date,
    available_actions,
)
from accord.agreements.models import Agreement, AgreementApprover, AgreementStatus
from accord.common.errors import DomainError
from accord.common.models import AuditEvent
from accord.common.roles import Role
from accord.notifications.models import Notification
from accord_testing.factories import ContactFactory, UserFactory, make_agreement
from accord_testing.factories import send_api as send

pytestmark = pytest.mark.django_db
S = AgreementStatus
TODAY = dt.date(2027, 1, 15)
PERSONAS = (
    "admin",
    "officer",
    "coordinator",
    "student",
    "partner_contact",
    "auditor",
    "outsider",
    "anonymous",
)
# Who sees faculty A's agreement with the partner (the others get 404, as for a missing agreement).
SEES = {"admin", "officer", "coordinator", "partner_contact", "auditor"}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2027, 1, 15, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def sign_all(agreement: Agreement) -> None:
    for row in agreement.partners.all():
        row.signing_contact = ContactFactory(institution=row.institution)
        row.signing_date = dt.date(2026, 12, 1)
        row.save()


def prepare(agreement: Agreement, action: str) -> dict[str, Any]:
    """Put the agreement where `action` can happen; returns the body to post."""
    source = {
        "propose": S.DRAFT,
        "approve": S.IN_REVIEW,
        "send_back": S.IN_REVIEW,
        "partner_approve": S.NEGOTIATION,
        "reopen": S.PARTNER_APPROVED,
        "sign": S.PARTNER_APPROVED,
        "activate": S.SIGNED,
        "mark_expiring": S.ACTIVE,
        "expire": S.ACTIVE,
        "renew": S.ACTIVE,
        "terminate": S.ACTIVE,
    }[action]
    agreement.status = source
    if action == "mark_expiring":
        agreement.valid_to = TODAY + dt.timedelta(days=30)
    if action == "expire":
        agreement.valid_to = TODAY - dt.timedelta(days=1)
    agreement.save()
    if action == "sign":
        sign_all(agreement)
    return {"action": action, "comment": "Please check the places", "reason": "Partner closed the programme"}


# Who may take each action on faculty A's agreement, when nothing else stands in the way.
ALLOWED = {
    "propose": {"admin", "officer", "coordinator"},
    "approve": {"admin", "officer"},
    "send_back": {"admin", "officer"},
    "partner_approve": {"admin", "officer", "coordinator", "partner_contact"},
    "reopen": {"admin", "officer", "coordinator"},
    "sign": {"admin", "officer"},
    "activate": {"admin", "officer"},
    "mark_expiring": {"admin", "officer"},
    "expire": {"admin", "officer"},
    "renew": {"admin", "officer", "coordinator"},
    "terminate": {"admin", "officer"},
}
TARGET = {action: t.target for action, t in TRANSITIONS.items()}


def test_the_table_covers_every_action():
    assert set(ALLOWED) == set(TRANSITIONS)


def _fingerprint(agreement: Agreement) -> tuple[Any, ...]:
    agreement.refresh_from_db()
    return (
        agreement.status,
        Agreement.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", sorted(ALLOWED))
def test_transition_per_role(world, action, persona):
    body = prepare(world.agreement, action)
    before = _fingerprint(world.agreement)
    response = send(world, persona, "post", f"/api/v1/agreements/{world.agreement.pk}/transitions", body)
    if persona in ALLOWED[action]:
        assert response.status_code == 200, response.content
        world.agreement.refresh_from_db()
        if action == "renew":
            successor = Agreement.objects.get(pk=response.json()["successor_id"])
            assert successor.predecessor == world.agreement and successor.status == S.DRAFT
            assert world.agreement.status == S.ACTIVE
        else:
            assert world.agreement.status == TARGET[action] == response.json()["status"]
        event = AuditEvent.objects.get(action=TRANSITIONS[action].event, target_id=str(world.agreement.pk))
        assert event.actor == world.users[persona]
    else:
        expected = 401 if persona == "anonymous" else 403 if persona in SEES else 404
        assert response.status_code == expected, response.content
        assert _fingerprint(world.agreement) == before


@pytest.mark.parametrize("action", sorted(ALLOWED))
def test_every_action_is_refused_from_a_wrong_status(world, action):
    world.agreement.status = S.TERMINATED
    world.agreement.save()
    with pytest.raises(DomainError) as error:
        agreement_transition(agreement=world.agreement, action=action, actor=world.users["admin"], note="x")
    assert (error.value.code, error.value.http_status) == ("invalid_state", 409)


def test_configured_approvers_replace_the_officers(world):
    approver = UserFactory(username="dean", role=Role.COORDINATOR)
    AgreementApprover.objects.create(kind=world.agreement.kind, user=approver)
    prepare(world.agreement, "approve")
    with pytest.raises(DomainError) as error:
        agreement_transition(agreement=world.agreement, action="approve", actor=world.users["officer"])
    assert error.value.code == "permission_denied"
    agreement_transition(agreement=world.agreement, action="approve", actor=approver)
    world.agreement.refresh_from_db()
    assert world.agreement.status == S.NEGOTIATION
    # Approvers of one kind do not approve another.
    world.other_agreement.status = S.IN_REVIEW
    world.other_agreement.kind = "research"
    world.other_agreement.save()
    with pytest.raises(DomainError):
        agreement_transition(agreement=world.other_agreement, action="approve", actor=approver)


def test_send_back_and_terminate_need_their_text(world):
    prepare(world.agreement, "send_back")
    with pytest.raises(DomainError) as error:
        agreement_transition(
            agreement=world.agreement, action="send_back", actor=world.users["officer"], note=" "
        )
    assert (error.value.code, error.value.field) == ("comment_required", "comment")
    prepare(world.agreement, "terminate")
    with pytest.raises(DomainError) as error:
        agreement_transition(agreement=world.agreement, action="terminate", actor=world.users["officer"])
    assert error.value.code == "reason_required"
    agreement_transition(
        agreement=world.agreement, action="terminate", actor=world.users["officer"], note="Programme closed"
    )
    world.agreement.refresh_from_db()
    assert world.agreement.termination_reason == "Programme closed" and world.agreement.terminated_at


def test_signing_needs_both_signatures_with_dates(world):
    prepare(world.agreement, "reopen")  # partner approved, nobody has signed
    with pytest.raises(DomainError) as error:
        agreement_transition(agreement=world.agreement, action="sign", actor=world.users["officer"])
    assert error.value.code == "signatures_missing"
    assert set(error.value.extra["unsigned"]) == {world.home.name, world.partner.name}
    sign_all(world.agreement)
    home_row = world.agreement.partners.get(institution=world.home)
    home_row.signing_date = None
    home_row.save()
    with pytest.raises(DomainError) as error:
        agreement_transition(agreement=world.agreement, action="sign", actor=world.users["officer"])
    assert error.value.extra["unsigned"] == [world.home.name]


def test_date_guards(world):
    agreement = world.agreement
    agreement.status, agreement.valid_from = S.SIGNED, TODAY + dt.timedelta(days=1)
    agreement.save()
    with pytest.raises(DomainError, match="start date"):
        agreement_transition(agreement=agreement, action="activate", actor=world.users["officer"])
    agreement.status, agreement.valid_to = S.ACTIVE, TODAY + dt.timedelta(days=400)
    agreement.save()
    with pytest.raises(DomainError) as error:
        agreement_transition(agreement=agreement, action="mark_expiring", actor=world.users["officer"])
    assert error.value.code == "not_in_notice_period"
    # The agreement's own notice period wins over the site's default (180 days).
    agreement.notice_period_days = 500
    agreement.save()
    agreement_transition(agreement=agreement, action="mark_expiring", actor=world.users["officer"])
    with pytest.raises(DomainError) as error:
        agreement_transition(agreement=agreement, action="expire", actor=world.users["officer"])
    assert error.value.code == "not_ended"


def test_exchange_agreement_needs_conditions_before_review(world):
    world.agreement.status = S.DRAFT
    world.agreement.save()
    world.agreement.conditions.all().delete()
    with pytest.raises(DomainError) as error:
        agreement_transition(agreement=world.agreement, action="propose", actor=world.users["coordinator"])
    assert error.value.code == "no_conditions"


def test_proposal_notifies_the_reviewers_and_approval_the_owners(world):
    world.users["officer"].email = "officer@accord.example"
    world.users["officer"].save()
    world.users["coordinator"].email = "coordinator@accord.example"
    world.users["coordinator"].save()
    prepare(world.agreement, "propose")
    agreement_transition(agreement=world.agreement, action="propose", actor=world.users["coordinator"])
    note = Notification.objects.get(recipient=world.users["officer"])
    assert "internal review" in note.subject and note.url == f"/agreements/{world.agreement.pk}/"
    assert not Notification.objects.filter(recipient=world.users["coordinator"]).exists()  # not to oneself
    assert [m.to for m in mail.outbox] == [["officer@accord.example"]]
    mail.outbox.clear()

    agreement_transition(
        agreement=world.agreement, action="send_back", actor=world.users["officer"], note="Fix it"
    )
    back = Notification.objects.get(recipient=world.users["coordinator"])
    assert "sent back" in back.subject and "Fix it" in back.body
    assert [m.to for m in mail.outbox] == [["coordinator@accord.example"]]


def test_partner_hears_of_approval_signature_and_termination(world):
    contact = world.users["partner_contact"]
    prepare(world.agreement, "approve")
    agreement_transition(agreement=world.agreement, action="approve", actor=world.users["officer"])
    assert Notification.objects.filter(recipient=contact, subject__contains="approved internally").exists()
    assert Notification.objects.filter(recipient=world.users["coordinator"]).exists()
    # Internal steps stay internal.
    heard = Notification.objects.filter(recipient=contact).count()
    prepare(world.agreement, "reopen")
    agreement_transition(agreement=world.agreement, action="reopen", actor=world.users["officer"], note="x")
    assert Notification.objects.filter(recipient=contact).count() == heard
    sign_all(world.agreement)
    agreement_transition(agreement=world.agreement, action="partner_approve", actor=world.users["officer"])
    agreement_transition(agreement=world.agreement, action="sign", actor=world.users["officer"])
    agreement_transition(
        agreement=world.agreement, action="terminate", actor=world.users["officer"], note="Closed"
    )
    subjects = list(Notification.objects.filter(recipient=contact).values_list("subject", flat=True))
    assert any("signed" in s for s in subjects) and any("terminated" in s for s in subjects)


@pytest.mark.parametrize("action", sorted(ALLOWED))
def test_every_transition_audits_and_notifies(world, action):
    prepare(world.agreement, action)
    actor = world.users["admin"]
    agreement_transition(agreement=world.agreement, action=action, actor=actor, note="because")
    event = AuditEvent.objects.get(action=TRANSITIONS[action].event, target_id=str(world.agreement.pk))
    if action != "renew":
        assert event.changes["status"][1] == TARGET[action]
    # The faculty's coordinator (or, for a proposal, the officers) hear of it.
    recipient = world.users["officer"] if action == "propose" else world.users["coordinator"]
    assert Notification.objects.filter(recipient=recipient).count() == 1


def test_partner_approval_records_the_revision_it_approved(world):
    prepare(world.agreement, "partner_approve")
    agreement_transition(
        agreement=world.agreement, action="partner_approve", actor=world.users["partner_contact"]
    )
    world.agreement.refresh_from_db()
    assert world.agreement.partner_approved_at is not None
    revision = world.agreement.partner_approved_revision
    assert revision is not None and revision.number == 1
    assert {p["institution"] for p in revision.snapshot["partners"]} == {world.home.name, world.partner.name}


def test_renewal_copies_partners_and_conditions_with_years_moved_on(world):
    agreement = world.agreement
    agreement.notice_period_days = 90
    agreement.save()
    sign_all(agreement)
    result = agreement_transition(agreement=agreement, action="renew", actor=world.users["coordinator"])
    successor = result.successor
    assert successor is not None
    # 2025/2026 to 2028/2029 is four years: the successor runs 2029/2030 to 2032/2033.
    assert [(c.first_year_id, c.last_year_id) for c in successor.conditions.all()] == [
        (2029, 2032),
        (2029, 2032),
    ]
    assert (successor.valid_from, successor.valid_to) == (dt.date(2029, 9, 1), dt.date(2033, 8, 31))
    assert successor.owner_unit == agreement.owner_unit and successor.notice_period_days == 90
    rows = list(successor.partners.all())
    assert [r.institution for r in rows] == [world.home, world.partner]
    assert all(r.signing_date is None and r.signing_contact is None for r in rows)
    assert successor.revisions.count() == 1
    with pytest.raises(DomainError) as error:
        agreement_transition(agreement=agreement, action="renew", actor=world.users["officer"])
    assert error.value.code == "already_renewed"


def test_coordinator_cannot_renew_another_faculty_agreement(world):
    coordinator = world.users["coordinator"]
    with pytest.raises(DomainError) as error:
        agreement_transition(agreement=world.other_agreement, action="renew", actor=coordinator)
    assert error.value.code == "permission_denied"


def test_available_actions_explain_what_is_missing(world):
    prepare(world.agreement, "reopen")
    actions = {t.action: problem for t, problem in available_actions(world.agreement, world.users["officer"])}
    assert set(actions) == {"reopen", "sign", "terminate"}
    assert "signed" in actions["sign"] and actions["reopen"] == ""
    coordinator = {t.action for t, _ in available_actions(world.agreement, world.users["coordinator"])}
    assert coordinator == {"reopen"}
    assert available_actions(world.agreement, world.users["auditor"]) == []


def test_daily_moves_by_date(world):
    signed = make_agreement(
        home=world.home, partner=world.partner, status=S.SIGNED, first_year=2026, last_year=2027
    )
    late_signed = make_agreement(
        home=world.home, partner=world.partner, status=S.SIGNED, first_year=2020, last_year=2020
    )
    ending = make_agreement(home=world.home, partner=world.partner, valid_to=TODAY + dt.timedelta(days=10))
    ended = make_agreement(home=world.home, partner=world.partner, valid_to=TODAY - dt.timedelta(days=1))
    counts = agreements_advance_by_date(today=TODAY)
    for agreement in (signed, late_signed, ending, ended):
        agreement.refresh_from_db()
    assert (signed.status, late_signed.status, ending.status, ended.status) == (
        S.ACTIVE,
        S.EXPIRED,
        S.EXPIRING,
        S.EXPIRED,
    )
    assert counts == {"activate": 1, "expire": 2, "mark_expiring": 1}
    system = AuditEvent.objects.filter(action="agreement.activated", target_id=str(signed.pk)).get()
    assert system.actor is None and system.actor_repr == "system"
    assert agreements_advance_by_date(today=TODAY) == {"activate": 0, "expire": 0, "mark_expiring": 0}


def test_the_daily_job_only_moves_by_date(world):
    prepare(world.agreement, "propose")
    with pytest.raises(DomainError) as error:
        agreement_transition(agreement=world.agreement, action="propose", actor=None)
    assert error.value.code == "permission_denied"


def test_unknown_action_is_a_clear_error(world):
    response = send(
        world, "officer", "post", f"/api/v1/agreements/{world.agreement.pk}/transitions", {"action": "bless"}
    )
    assert (response.status_code, response.json()["code"]) == (422, "invalid_choice")
    response = send(
        world, "officer", "post", f"/api/v1/agreements/{world.agreement.pk}/transitions", {"nothing": 1}
    )
    assert (response.status_code, response.json()["code"]) == (422, "validation_error")


def test_status_is_not_editable_by_edits(world):
    from accord.agreements.services import agreement_input_from, agreement_update

    data = agreement_input_from(world.agreement)
    data.status = S.TERMINATED
    with pytest.raises(DomainError) as error:
        agreement_update(agreement=world.agreement, data=data, actor=world.users["officer"])
    assert (error.value.code, error.value.field) == ("status_by_transition", "status")


def test_only_the_office_registers_agreements_past_draft(world):
    from accord_testing.factories import send_api

    body = {
        "kind": "research",
        "title": "Registered on paper",
        "status": "active",
        "owner_unit_id": world.faculty_a.pk,
        "partners": [{"institution_id": world.home.pk}, {"institution_id": world.partner.pk}],
    }
    refused = send_api(world, "coordinator", "post", "/api/v1/agreements", body)
    assert (refused.status_code, refused.json()["code"]) == (403, "permission_denied")
    created = send_api(world, "officer", "post", "/api/v1/agreements", body)
    assert created.status_code == 201 and created.json()["status"] == "active"
    draft = send_api(
        world, "coordinator", "post", "/api/v1/agreements", {**body, "status": "draft", "title": "New"}
    )
    assert draft.status_code == 201 and draft.json()["status"] == "draft"
