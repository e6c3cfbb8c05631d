"""Revisions: one per change of partners or conditions, and diffs field by field."""

import datetime as dt
from decimal import Decimal

import pytest

from accord.agreements.lifecycle.services import agreement_transition
from accord.agreements.models import AgreementRevision, AgreementStatus
from accord.agreements.revisions import revision_capture, snapshot_diff
from accord.agreements.services import (
    ConditionInput,
    SubjectAreaInput,
    agreement_create,
    agreement_input_from,
    agreement_update,
)
from accord_testing.factories import InstitutionFactory
from accord_testing.factories import send_api as send

pytestmark = pytest.mark.django_db


def _edit(world, agreement, change, *, actor="officer"):
    data = agreement_input_from(agreement)
    change(data)
    return agreement_update(agreement=agreement, data=data, actor=world.users[actor])


def _more_places(data, places=5):
    data.conditions[0].places_per_year = places


def test_create_and_each_change_of_conditions_or_partners_makes_a_revision(world):
    data = agreement_input_from(world.agreement)
    data.title, data.reference_code = "Fresh", ""
    agreement = agreement_create(data=data, actor=world.users["officer"])
    assert list(agreement.revisions.values_list("number", "summary")) == [(1, "Created")]
    _edit(world, agreement, _more_places)
    _edit(world, agreement, lambda d: setattr(d, "notes", "only notes"))  # not partners or conditions
    _edit(world, agreement, lambda d: setattr(d.partners[1], "partner_agreement_id", "THEIRS-1"))
    revisions = list(agreement.revisions.order_by("number"))
    assert [r.number for r in revisions] == [1, 2, 3]
    assert revisions[1].summary == "Edited conditions" and revisions[1].created_by == world.users["officer"]
    assert revisions[2].snapshot["partners"][1]["partner_agreement_id"] == "THEIRS-1"


def test_first_edit_of_an_old_agreement_records_a_baseline(world):
    # Agreements made before revisions existed (the factory writes no revision) get one at their next edit.
    _edit(world, world.agreement, _more_places)
    assert world.agreement.revisions.count() == 1
    assert revision_capture(agreement=world.agreement, actor=None) is None  # nothing changed since


def test_diff_names_changed_fields_and_added_or_removed_conditions(world):
    agreement = world.agreement
    revision_capture(agreement=agreement, actor=world.users["officer"])

    def change(data):
        data.conditions[0].places_per_year = 7
        data.conditions[0].total_months_per_year = Decimal("35")
        data.conditions[0].subject_areas = [SubjectAreaInput("0613", "Software")]
        del data.conditions[1]
        data.conditions.append(
            ConditionInput(
                mobility_type="staff_teaching",
                sending_institution_id=world.partner.pk,
                receiving_institution_id=world.home.pk,
                first_year=2026,
                last_year=2026,
                places_per_year=1,
                total_days_per_year=5,
            )
        )

    _edit(world, agreement, change)
    first, second = agreement.revisions.order_by("number")
    diff = snapshot_diff(first.snapshot, second.snapshot)
    kinds = sorted((c.change, c.item["mobility"]) for c in diff.conditions)
    assert kinds == [
        ("added", "Staff mobility for teaching"),
        ("changed", "Student mobility for studies"),
        ("removed", "Student mobility for studies"),
    ]
    changed = next(c for c in diff.conditions if c.change == "changed")
    assert {(f.name, f.before_text, f.after_text) for f in changed.fields} == {
        ("places_per_year", "2", "7"),
        ("total_months_per_year", "10.00", "35.00"),
        ("subject_areas", "—", "0613 (Software)"),
    }
    assert diff.partners == [] and diff.fields == []
    assert snapshot_diff(second.snapshot, second.snapshot).is_empty


def test_diff_of_partners(world):
    extra = InstitutionFactory(name="Third University")
    first = revision_capture(agreement=world.agreement, actor=None)
    world.agreement.kind = "framework_mou"  # more than two partners
    world.agreement.save()

    def change(data):
        from accord.agreements.services import PartnerInput

        data.partners.append(PartnerInput(institution_id=extra.pk))
        data.partners[1].signing_date = dt.date(2026, 5, 4)

    _edit(world, world.agreement, change)
    second = world.agreement.revisions.order_by("-number").first()
    diff = snapshot_diff(first.snapshot, second.snapshot)
    assert [(c.change, c.label) for c in diff.partners] == [
        ("changed", "Partner University"),
        ("added", "Third University"),
    ]
    assert [(f.label, f.before_text, f.after_text) for f in diff.partners[0].fields] == [
        ("Signed on", "—", "2026-05-04")
    ]


def test_moved_conditions_are_not_changes(world):
    first = revision_capture(agreement=world.agreement, actor=None)
    _edit(world, world.agreement, lambda d: d.conditions.reverse())
    second = world.agreement.revisions.order_by("-number").first()
    assert snapshot_diff(first.snapshot, second.snapshot).conditions == []


def _approved_then_changed(world):
    agreement = world.agreement
    agreement.status = AgreementStatus.NEGOTIATION
    agreement.save()
    agreement_transition(agreement=agreement, action="partner_approve", actor=world.users["officer"])
    _edit(world, agreement, _more_places)
    agreement.refresh_from_db()
    return agreement


def test_changes_since_partner_approval_page_and_api(world):
    agreement = _approved_then_changed(world)
    page = world.client_for("partner_contact").get(
        f"/agreements/{agreement.pk}/changes-since-partner-approval/"
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Places per year" in html and "<del>2</del>" in html and "<ins>5</ins>" in html
    body = send(
        world, "partner_contact", "get", f"/api/v1/agreements/{agreement.pk}/changes-since-partner-approval"
    )
    assert body.status_code == 200
    assert (body.json()["base"], body.json()["head"]) == (1, 2)
    assert body.json()["conditions"][0]["fields"][0]["name"] == "places_per_year"


def test_changes_since_partner_approval_before_any_approval(world):
    page = world.client_for("officer").get(
        f"/agreements/{world.agreement.pk}/changes-since-partner-approval/"
    )
    assert page.status_code == 200 and "has not approved" in page.content.decode()
    response = send(
        world, "officer", "get", f"/api/v1/agreements/{world.agreement.pk}/changes-since-partner-approval"
    )
    assert (response.status_code, response.json()["code"]) == (422, "not_partner_approved")


def test_revision_pages(world):
    agreement = _approved_then_changed(world)
    client = world.client_for("coordinator")
    listing = client.get(f"/agreements/{agreement.pk}/revisions/")
    assert listing.status_code == 200 and "approved by partner" in listing.content.decode()
    diff = client.get(f"/agreements/{agreement.pk}/revisions/compare/?base=1&head=2")
    assert diff.status_code == 200 and "<ins>5</ins>" in diff.content.decode()
    assert client.get(f"/agreements/{agreement.pk}/revisions/compare/?base=1&head=9").status_code == 422
    # Revisions show internal drafts: the partner's contact sees only the changes since their approval.
    partner = world.client_for("partner_contact")
    assert partner.get(f"/agreements/{agreement.pk}/revisions/").status_code == 404


def test_revision_api(world):
    agreement = _approved_then_changed(world)
    listing = send(world, "auditor", "get", f"/api/v1/agreements/{agreement.pk}/revisions")
    assert [r["number"] for r in listing.json()["items"]] == [2, 1]
    one = send(world, "auditor", "get", f"/api/v1/agreements/{agreement.pk}/revisions/1")
    assert one.json()["snapshot"]["conditions"][0]["places_per_year"] == 2
    assert send(world, "auditor", "get", f"/api/v1/agreements/{agreement.pk}/revisions/9").status_code == 404
    diff = send(world, "auditor", "get", f"/api/v1/agreements/{agreement.pk}/diff?base=1")
    assert diff.json()["head"] == 2 and diff.json()["conditions"][0]["change"] == "changed"
    bad = send(world, "auditor", "get", f"/api/v1/agreements/{agreement.pk}/diff?base=7")
    assert (bad.status_code, bad.json()["code"]) == (422, "unknown_revision")
    hidden = send(world, "partner_contact", "get", f"/api/v1/agreements/{agreement.pk}/revisions")
    assert hidden.status_code == 404


def test_revision_numbers_are_per_agreement(world):
    revision_capture(agreement=world.agreement, actor=None)
    revision_capture(agreement=world.other_agreement, actor=None)
    assert set(AgreementRevision.objects.values_list("agreement_id", "number")) == {
        (world.agreement.pk, 1),
        (world.other_agreement.pk, 1),
    }


def test_exchange_revisions_carry_the_iia_conditions_hash(world):
    from accord.agreements.ewp.adapters import iia_from_agreement
    from accord.engines.ewp import compute_iia_hash

    _edit(world, world.agreement, _more_places)
    revision = world.agreement.revisions.get()
    assert len(revision.conditions_hash) == 64
    assert revision.conditions_hash == compute_iia_hash(iia_from_agreement(world.agreement))
    # A change of the conditions changes the hash; a research agreement has none.
    _edit(world, world.agreement, lambda d: _more_places(d, 6))
    assert world.agreement.revisions.get(number=2).conditions_hash not in ("", revision.conditions_hash)
    data = agreement_input_from(world.agreement)
    data.kind, data.title, data.reference_code = "research", "Research", ""
    research = agreement_create(data=data, actor=world.users["officer"])
    assert research.revisions.get().conditions_hash == ""
