"""EWP IIA documents through the services: export, import of partners' copies, matching, linking."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from accord.agreements.ewp import services as ewp_services
from accord.agreements.ewp.adapters import export_problems, iia_from_agreement, our_iia_id
from accord.agreements.models import AgreementPartner, ConditionSubjectArea, PartnerIiaCopy
from accord.common.errors import DomainError
from accord.common.models import AuditEvent
from accord.engines.ewp import (
    Iia,
    MobilityKind,
    compute_iia_hash,
    iia_from_json,
    parse_iia_get_response,
)
from accord_testing.world import World

from .ewp_support import loaded, make_exportable, partner_document, partner_iia


@pytest.fixture
def officer(world: World) -> object:
    return world.users["officer"]


def test_agreement_maps_to_an_iia_with_our_hei_first(world: World) -> None:
    make_exportable(world.agreement)
    ConditionSubjectArea.objects.create(condition=world.agreement.conditions.first(), isced_id="061")
    iia = iia_from_agreement(loaded(world.agreement))
    home, partner = iia.partners
    assert (home.hei_id, partner.hei_id) == ("accord.example.edu", "partner.example.org")
    assert home.iia_id == str(world.agreement.uuid) == our_iia_id(world.agreement)
    assert home.iia_code == world.agreement.reference_code and partner.iia_id is None
    assert home.ounit_id == "SCI" and iia.in_effect
    studies = iia.conditions[0]
    assert studies.kind is MobilityKind.STUDENT_STUDIES
    assert (studies.receiving_first_academic_year_id, studies.receiving_last_academic_year_id) == (
        "2025/2026",
        "2028/2029",
    )
    assert studies.mobilities_per_year == 2 and studies.eqf_levels == (6, 7)
    assert studies.total_months_per_year == Decimal(10) and str(studies.total_months_per_year) == "1E+1"
    assert [a.isced_f_code for a in studies.subject_areas] == ["0610"]  # narrow code as "not further defined"


def test_export_is_a_valid_v7_document_whose_hash_the_page_shows(world: World) -> None:
    make_exportable(world.agreement)
    document = ewp_services.agreement_iia_document(agreement=loaded(world.agreement))
    (parsed,) = parse_iia_get_response(document)
    assert (
        parsed.iia_hash
        == parsed.computed_iia_hash
        == ewp_services.agreement_iia_hash(loaded(world.agreement))
    )
    assert b"<total-months-per-year>10</total-months-per-year>" in document


def test_what_v7_refuses_is_explained_before_rendering(world: World) -> None:
    condition = world.agreement.conditions.first()
    condition.places_per_year = 0
    condition.save()
    problems = export_problems(loaded(world.agreement))
    assert any("places per year must be at least 1" in p for p in problems)
    assert any("recommended language skill" in p for p in problems)
    with pytest.raises(DomainError) as caught:
        ewp_services.agreement_iia_document(agreement=loaded(world.agreement))
    assert caught.value.code == "not_exportable" and caught.value.extra["problems"] == problems
    assert ewp_services.agreement_iia_hash(loaded(world.agreement)) is None


def test_non_exchange_agreements_are_not_iias(world: World) -> None:
    world.agreement.kind = "research"
    world.agreement.save()
    assert export_problems(loaded(world.agreement)) == [
        "It cannot be an IIA: only exchange agreements are IIAs."
    ]


def test_export_import_export_keeps_conditions_and_hash(world: World, officer: object) -> None:
    make_exportable(world.agreement)
    before = ewp_services.agreement_iia_hash(loaded(world.agreement))
    ours = iia_from_agreement(loaded(world.agreement))
    (result,) = ewp_services.partner_copies_import(content=partner_document(world.agreement), actor=officer)
    copy = result.copy
    assert (result.outcome, result.matched_by, copy.agreement_id) == (
        "created",
        "our_iia_id",
        world.agreement.pk,
    )
    assert iia_from_json(copy.snapshot["iia"]).conditions == ours.conditions
    comparison = ewp_services.compare_with_agreement(copy)
    assert comparison is not None and comparison.difference_count == 2  # their iia-id and code, not recorded
    # Mapping their id makes the copies identical; our hash changes once, because it covers both ids.
    ewp_services.partner_copy_record_ids(copy=copy, actor=officer)
    copy.refresh_from_db()
    comparison = ewp_services.compare_with_agreement(copy)
    assert comparison is not None and comparison.hashes_match and comparison.difference_count == 0
    assert ewp_services.check_state(copy) == "match"
    after = ewp_services.agreement_iia_hash(loaded(world.agreement))
    assert after != before
    again = ewp_services.agreement_iia_document(agreement=loaded(world.agreement))
    (reparsed,) = parse_iia_get_response(again)
    assert reparsed.conditions == ours.conditions and reparsed.computed_iia_hash == after
    assert reparsed.partners[1].iia_id == "PARTNER-IIA-1"


def test_import_again_updates_the_same_copy(world: World, officer: object) -> None:
    make_exportable(world.agreement)
    ewp_services.partner_copies_import(content=partner_document(world.agreement), actor=officer)
    (same,) = ewp_services.partner_copies_import(content=partner_document(world.agreement), actor=officer)
    assert same.outcome == "unchanged"

    def fewer_places(iia: Iia) -> Iia:
        first = dataclasses.replace(iia.conditions[0], mobilities_per_year=1)
        return dataclasses.replace(iia, conditions=(first, *iia.conditions[1:]))

    (changed,) = ewp_services.partner_copies_import(
        content=partner_document(world.agreement, change=fewer_places), actor=officer
    )
    assert changed.outcome == "updated" and PartnerIiaCopy.objects.count() == 1
    comparison = ewp_services.compare_with_agreement(changed.copy)
    assert comparison is not None and not comparison.hashes_match
    places = [
        r for s in comparison.conditions for r in s.rows if r.label == "Mobilities per year" and r.differs
    ]
    assert [(r.ours, r.theirs) for r in places] == [("2", "1")]
    assert ewp_services.check_state(changed.copy) == "differ"
    actions = list(
        AuditEvent.objects.filter(target_type="agreements.partneriiacopy").values_list("action", flat=True)
    )
    assert sorted(actions) == [
        "partner_iia_copy.created",
        "partner_iia_copy.updated",
        "partner_iia_copy.updated",
    ]


def test_copy_is_matched_by_their_id_when_they_do_not_quote_ours(world: World, officer: object) -> None:
    make_exportable(world.agreement)
    AgreementPartner.objects.filter(agreement=world.agreement, institution=world.partner).update(
        partner_agreement_id="THEIRS-7"
    )
    (result,) = ewp_services.partner_copies_import(
        content=partner_document(world.agreement, partner_iia_id="THEIRS-7", quote_ours=False), actor=officer
    )
    assert (result.matched_by, result.copy.agreement_id) == ("their_iia_id", world.agreement.pk)


def test_unknown_quoted_id_leaves_the_copy_unlinked_with_a_note(world: World, officer: object) -> None:
    make_exportable(world.agreement)

    def wrong_id(iia: Iia) -> Iia:
        return dataclasses.replace(
            iia, partners=(iia.partners[0], dataclasses.replace(iia.partners[1], iia_id="nope"))
        )

    (result,) = ewp_services.partner_copies_import(
        content=partner_document(world.agreement, change=wrong_id), actor=officer
    )
    assert result.copy.agreement_id is None and "none of our agreements" in result.note
    assert ewp_services.check_state(result.copy) == "unchecked"
    ewp_services.partner_copy_link(copy=result.copy, agreement=world.agreement, actor=officer)
    assert result.copy.agreement_id == world.agreement.pk
    with pytest.raises(DomainError) as caught:
        ewp_services.partner_copy_link(copy=result.copy, agreement=world.other_agreement, actor=officer)
    assert caught.value.code == "not_a_partner"
    ewp_services.partner_copy_unlink(copy=result.copy, actor=officer)
    assert PartnerIiaCopy.objects.get().agreement_id is None


def test_recheck_compares_again_after_our_agreement_changed(world: World, officer: object) -> None:
    make_exportable(world.agreement)
    ewp_services.partner_copies_import(content=partner_document(world.agreement), actor=officer)
    world.agreement.version += 1
    world.agreement.save()
    copy = PartnerIiaCopy.objects.select_related("agreement").get()
    assert ewp_services.check_state(copy) == "unchecked"
    assert ewp_services.partner_copies_recheck(actor=officer, copies=[copy]) == 1
    assert ewp_services.check_state(copy) == "differ"  # their iia-id is still not recorded on ours


@pytest.mark.parametrize("persona", ["coordinator", "auditor", "partner_contact"])
def test_only_the_office_imports(world: World, persona: str) -> None:
    make_exportable(world.agreement)
    with pytest.raises(DomainError) as caught:
        ewp_services.partner_copies_import(
            content=partner_document(world.agreement), actor=world.users[persona]
        )
    assert caught.value.code == "permission_denied" and not PartnerIiaCopy.objects.exists()


def test_the_mirror_hash_is_what_the_partner_states(world: World) -> None:
    make_exportable(world.agreement)
    theirs = partner_iia(world.agreement)
    assert compute_iia_hash(theirs) != ewp_services.agreement_iia_hash(loaded(world.agreement))


def test_demo_copies_are_stored_like_imports_without_audit_events(world: World) -> None:
    from accord.demo.ewp import build_partner_copies

    make_exportable(world.agreement)
    events = AuditEvent.objects.count()
    assert build_partner_copies(partner_id=world.partner.pk) == 1
    copy = PartnerIiaCopy.objects.select_related("agreement").get()
    assert copy.agreement_id == world.agreement.pk and ewp_services.check_state(copy) == "match"
    assert AuditEvent.objects.count() == events
