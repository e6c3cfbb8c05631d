"""EWP IIA documents: our agreements exported as IIA v7, and the partners' copies imported and compared.

Writers here follow the house rules: keyword-only, an explicit actor, one transaction, an audit event per
change, ``DomainError`` for every refusal. A received document is validated completely (safe parsing, the
official XSD, our register of institutions) before anything is written, and is written whole or not at all.
How a received copy finds its agreement is in docs/decisions/0060-matching-partner-iia-copies.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accord.accounts.models import User
from accord.agreements import services
from accord.agreements.errors import AgreementErrorCode, EwpDocumentErrorCode
from accord.agreements.ewp.adapters import (
    IiaMappingError,
    agreements_for_our_iia_id,
    export_problems,
    iia_from_agreement,
    iia_problems,
    partner_institution_for,
    with_iia_relations,
)
from accord.agreements.ewp.permissions import can_manage_partner_copies
from accord.agreements.ewp.selectors import DIFFER, MATCH
from accord.agreements.models import EXCHANGE_KINDS, Agreement, AgreementPartner, PartnerIiaCopy
from accord.common import audit
from accord.common.errors import DomainError, ErrorCode
from accord.engines.ewp import (
    EwpDocumentError,
    Iia,
    IiaComparison,
    ReceivedIia,
    compare_iias,
    compute_iia_hash,
    iia_from_json,
    iia_to_json,
    read_iia_get_response,
    render_iia_get_response,
)

# A get-response holds a handful of IIAs (a few kB each); 2 MB leaves room for hundreds and matches the
# request body limit Django applies to the API.
MAX_DOCUMENT_BYTES = 2 * 1024 * 1024

_DOCUMENT_MESSAGES = {
    "xml_too_large": "The file is too large for an IIA document: {message}.",
    "xml_forbidden_dtd": (
        "The document declares a DTD (<!DOCTYPE …>). EWP documents never do, and a DTD can carry external "
        "entities or entity expansion, so it is refused."
    ),
    "xml_malformed": "The file is not well-formed XML: {message}",
    "unsupported_document": "This is not an IIAs get-response of EWP version 7 or 6: {message}",
    "xsd_invalid": "The document does not follow the official IIAs schema: {message}",
}


def document_error(error: EwpDocumentError, *, field: str = "file") -> DomainError:
    """The engine's refusal as the one error type of the product (same code, a sentence for people)."""
    template = _DOCUMENT_MESSAGES.get(error.code, "{message}")
    extra = {
        key: value for key, value in error.extra.items() if key in ("line", "errors", "size", "max_bytes")
    }
    code = EwpDocumentErrorCode(error.code)
    return DomainError(code, template.format(message=error.message), field=field, extra=extra)


# Export -----------------------------------------------------------------------------------------------------


def agreement_iia(agreement: Agreement) -> Iia:
    """The agreement as an IIA v7, or ``DomainError("not_exportable")`` listing what to fix first."""
    try:
        iia = iia_from_agreement(agreement)
    except IiaMappingError:
        raise _not_exportable(export_problems(agreement)) from None
    problems = iia_problems(iia)
    if problems:
        raise _not_exportable(problems)
    return iia


def _not_exportable(problems: list[str]) -> DomainError:
    return DomainError(
        AgreementErrorCode.NOT_EXPORTABLE,
        "This agreement cannot be written as an EWP IIA v7 yet: " + " ".join(problems),
        extra={"problems": problems},
    )


def agreement_iia_document(*, agreement: Agreement) -> bytes:
    """Our IIA v7 get-response for one agreement, checked against the official XSD before it leaves."""
    iia = agreement_iia(agreement)
    try:
        return render_iia_get_response([iia], validate_xsd=True)
    except EwpDocumentError as error:
        raise document_error(error, field="agreement") from None


def agreement_iia_hash(agreement: Agreement) -> str | None:
    """The iia-hash we serve for the agreement, or None when it cannot be exported yet."""
    try:
        return compute_iia_hash(agreement_iia(agreement))
    except (DomainError, ValueError):
        return None


@dataclass(frozen=True)
class ExportedDocument:
    agreement: Agreement
    document: bytes | None
    error: DomainError | None


def export_documents(agreements: Iterable[Agreement]) -> Iterator[ExportedDocument]:
    """One validated document per agreement, or the reason it could not be made (for the CLI and bulk use)."""
    for agreement in agreements:
        try:
            yield ExportedDocument(agreement, agreement_iia_document(agreement=agreement), None)
        except DomainError as error:
            yield ExportedDocument(agreement, None, error)


# Comparison -------------------------------------------------------------------------------------------------


def copy_iia(copy: PartnerIiaCopy) -> Iia:
    """The partner's copy as the engine's model, from the stored snapshot."""
    return iia_from_json(copy.snapshot["iia"])


def compare_with_agreement(copy: PartnerIiaCopy, agreement: Agreement | None = None) -> IiaComparison | None:
    """Our agreement beside the partner's copy, as of now; None when unlinked or ours is not an IIA."""
    agreement = agreement or copy.agreement
    if agreement is None:
        return None
    loaded = with_iia_relations(Agreement.objects.filter(pk=agreement.pk)).get()
    try:
        ours = iia_from_agreement(loaded)
    except IiaMappingError:
        return None
    return compare_iias(ours, copy_iia(copy))


def comparison_record(agreement: Agreement | None, comparison: IiaComparison | None) -> dict[str, Any] | None:
    """What the list filters on: the outcome of a comparison and the agreement version it was made against."""
    if agreement is None:
        return None
    return {
        "agreement_id": agreement.pk,
        "agreement_version": agreement.version,
        "result": MATCH if comparison is not None and comparison.hashes_match else DIFFER,
        "our_hash": comparison.our_hash_for_partner if comparison is not None else None,
        "differences": comparison.difference_count if comparison is not None else None,
        "checked_at": timezone.now().isoformat(),
    }


def stored_check(copy: PartnerIiaCopy) -> dict[str, Any] | None:
    """The stored comparison when it is still current for the linked agreement, else None."""
    record = copy.snapshot.get("comparison")
    if not record or copy.agreement is None:
        return None
    current = (
        record.get("agreement_id") == copy.agreement_id
        and record.get("agreement_version") == copy.agreement.version
    )
    return record if current else None


def check_state(copy: PartnerIiaCopy) -> str:
    """ "match" or "differ" from a current stored comparison; "unchecked" when unlinked or out of date."""
    record = stored_check(copy)
    return str(record["result"]) if record else "unchecked"


def _refresh_check(copy: PartnerIiaCopy) -> dict[str, Any] | None:
    agreement = Agreement.objects.get(pk=copy.agreement_id) if copy.agreement_id else None
    record = comparison_record(agreement, compare_with_agreement(copy, agreement))
    copy.snapshot = {**copy.snapshot, "comparison": record}
    return record


# Import -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportedCopy:
    """One ``<iia>`` of an imported document: the stored copy, what happened, how it found its agreement."""

    copy: PartnerIiaCopy
    outcome: str  # "created", "updated" or "unchanged"
    matched_by: str  # "kept" (linked before), "our_iia_id", "their_iia_id", or "" (not linked)
    note: str = ""


@dataclass(frozen=True)
class _Checked:
    received: ReceivedIia
    partner: Any
    partner_iia_id: str


def _check_received(index: int, received: ReceivedIia, seen: set[tuple[int, str]]) -> _Checked:
    iia = received.iia
    where = f"IIA {index}"
    first, second = iia.partners
    partner = partner_institution_for(first.hei_id)
    if partner is None:
        raise DomainError(
            AgreementErrorCode.UNKNOWN_PARTNER,
            f"{where}: the institution {first.hei_id!r} that serves this copy is not in our register. "
            "Add it with this SCHAC id first, then import again.",
            field="file",
            extra={"hei_id": first.hei_id},
        )
    if partner.is_home:
        raise DomainError(
            AgreementErrorCode.OWN_COPY,
            f"{where}: {first.hei_id} is our own institution; this is our copy, not a partner's.",
            field="file",
        )
    home = partner_institution_for(second.hei_id)
    if home is None or not home.is_home:
        raise DomainError(
            AgreementErrorCode.NOT_OUR_AGREEMENT,
            f"{where}: the agreement is between {first.hei_id} and {second.hei_id}; neither is us.",
            field="file",
        )
    if not first.iia_id:
        raise DomainError(
            AgreementErrorCode.MISSING_IIA_ID,
            f"{where}: the serving partner states no iia-id for its copy.",
            field="file",
        )
    code = first.iia_code or ""
    if len(code) > 64 or len(second.iia_id or "") > 64:
        raise DomainError(
            AgreementErrorCode.VALUE_TOO_LONG,
            f"{where}: an iia-code is longer than 64 characters.",
            field="file",
        )
    key = (partner.pk, first.iia_id)
    if key in seen:
        raise DomainError(
            ErrorCode.DUPLICATE, f"{where}: the document holds iia-id {first.iia_id!r} twice.", field="file"
        )
    seen.add(key)
    return _Checked(received, partner, first.iia_id)


def _exchange_agreements_with(partner: Any) -> Any:
    rows = AgreementPartner.objects.filter(agreement=OuterRef("pk"), institution=partner)
    return Agreement.objects.filter(Exists(rows), kind__in=EXCHANGE_KINDS)


def _match(checked: _Checked, existing: PartnerIiaCopy | None) -> tuple[Agreement | None, str, str]:
    """(agreement, how, note): the link kept, or found by our iia-id they quote, or by their iia-id."""
    if existing is not None and existing.agreement_id is not None:
        return existing.agreement, "kept", ""
    with_partner = _exchange_agreements_with(checked.partner)
    quoted = checked.received.iia.partners[1].iia_id
    note = ""
    if quoted:
        ours = list(agreements_for_our_iia_id(quoted)[:2])
        mine = [a for a in ours if with_partner.filter(pk=a.pk).exists()]
        if len(mine) == 1:
            return mine[0], "our_iia_id", ""
        note = (
            f"They quote our iia-id {quoted!r}, which is an agreement with another partner."
            if ours
            else f"They quote our iia-id {quoted!r}, which is none of our agreements."
        )
    by_their_id = list(
        with_partner.filter(
            Exists(
                AgreementPartner.objects.filter(
                    agreement=OuterRef("pk"),
                    institution=checked.partner,
                    partner_agreement_id=checked.partner_iia_id,
                )
            )
        )[:2]
    )
    if len(by_their_id) == 1:
        return by_their_id[0], "their_iia_id", note
    return None, "", note


def _copy_fields(checked: _Checked) -> dict[str, Any]:
    iia = checked.received.iia
    return {
        "partner_iia_code": iia.partners[0].iia_code or "",
        "our_iia_id": iia.partners[1].iia_id or "",
        "schema_version": f"v{iia.source_version}",
        "conditions_hash": iia.computed_iia_hash or "",
        "xml": checked.received.xml.decode("utf-8"),
    }


_AUDITED = ("partner_iia_code", "our_iia_id", "schema_version", "conditions_hash", "agreement_id")


def _store(checked: _Checked, *, actor: User) -> ImportedCopy:
    existing = (
        PartnerIiaCopy.objects.select_for_update()
        .filter(partner=checked.partner, partner_iia_id=checked.partner_iia_id)
        .first()
    )
    agreement, how, note = _match(checked, existing)
    fields = _copy_fields(checked)
    iia_json = iia_to_json(checked.received.iia)
    before = audit.snapshot(existing, list(_AUDITED)) if existing is not None else {}
    before_iia = existing.snapshot.get("iia") if existing is not None else None
    copy = existing or PartnerIiaCopy(partner=checked.partner, partner_iia_id=checked.partner_iia_id)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.agreement = agreement
    copy.received_by = actor if getattr(actor, "pk", None) else None
    copy.snapshot = {"iia": iia_json, "match": {"how": how, "note": note}}
    _refresh_check(copy)
    copy.save()
    changes = audit.diff(before, audit.snapshot(copy, list(_AUDITED)))
    if existing is None:
        outcome, action = "created", "partner_iia_copy.created"
    else:
        outcome = "updated" if changes or before_iia != iia_json else "unchanged"
        action = "partner_iia_copy.updated"
    audit.record(
        actor=actor,
        action=action,
        target=copy,
        changes=changes,
        data={"outcome": outcome, "matched_by": how, "agreement_id": copy.agreement_id},
    )
    return ImportedCopy(copy, outcome, how, note)


def partner_copies_import(*, content: bytes, actor: User) -> list[ImportedCopy]:
    """Import every IIA of a received get-response (v7 or v6), all of them or none.

    Raises ``DomainError`` with the engine's codes (``xml_too_large``, ``xml_forbidden_dtd``,
    ``xml_malformed``, ``unsupported_document``, ``xsd_invalid`` with ``details.line``) or ours
    (``empty_document``, ``unknown_partner``, ``own_copy``, ``not_our_agreement``, ``missing_iia_id``, ...).
    """
    if not can_manage_partner_copies(actor):
        raise DomainError(
            ErrorCode.PERMISSION_DENIED, "Only the international office imports partners' IIAs."
        )
    try:
        received = read_iia_get_response(content, max_bytes=MAX_DOCUMENT_BYTES, detailed_errors=True)
    except EwpDocumentError as error:
        raise document_error(error) from None
    if not received:
        raise DomainError(AgreementErrorCode.EMPTY_DOCUMENT, "The document holds no IIA.", field="file")
    seen: set[tuple[int, str]] = set()
    checked = [_check_received(index, item, seen) for index, item in enumerate(received, start=1)]
    with transaction.atomic():
        return [_store(item, actor=actor) for item in checked]


# Linking and housekeeping -----------------------------------------------------------------------------------


def _require_manager(actor: User) -> None:
    if not can_manage_partner_copies(actor):
        raise DomainError(
            ErrorCode.PERMISSION_DENIED, "Only the international office changes partners' IIAs."
        )


def _check_linkable(copy: PartnerIiaCopy, agreement: Agreement) -> None:
    if not _exchange_agreements_with(copy.partner).filter(pk=agreement.pk).exists():
        raise DomainError(
            AgreementErrorCode.NOT_A_PARTNER,
            f"{copy.partner.name} is not a partner of that exchange agreement.",
            field="agreement",
        )


@transaction.atomic
def partner_copy_link(
    *, copy: PartnerIiaCopy, agreement: Agreement, actor: User, record_ids: bool = False
) -> PartnerIiaCopy:
    """Link the copy to our agreement (replacing any link); optionally record their iia-id on ours."""
    _require_manager(actor)
    _check_linkable(copy, agreement)
    before = copy.agreement_id
    copy.agreement = agreement
    copy.snapshot = {**copy.snapshot, "match": {"how": "manual", "note": ""}}
    if record_ids:
        partner_copy_record_ids(copy=copy, actor=actor)
    _refresh_check(copy)
    copy.save(update_fields=["agreement", "snapshot", "updated_at"])
    audit.record(
        actor=actor,
        action="partner_iia_copy.linked",
        target=copy,
        changes={"agreement_id": [before, agreement.pk]},
    )
    return copy


@transaction.atomic
def partner_copy_unlink(*, copy: PartnerIiaCopy, actor: User) -> PartnerIiaCopy:
    _require_manager(actor)
    if copy.agreement_id is None:
        raise DomainError(ErrorCode.INVALID_STATE, "This copy is not linked to any of our agreements.")
    with audit.record_changed(
        actor=actor, action="partner_iia_copy.unlinked", target=copy, fields=["agreement_id"]
    ):
        copy.agreement = None
        copy.snapshot = {**copy.snapshot, "comparison": None, "match": {"how": "", "note": ""}}
        copy.save(update_fields=["agreement", "snapshot", "updated_at"])
    return copy


def partner_copy_record_ids(*, copy: PartnerIiaCopy, actor: User) -> Agreement:
    """Write the partner's iia-id and iia-code from their copy onto our agreement's partner row.

    This is EWP's "mapping": it goes through the agreement's own update service, so the edit is checked,
    audited and makes a revision, and it changes our hash (the hash covers both iia-ids).
    """
    _require_manager(actor)
    if copy.agreement_id is None:
        raise DomainError(ErrorCode.INVALID_STATE, "Link the copy to one of our agreements first.")
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=copy.agreement_id)
        data = services.agreement_input_from(agreement)
        for row in data.partners:
            if row.institution_id == copy.partner_id:
                row.partner_agreement_id = copy.partner_iia_id
                row.partner_agreement_code = copy.partner_iia_code
        agreement = services.agreement_update(
            agreement=agreement, data=data, actor=actor, expected_version=agreement.version
        )
        copy.agreement = agreement
        _refresh_check(copy)
        copy.save(update_fields=["snapshot", "updated_at"])
    return agreement


@transaction.atomic
def partner_copy_delete(*, copy: PartnerIiaCopy, actor: User) -> None:
    _require_manager(actor)
    audit.record_deleted(
        actor=actor,
        action="partner_iia_copy.deleted",
        target=copy,
        fields=["partner_id", "partner_iia_id", *_AUDITED],
    )
    copy.delete()


def partner_copies_recheck(*, actor: User, copies: Iterable[PartnerIiaCopy]) -> int:
    """Compare again the linked copies whose agreement changed since; returns how many were compared."""
    _require_manager(actor)
    count = 0
    for copy in copies:
        if copy.agreement_id is None or stored_check(copy) is not None:
            continue
        with transaction.atomic():
            before = (copy.snapshot.get("comparison") or {}).get("result")
            record = _refresh_check(copy)
            copy.save(update_fields=["snapshot", "updated_at"])
            audit.record(
                actor=actor,
                action="partner_iia_copy.rechecked",
                target=copy,
                changes={"result": [before, record["result"] if record else None]},
            )
        count += 1
    return count
