"""Revisions of an agreement's partners and conditions, and what changed between two of them.

A revision is a snapshot in plain data, with names beside ids, so that an old revision still reads right after
an institution is renamed or a unit deleted. Conditions have no identity of their own (an edit rewrites them),
so a diff pairs them by direction and mobility type, and compares the pairs field by field.
"""

import logging
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max

from accord.accounts.models import User
from accord.agreements.models import Agreement, AgreementRevision, CooperationCondition
from accord.common import audit
from accord.engines.identifiers import format_academic_year

log = logging.getLogger(__name__)

FIELD_LABELS = {
    "kind": "Kind",
    "title": "Title",
    "reference_code": "Reference",
    "valid_from": "Valid from",
    "valid_to": "Valid to",
    "owner_unit": "Owning unit",
}
PARTNER_LABELS = {
    "institution": "Institution",
    "unit": "Unit",
    "partner_agreement_id": "Their agreement id",
    "partner_agreement_code": "Their agreement code",
    "signing_contact": "Signed by",
    "signing_date": "Signed on",
}
CONDITION_LABELS = {
    "mobility": "Mobility type",
    "sending": "Sending institution",
    "sending_unit": "Sending unit",
    "receiving": "Receiving institution",
    "receiving_unit": "Receiving unit",
    "first_year": "First academic year",
    "last_year": "Last academic year",
    "places_per_year": "Places per year",
    "total_months_per_year": "Months per year",
    "total_days_per_year": "Days per year",
    "blended": "Blended",
    "eqf_levels": "EQF levels",
    "subject_areas": "Subject areas",
    "languages": "Languages",
    "other_terms": "Other terms",
}


def _name(obj: Any) -> str:
    return str(obj) if obj is not None else ""


def _condition(c: CooperationCondition) -> dict[str, Any]:
    return {
        "mobility_type": c.mobility_type,
        "mobility": c.get_mobility_type_display(),
        "sending_institution_id": c.sending_institution_id,
        "sending": c.sending_institution.name,
        "sending_unit": _name(c.sending_unit),
        "receiving_institution_id": c.receiving_institution_id,
        "receiving": c.receiving_institution.name,
        "receiving_unit": _name(c.receiving_unit),
        "first_year": format_academic_year(c.first_year_id),
        "last_year": format_academic_year(c.last_year_id),
        "places_per_year": c.places_per_year,
        "total_months_per_year": audit.snapshot(c, ["total_months_per_year"])["total_months_per_year"],
        "total_days_per_year": c.total_days_per_year,
        "blended": c.blended,
        "eqf_levels": list(c.eqf_levels),
        "subject_areas": [
            f"{a.isced_id}{f' ({a.clarification})' if a.clarification else ''}" for a in c.subject_areas.all()
        ],
        "languages": [
            f"{lang.language} {lang.cefr_level}{f' for {lang.isced_id}' if lang.isced_id else ''}"
            for lang in c.languages.all()
        ],
        "other_terms": c.other_terms,
    }


def revision_snapshot(agreement: Agreement) -> dict[str, Any]:
    """The agreement's fields, partners and conditions as JSON-ready data with names beside ids."""
    partners = agreement.partners.select_related("institution", "unit", "signing_contact")
    conditions = agreement.conditions.select_related(
        "sending_institution", "receiving_institution", "sending_unit", "receiving_unit"
    ).prefetch_related("subject_areas", "languages")
    return {
        "fields": {
            "kind": agreement.get_kind_display(),
            "title": agreement.title,
            "reference_code": agreement.reference_code,
            "valid_from": agreement.valid_from.isoformat() if agreement.valid_from else None,
            "valid_to": agreement.valid_to.isoformat() if agreement.valid_to else None,
            "owner_unit": _name(agreement.owner_unit),
        },
        "partners": [
            {
                "institution_id": p.institution_id,
                "institution": p.institution.name,
                "unit": _name(p.unit),
                "partner_agreement_id": p.partner_agreement_id,
                "partner_agreement_code": p.partner_agreement_code,
                "signing_contact": _name(p.signing_contact),
                "signing_date": p.signing_date.isoformat() if p.signing_date else None,
            }
            for p in partners
        ],
        "conditions": [_condition(c) for c in conditions],
    }


def _conditions_hash(agreement: Agreement) -> str:
    """The IIA v7 hash of the conditions of an exchange agreement; empty when it cannot be made."""
    if not agreement.is_exchange:
        return ""
    try:
        from accord.agreements.ewp.adapters import iia_from_agreement
        from accord.engines.ewp import compute_iia_hash
    except ImportError:  # the EWP adapter is optional for revisions: without it the hash stays empty
        return ""
    try:
        return compute_iia_hash(iia_from_agreement(agreement))
    except ValueError as error:  # data EWP cannot express yet (e.g. no places): no hash, no failure
        log.info("no IIA hash for agreement %s: %s", agreement.pk, error)
        return ""


def latest_revision(agreement: Agreement) -> AgreementRevision | None:
    return agreement.revisions.order_by("-number").first()


def revision_capture(
    *, agreement: Agreement, actor: User | None, summary: str = ""
) -> AgreementRevision | None:
    """A new revision if the partners or conditions differ from the latest one; None if nothing changed.

    Called inside the writing service's transaction, after the partners and conditions are written.
    """
    snapshot = revision_snapshot(agreement)
    latest = latest_revision(agreement)
    if latest is not None and all(
        latest.snapshot.get(part) == snapshot[part] for part in ("partners", "conditions")
    ):
        return None
    number = (agreement.revisions.aggregate(top=Max("number"))["top"] or 0) + 1
    return AgreementRevision.objects.create(
        agreement=agreement,
        number=number,
        snapshot=snapshot,
        conditions_hash=_conditions_hash(agreement),
        summary=summary[:300],
        created_by=actor if getattr(actor, "pk", None) else None,
    )


def revision_ensure(*, agreement: Agreement, actor: User | None) -> AgreementRevision:
    """The revision that matches the agreement as it stands now (made if the latest one does not)."""
    made = revision_capture(agreement=agreement, actor=actor, summary="Recorded as it stood")
    current = made or latest_revision(agreement)
    assert current is not None  # revision_capture makes one whenever there is none
    return current


def revision_summary(changes: dict[str, Any]) -> str:
    """A one-line summary of an edit from the audit diff's keys."""
    parts = []
    if "partners" in changes:
        parts.append("partners")
    if "conditions" in changes:
        parts.append("conditions")
    others = [key for key in changes if key not in {"partners", "conditions"}]
    if others:
        parts.append(", ".join(others))
    return "Edited " + "; ".join(parts) if parts else "Edited"


# Diffs ------------------------------------------------------------------------------------------------


def display(value: Any) -> str:
    """A snapshot value as people read it: lists joined, booleans in words, nothing as a dash."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    before: Any
    after: Any

    @property
    def before_text(self) -> str:
        return display(self.before)

    @property
    def after_text(self) -> str:
        return display(self.after)


@dataclass
class ItemChange:
    """A partner or a condition that was added, removed or changed (with its changed fields)."""

    change: str  # "added", "removed" or "changed"
    label: str
    item: dict[str, Any]
    fields: list[FieldChange] = field(default_factory=list)

    @property
    def rows(self) -> list[tuple[str, str]]:
        """The item's values, for an added or removed item (a changed one shows `fields`)."""
        labels = CONDITION_LABELS if "mobility_type" in self.item else PARTNER_LABELS
        return [(label, display(self.item.get(name))) for name, label in labels.items()]


@dataclass
class RevisionDiff:
    fields: list[FieldChange]
    partners: list[ItemChange]
    conditions: list[ItemChange]

    @property
    def is_empty(self) -> bool:
        return not (self.fields or self.partners or self.conditions)

    def as_dict(self) -> dict[str, Any]:
        def item(change: ItemChange) -> dict[str, Any]:
            return {
                "change": change.change,
                "label": change.label,
                "item": change.item,
                "fields": [vars(f) for f in change.fields],
            }

        return {
            "fields": [vars(f) for f in self.fields],
            "partners": [item(c) for c in self.partners],
            "conditions": [item(c) for c in self.conditions],
        }


def _field_changes(
    before: dict[str, Any], after: dict[str, Any], labels: dict[str, str]
) -> list[FieldChange]:
    return [
        FieldChange(name, label, before.get(name), after.get(name))
        for name, label in labels.items()
        if before.get(name) != after.get(name)
    ]


def condition_label(condition: dict[str, Any]) -> str:
    kind = condition.get("mobility", "")
    years = condition.get("first_year", "")
    if condition.get("last_year") and condition.get("last_year") != years:
        years = f"{years}–{condition['last_year']}"
    return f"{condition.get('sending', '?')} → {condition.get('receiving', '?')}, {kind}, {years}"


def _condition_key(condition: dict[str, Any]) -> tuple[Any, ...]:
    return (
        condition.get("mobility_type"),
        condition.get("sending_institution_id"),
        condition.get("receiving_institution_id"),
    )


def _diff_conditions(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[ItemChange]:
    old_left, new_left = list(old), list(new)
    # Identical conditions are unchanged, wherever they moved in the list.
    for condition in list(new_left):
        if condition in old_left:
            old_left.remove(condition)
            new_left.remove(condition)
    changes: list[ItemChange] = []
    # What remains pairs up by direction and mobility type, in order: those pairs changed.
    for condition in list(new_left):
        twin = next((o for o in old_left if _condition_key(o) == _condition_key(condition)), None)
        if twin is not None:
            old_left.remove(twin)
            new_left.remove(condition)
            fields = _field_changes(twin, condition, CONDITION_LABELS)
            changes.append(ItemChange("changed", condition_label(condition), condition, fields))
    changes += [ItemChange("removed", condition_label(c), c) for c in old_left]
    changes += [ItemChange("added", condition_label(c), c) for c in new_left]
    return changes


def _diff_partners(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[ItemChange]:
    before = {p["institution_id"]: p for p in old}
    after = {p["institution_id"]: p for p in new}
    changes = [ItemChange("removed", p["institution"], p) for key, p in before.items() if key not in after]
    for key, partner in after.items():
        if key not in before:
            changes.append(ItemChange("added", partner["institution"], partner))
        else:
            fields = _field_changes(before[key], partner, PARTNER_LABELS)
            if fields:
                changes.append(ItemChange("changed", partner["institution"], partner, fields))
    return changes


def snapshot_diff(old: dict[str, Any], new: dict[str, Any]) -> RevisionDiff:
    """What changed from snapshot `old` to snapshot `new`."""
    return RevisionDiff(
        fields=_field_changes(old.get("fields", {}), new.get("fields", {}), FIELD_LABELS),
        partners=_diff_partners(old.get("partners", []), new.get("partners", [])),
        conditions=_diff_conditions(old.get("conditions", []), new.get("conditions", [])),
    )
