"""The learning agreement rules: drafting, three-party signing, changes and their effect on signatures."""

from decimal import Decimal

import pytest
from django.core import mail

from accord.common.errors import DomainError
from accord.common.models import AuditEvent
from accord.learning import services
from accord.learning.models import ComponentStatus, LearningAgreement, LearningAgreementStatus, ProposalStatus
from accord.learning.selectors import components_in_force, open_proposal, proposal_result
from accord.learning.tests.factories import (
    DETAILS,
    approve_first_version,
    component,
    make_learning_agreement,
    sign_as,
)
from accord.mobility.models import Direction
from accord_testing.factories import make_mobility


def test_a_first_version_is_open_from_the_start(world):
    la = services.learning_agreement_create(
        mobility=world.mobility, actor=world.users["student"], data=DETAILS
    )
    proposal = open_proposal(la)
    assert proposal is not None and proposal.number == 1 and proposal.kind == "first_version"
    assert la.status == LearningAgreementStatus.DRAFT
    assert AuditEvent.objects.filter(action="learning_agreement.created").count() == 1


def test_one_learning_agreement_per_mobility(world):
    make_learning_agreement(world.mobility, world.users["coordinator"], filled=False)
    with pytest.raises(DomainError) as err:
        services.learning_agreement_create(mobility=world.mobility, actor=world.users["coordinator"])
    assert err.value.code == "duplicate"


def test_only_parties_start_an_agreement(world):
    with pytest.raises(DomainError) as err:
        services.learning_agreement_create(mobility=world.mobility, actor=world.users["partner_contact"])
    assert err.value.code == "permission_denied"


def test_three_parties_sign_and_the_first_version_is_approved(world):
    la = make_learning_agreement(world.mobility, world.users["student"])
    sign_as(la, world.users["student"], "student")
    sign_as(la, world.users["coordinator"], "sending")
    mail.outbox.clear()
    sign_as(la, world.users["partner_contact"], "receiving")
    la.refresh_from_db()
    assert la.status == LearningAgreementStatus.APPROVED
    assert la.first_approved_at is not None
    assert la.proposals.get().status == ProposalStatus.APPROVED
    assert [c.title for c in components_in_force(la)] == [
        "Algorithms",
        "Databases",
        "Computer science abroad",
    ]
    assert any("approved" in m.subject for m in mail.outbox)


def test_each_party_signs_only_for_itself(world):
    la = make_learning_agreement(world.mobility, world.users["student"])
    with pytest.raises(DomainError) as err:
        sign_as(la, world.users["student"], "sending")
    assert err.value.code == "permission_denied"
    with pytest.raises(DomainError):
        sign_as(la, world.users["partner_contact"], "student")
    with pytest.raises(DomainError):
        sign_as(la, world.users["auditor"], "sending")


def test_the_receiving_institution_signs_last(world):
    la = make_learning_agreement(world.mobility, world.users["student"])
    sign_as(la, world.users["student"], "student")
    with pytest.raises(DomainError) as err:
        sign_as(la, world.users["partner_contact"], "receiving")
    assert err.value.code == "invalid_state"


def test_for_an_incoming_student_our_coordinator_signs_as_receiving(world):
    incoming = make_mobility(agreement=world.agreement, direction=Direction.INCOMING)
    la = make_learning_agreement(incoming, world.users["coordinator"])
    with pytest.raises(DomainError):
        sign_as(la, world.users["coordinator"], "sending")
    sign_as(la, world.users["partner_contact"], "sending")
    assert open_proposal(la).signed_roles() == {"sending"}


def test_editing_a_signed_proposal_removes_its_signatures(world):
    la = make_learning_agreement(world.mobility, world.users["student"])
    sign_as(la, world.users["student"], "student")
    sign_as(la, world.users["coordinator"], "sending")
    proposal = open_proposal(la)
    revision = proposal.revision
    services.component_add(
        la=la,
        data=component("C", "Online ethics", "0", short_description="MOOC"),
        actor=world.users["student"],
    )
    proposal.refresh_from_db()
    assert proposal.signed_roles() == set()
    assert proposal.revision == revision + 1
    assert AuditEvent.objects.filter(action="learning_agreement.signatures_cleared").exists()


def test_a_signature_of_an_older_revision_is_refused(world):
    la = make_learning_agreement(world.mobility, world.users["student"])
    stale = open_proposal(la).revision - 1
    with pytest.raises(DomainError) as err:
        sign_as(la, world.users["student"], "student", revision=stale)
    assert err.value.code == "edit_conflict"


def test_credits_outside_the_bounds_block_signing(world, settings):
    settings.ACCORD_LA_MIN_ECTS_PER_SEMESTER = 35
    la = make_learning_agreement(world.mobility, world.users["student"])
    with pytest.raises(DomainError) as err:
        sign_as(la, world.users["student"], "student")
    assert err.value.code == "rules_not_met"
    assert "at least 35" in err.value.message


def test_trimesters_get_two_thirds_of_the_semester_bounds(world):
    la = make_learning_agreement(world.mobility, world.users["student"], filled=False)
    student = world.users["student"]
    services.component_add(la=la, data=component("A", "Short", "13", term=(1, 3)), actor=student)
    services.component_add(la=la, data=component("B", "Home", "13", term=(1, 3)), actor=student)
    with pytest.raises(DomainError) as err:
        sign_as(la, student, "student")
    assert "13 ECTS in term 1 of 3: at least 13.3 are required." in err.value.message
    services.component_add(la=la, data=component("A", "More", "1", term=(1, 3)), actor=student)
    services.component_add(la=la, data=component("B", "More home", "1", term=(1, 3)), actor=student)
    sign_as(la, student, "student")


def test_component_rules_are_reported_on_their_field(world):
    la = make_learning_agreement(world.mobility, world.users["student"], filled=False)
    student = world.users["student"]
    cases = [
        (services.ComponentInput(table="A", title=" "), "title"),
        (
            services.ComponentInput(table="A", title="X", ects=Decimal(-1), term_number=1, total_terms=2),
            "ects",
        ),
        (services.ComponentInput(table="A", title="X", term_number=3, total_terms=2), "term_number"),
        (services.ComponentInput(table="B", title="X"), "term_number"),
        (services.ComponentInput(table="C", title="X"), "short_description"),
        (
            services.ComponentInput(
                table="A", title="X", term_number=1, total_terms=2, recognition_conditions="y"
            ),
            "recognition_conditions",
        ),
        (services.ComponentInput(table="Z", title="X"), "table"),
    ]
    for data, field in cases:
        with pytest.raises(DomainError) as err:
            services.component_add(la=la, data=data, actor=student)
        assert err.value.field == field, data


def _approved(world):
    la = make_learning_agreement(world.mobility, world.users["student"])
    approve_first_version(la, world)
    return la


def test_a_change_proposal_needs_new_signatures_and_keeps_the_approved_version(world):
    la = _approved(world)
    student = world.users["student"]
    proposal = services.proposal_start_changes(la=la, actor=student)
    algorithms = next(c for c in components_in_force(la) if c.title == "Algorithms")
    services.component_propose_deletion(
        la=la, target=algorithms, reason_code="timetable-conflict", actor=student
    )
    services.component_add(
        la=la, data=component("A", "Compilers", "15", reason_code="substituting-deleted"), actor=student
    )
    la.refresh_from_db()
    assert la.status == LearningAgreementStatus.CHANGES_PROPOSED
    # Until approved, the first version stays in force and the proposal shows its result.
    assert "Algorithms" in [c.title for c in components_in_force(la)]
    assert [c.title for c in proposal_result(proposal)] == [
        "Databases",
        "Compilers",
        "Computer science abroad",
    ]
    assert proposal.signed_roles() == set()
    sign_as(la, student, "student")
    sign_as(la, world.users["coordinator"], "sending")
    sign_as(la, world.users["partner_contact"], "receiving")
    la.refresh_from_db()
    assert la.status == LearningAgreementStatus.APPROVED
    assert [c.title for c in components_in_force(la)] == ["Databases", "Compilers", "Computer science abroad"]


def test_reason_codes_must_fit_the_change(world):
    la = _approved(world)
    student = world.users["student"]
    services.proposal_start_changes(la=la, actor=student)
    target = components_in_force(la)[0]
    with pytest.raises(DomainError) as err:
        services.component_propose_deletion(
            la=la, target=target, reason_code="extending-mobility", actor=student
        )
    assert err.value.code == "invalid_reason"
    with pytest.raises(DomainError) as err:
        services.component_add(la=la, data=component("A", "New", "5"), actor=student)
    assert err.value.code == "reason_required"


def test_an_empty_change_proposal_cannot_be_signed(world):
    la = _approved(world)
    services.proposal_start_changes(la=la, actor=world.users["student"])
    with pytest.raises(DomainError) as err:
        sign_as(la, world.users["student"], "student")
    assert "changes nothing" in err.value.message


def test_withdrawing_changes_returns_to_the_approved_version(world):
    la = _approved(world)
    proposal = services.proposal_start_changes(la=la, actor=world.users["coordinator"])
    services.proposal_withdraw(proposal=proposal, actor=world.users["coordinator"])
    la.refresh_from_db()
    assert la.status == LearningAgreementStatus.APPROVED
    assert open_proposal(la) is None


def test_approved_rows_are_not_removed_but_deleted(world):
    la = _approved(world)
    services.proposal_start_changes(la=la, actor=world.users["student"])
    with pytest.raises(DomainError) as err:
        services.component_remove(component=components_in_force(la)[0], actor=world.users["student"])
    assert err.value.code == "invalid_state"


def test_returning_a_proposal_clears_signatures_and_records_the_comment(world):
    la = make_learning_agreement(world.mobility, world.users["student"])
    sign_as(la, world.users["student"], "student")
    sign_as(la, world.users["coordinator"], "sending")
    proposal = open_proposal(la)
    note = services.proposal_return(
        proposal=proposal, comment="Databases is taught in Polish only.", actor=world.users["partner_contact"]
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN and proposal.signed_roles() == set()
    assert note.proposal == proposal and "Polish" in note.body


def test_the_student_cannot_return_a_proposal(world):
    la = make_learning_agreement(world.mobility, world.users["student"])
    with pytest.raises(DomainError) as err:
        services.proposal_return(proposal=open_proposal(la), comment="no", actor=world.users["student"])
    assert err.value.code == "permission_denied"


def test_comments_by_parties_only(world):
    la = make_learning_agreement(world.mobility, world.users["student"], filled=False)
    services.comment_add(la=la, body="Is Databases in English?", actor=world.users["student"])
    with pytest.raises(DomainError):
        services.comment_add(la=la, body="x", actor=world.users["auditor"])
    with pytest.raises(DomainError) as err:
        services.comment_add(la=la, body="  ", actor=world.users["student"])
    assert err.value.field == "body"


def test_stale_versions_are_refused(world):
    la = make_learning_agreement(world.mobility, world.users["student"], filled=False)
    with pytest.raises(DomainError) as err:
        services.component_add(
            la=la,
            data=component("A", "X", "5"),
            actor=world.users["student"],
            expected_version=la.version - 1,
        )
    assert err.value.code == "edit_conflict"


def test_details_are_validated(world):
    la = make_learning_agreement(world.mobility, world.users["student"], filled=False)
    with pytest.raises(DomainError) as err:
        services.learning_agreement_update(
            la=la, data=services.DetailsInput(cefr_level="D7"), actor=world.users["student"]
        )
    assert err.value.field == "cefr_level"
    with pytest.raises(DomainError) as err:
        services.learning_agreement_update(
            la=la, data=services.DetailsInput(language="xx-notalang-zz"), actor=world.users["student"]
        )
    assert err.value.field == "language"


def test_deletions_carry_the_target_row(world):
    la = _approved(world)
    services.proposal_start_changes(la=la, actor=world.users["student"])
    target = components_in_force(la)[0]
    deletion = services.component_propose_deletion(
        la=la, target=target, reason_code="not-available", actor=world.users["student"]
    )
    assert deletion.status == ComponentStatus.DELETED and deletion.deletes == target
    with pytest.raises(DomainError) as err:
        services.component_propose_deletion(
            la=la, target=target, reason_code="not-available", actor=world.users["student"]
        )
    assert err.value.code == "duplicate"


def test_a_mobility_with_approved_changes_can_be_deleted(world):
    la = _approved(world)
    student = world.users["student"]
    services.proposal_start_changes(la=la, actor=student)
    services.component_propose_deletion(
        la=la, target=components_in_force(la)[0], reason_code="not-available", actor=student
    )
    world.mobility.delete()
    assert not LearningAgreement.objects.exists()
