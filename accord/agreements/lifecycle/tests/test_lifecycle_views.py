"""Lifecycle pages: actions on the agreement page, confirmation, the approvals queue, the approvers."""

import pytest

from accord.agreements.models import AgreementApprover, AgreementStatus
from accord.common.models import AuditEvent
from accord.common.roles import Role
from accord_testing.factories import UserFactory, make_agreement

pytestmark = pytest.mark.django_db
S = AgreementStatus


def _set(agreement, status):
    agreement.status = status
    agreement.save()


def test_agreement_page_offers_the_user_s_actions(world):
    _set(world.agreement, S.DRAFT)
    page = world.client_for("coordinator").get(f"/agreements/{world.agreement.pk}/").content.decode()
    assert f'action="/agreements/{world.agreement.pk}/actions/propose/"' in page
    assert 'aria-current="step">Draft<' in page
    auditor = world.client_for("auditor").get(f"/agreements/{world.agreement.pk}/").content.decode()
    assert "/actions/" not in auditor and "Revisions (0)" in auditor


def test_propose_from_the_page_then_approve(world):
    _set(world.agreement, S.DRAFT)
    response = world.client_for("coordinator").post(f"/agreements/{world.agreement.pk}/actions/propose/")
    assert response.status_code == 302 and response.url == f"/agreements/{world.agreement.pk}/"
    world.agreement.refresh_from_db()
    assert world.agreement.status == S.IN_REVIEW
    queue = world.client_for("officer").get("/agreements/approvals/").content.decode()
    assert world.agreement.title in queue
    # The coordinator cannot approve: they see it among those waiting for others.
    theirs = world.client_for("coordinator").get("/agreements/approvals/").content.decode()
    assert "Nothing waits for your approval" in theirs and "In review with other approvers" in theirs
    page = world.client_for("officer").get(f"/agreements/{world.agreement.pk}/").content.decode()
    assert "Status timeline" in page and "Proposed" in page
    assert (
        world.client_for("officer").post(f"/agreements/{world.agreement.pk}/actions/approve/").status_code
        == 302
    )
    world.agreement.refresh_from_db()
    assert world.agreement.status == S.NEGOTIATION


def test_terminate_asks_for_confirmation_and_a_reason(world):
    client = world.client_for("officer")
    url = f"/agreements/{world.agreement.pk}/actions/terminate/"
    page = client.get(url)
    assert page.status_code == 200 and "Reason for the termination" in page.content.decode()
    refused = client.post(url, {"note": ""})
    assert refused.status_code == 422 and "This field is required" in refused.content.decode()
    world.agreement.refresh_from_db()
    assert world.agreement.status == S.ACTIVE
    done = client.post(url, {"note": "The partner closed the programme"})
    assert done.status_code == 302
    world.agreement.refresh_from_db()
    assert world.agreement.status == S.TERMINATED
    detail = client.get(f"/agreements/{world.agreement.pk}/").content.decode()
    assert "The partner closed the programme" in detail


def test_a_refused_transition_explains_itself(world):
    _set(world.agreement, S.PARTNER_APPROVED)
    client = world.client_for("officer")
    page = client.get(f"/agreements/{world.agreement.pk}/").content.decode()
    assert "Record who signed and when" in page  # sign shown disabled, with the reason
    response = client.post(f"/agreements/{world.agreement.pk}/actions/sign/")
    assert response.status_code == 422 and "Record who signed and when" in response.content.decode()
    stale = client.post(f"/agreements/{world.agreement.pk}/actions/propose/")
    assert stale.status_code == 409


def test_partner_contact_records_their_approval(world):
    _set(world.agreement, S.NEGOTIATION)
    client = world.client_for("partner_contact")
    page = client.get(f"/agreements/{world.agreement.pk}/").content.decode()
    assert "Record the partner&#x27;s approval" in page or "Record the partner's approval" in page
    assert client.post(f"/agreements/{world.agreement.pk}/actions/partner_approve/").status_code == 302
    world.agreement.refresh_from_db()
    assert world.agreement.status == S.PARTNER_APPROVED and world.agreement.partner_approved_revision


def test_renew_leads_to_the_successor(world):
    response = world.client_for("officer").post(
        f"/agreements/{world.agreement.pk}/actions/renew/", {"note": ""}
    )
    successor = world.agreement.successor
    assert response.status_code == 302 and response.url == f"/agreements/{successor.pk}/"
    page = world.client_for("officer").get(response.url).content.decode()
    assert "Renews" in page and world.agreement.title in page


def test_unknown_action_is_404(world):
    assert (
        world.client_for("officer").get(f"/agreements/{world.agreement.pk}/actions/bless/").status_code == 404
    )


def test_editor_has_no_status_once_created(world):
    edit = world.client_for("officer").get(f"/agreements/{world.agreement.pk}/edit/")
    assert "id_status" not in edit.content.decode()
    assert 'name="status"' in world.client_for("officer").get("/agreements/new/").content.decode()
    assert 'name="status"' not in world.client_for("coordinator").get("/agreements/new/").content.decode()


def test_approver_configuration(world):
    admin = world.client_for("admin")
    dean = UserFactory(username="dean", role=Role.COORDINATOR, first_name="Dana", last_name="Dean")
    dean.units.add(world.faculty_a)  # approvers see only what their role lets them see
    assert "No approvers configured" in admin.get("/agreements/approvers/").content.decode()
    added = admin.post("/agreements/approvers/", {"kind": "erasmus_iia", "user": dean.pk})
    assert added.status_code == 302
    row = AgreementApprover.objects.get()
    assert (row.kind, row.user) == ("erasmus_iia", dean)
    again = admin.post("/agreements/approvers/", {"kind": "erasmus_iia", "user": dean.pk})
    assert again.status_code == 409 and "already approves" in again.content.decode()
    student = admin.post("/agreements/approvers/", {"kind": "research", "user": world.users["student"].pk})
    assert student.status_code == 422  # students are not in the choices at all
    # The officers no longer approve Erasmus+ agreements; the dean does.
    _set(world.agreement, S.IN_REVIEW)
    officer_queue = world.client_for("officer").get("/agreements/approvals/").content.decode()
    assert "Nothing waits for your approval" in officer_queue
    dean_client = world.client_for("anonymous")
    dean_client.force_login(dean)
    dean_queue = dean_client.get("/agreements/approvals/").content.decode()
    assert world.agreement.title in dean_queue and "Nothing waits" not in dean_queue
    assert admin.post(f"/agreements/approvers/{row.pk}/delete/").status_code == 302
    assert not AgreementApprover.objects.exists()
    assert AuditEvent.objects.filter(action__startswith="agreement_approver.").count() == 2


def test_approvers_api(world):
    from accord_testing.factories import send_api as send

    created = send(
        world,
        "admin",
        "post",
        "/api/v1/agreement-approvers",
        {"kind": "research", "user_id": world.users["officer"].pk},
    )
    assert created.status_code == 201 and created.json()["username"] == "officer"
    listed = send(world, "admin", "get", "/api/v1/agreement-approvers")
    assert [a["kind"] for a in listed.json()] == ["research"]
    bad = send(
        world,
        "admin",
        "post",
        "/api/v1/agreement-approvers",
        {"kind": "research", "user_id": world.users["student"].pk},
    )
    assert (bad.status_code, bad.json()["code"]) == (422, "invalid_approver")
    assert (
        send(world, "admin", "delete", f"/api/v1/agreement-approvers/{created.json()['id']}").status_code
        == 204
    )


def test_transitions_api_lists_what_is_possible(world):
    from accord_testing.factories import send_api as send

    other = make_agreement(home=world.home, partner=world.partner, owner_unit=world.faculty_a, status=S.DRAFT)
    listed = send(world, "coordinator", "get", f"/api/v1/agreements/{other.pk}/transitions")
    assert listed.json() == [
        {
            "action": "propose",
            "label": "Send for internal review",
            "possible_now": True,
            "problem": "",
            "needs": "",
        }
    ]


def test_renewal_deadline_and_notice_period_are_edited_with_the_agreement(world):
    from accord_testing.factories import send_api as send

    url = f"/api/v1/agreements/{world.agreement.pk}"
    late = send(world, "officer", "patch", url, {"renewal_deadline": "2040-01-01"})
    assert (late.status_code, late.json()["code"]) == (422, "deadline_after_end")
    saved = send(
        world, "coordinator", "patch", url, {"renewal_deadline": "2028-12-31", "notice_period_days": 90}
    )
    assert saved.status_code == 200, saved.content
    assert (saved.json()["renewal_deadline"], saved.json()["notice_period_days"]) == ("2028-12-31", 90)
    edit = world.client_for("officer").get(f"/agreements/{world.agreement.pk}/edit/").content.decode()
    assert (
        'name="renewal_deadline" value="2028-12-31"' in edit
        and 'name="notice_period_days" value="90"' in edit
    )
