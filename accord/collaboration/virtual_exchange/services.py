"""Writers of virtual exchange offers and of the proposals between them.

An offer is checked here in the words of a form (each refusal names its field); the matching engine
(`accord.engines.coil`) checks the same rules again when it reads offers, so nothing it refuses is stored.
A proposal carries the engine's score and explanation of the pair at the time it was made; accepting it
marks both offers as matched.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import available_timezones

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import User
from accord.collaboration.errors import CollaborationErrorCode
from accord.collaboration.models import (
    OfferFormat,
    OfferStatus,
    OfferTool,
    ProposalStatus,
    VirtualExchangeOffer,
    VirtualExchangeProposal,
)
from accord.collaboration.virtual_exchange.adapters import pair_match
from accord.collaboration.virtual_exchange.permissions import (
    can_answer,
    can_edit_offer,
    can_post_offer_for,
    can_withdraw_proposal,
)
from accord.common import audit
from accord.common.errors import DomainError, ErrorCode
from accord.institutions.models import Institution, OrganisationalUnit
from accord.notifications.services import notify
from accord.reference.models import IscedField
from accord.reference.vocab import CEFR_LEVELS, is_language_code

MAX_CLASS_SIZE = 2000
MAX_SLOTS = 14
MAX_LANGUAGES = 5
_HHMM = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
AUDITED = [
    "institution_id", "unit_id", "teacher_name", "teacher_email", "title", "description", "goals",
    "isced_id", "eqf_level", "languages", "start_date", "end_date", "timezone", "slots", "class_size",
    "format", "tools", "status",
]  # fmt: skip


@dataclass
class OfferInput:
    institution_id: int
    title: str
    description: str
    isced: str
    eqf_level: int
    languages: list[dict[str, str]]
    start_date: dt.date
    end_date: dt.date
    timezone: str
    class_size: int
    teacher_name: str
    unit_id: int | None = None
    teacher_email: str = ""
    goals: str = ""
    slots: list[dict[str, Any]] = field(default_factory=list)
    format: str = ""
    tools: list[str] = field(default_factory=list)
    preferred_partner_ids: list[int] = field(default_factory=list)


def _refuse(code: ErrorCode | CollaborationErrorCode, message: str, name: str) -> DomainError:
    return DomainError(code, message, field=name)


def _validated(data: OfferInput) -> dict[str, Any]:
    institution = Institution.objects.filter(pk=data.institution_id).first()
    if institution is None:
        raise _refuse(ErrorCode.NOT_FOUND, "No such institution.", "institution_id")
    unit = None
    if data.unit_id is not None:
        unit = OrganisationalUnit.objects.filter(pk=data.unit_id, institution=institution).first()
        if unit is None:
            raise _refuse(ErrorCode.INVALID_CHOICE, f"{institution} has no such unit.", "unit_id")
    values: dict[str, Any] = {"institution": institution, "unit": unit}
    for name, limit in (("title", 300), ("description", 20_000), ("teacher_name", 200), ("goals", 20_000)):
        text = str(getattr(data, name)).strip()
        if not text and name != "goals":
            raise _refuse(ErrorCode.REQUIRED, "This field is required.", name)
        if len(text) > limit:
            raise _refuse(ErrorCode.TOO_LONG, f"Keep it under {limit:,} characters.", name)
        values[name] = text
    values["teacher_email"] = data.teacher_email.strip()
    if values["teacher_email"]:
        try:
            validate_email(values["teacher_email"])
        except ValidationError as exc:
            raise _refuse(ErrorCode.INVALID_EMAIL, "Enter a valid e-mail address.", "teacher_email") from exc
    isced = IscedField.objects.filter(code=data.isced).first()
    if isced is None:
        raise _refuse(ErrorCode.INVALID_CHOICE, f"{data.isced!r} is not an ISCED-F field.", "isced")
    values["isced"] = isced
    if data.eqf_level not in (5, 6, 7, 8):
        raise _refuse(
            ErrorCode.OUT_OF_RANGE, "Virtual exchange courses are at EQF level 5 to 8.", "eqf_level"
        )
    values["eqf_level"] = data.eqf_level
    values["languages"] = _languages(data.languages)
    values["language_codes"] = "," + ",".join(entry["code"] for entry in values["languages"]) + ","
    if data.end_date < data.start_date:
        raise _refuse(ErrorCode.DATES_OUT_OF_ORDER, "The teaching period ends before it starts.", "end_date")
    if (data.end_date - data.start_date).days > 366:
        raise _refuse(ErrorCode.OUT_OF_RANGE, "A teaching period is at most a year.", "end_date")
    values["start_date"], values["end_date"] = data.start_date, data.end_date
    if data.timezone not in available_timezones():
        raise _refuse(
            CollaborationErrorCode.UNKNOWN_TIMEZONE,
            f"{data.timezone!r} is not a time zone; choose one such as Europe/Berlin.",
            "timezone",
        )
    values["timezone"] = data.timezone
    values["slots"] = _slots(data.slots)
    if not 1 <= data.class_size <= MAX_CLASS_SIZE:
        raise _refuse(ErrorCode.OUT_OF_RANGE, f"A class has 1 to {MAX_CLASS_SIZE:,} students.", "class_size")
    values["class_size"] = data.class_size
    if data.format and data.format not in OfferFormat.values:
        raise _refuse(ErrorCode.INVALID_CHOICE, f"Unknown format {data.format!r}.", "format")
    values["format"] = data.format
    unknown = sorted(set(data.tools) - set(OfferTool.values))
    if unknown:
        raise _refuse(ErrorCode.INVALID_CHOICE, f"Unknown tool(s): {', '.join(unknown)}.", "tools")
    values["tools"] = sorted(set(data.tools))
    return values


def _languages(entries: list[dict[str, str]]) -> list[dict[str, str]]:
    cleaned: dict[str, str] = {}
    for entry in entries:
        code = str(entry.get("code", "")).strip().lower()
        level = str(entry.get("cefr", "") or "").strip().upper()
        if not is_language_code(code):
            raise _refuse(
                CollaborationErrorCode.INVALID_LANGUAGE, f"{code!r} is not a language code.", "languages"
            )
        if level and level not in CEFR_LEVELS:
            raise _refuse(
                CollaborationErrorCode.INVALID_LANGUAGE, f"{level!r} is not a CEFR level.", "languages"
            )
        cleaned.setdefault(code, level)
    if not cleaned:
        raise _refuse(ErrorCode.REQUIRED, "Name the language the two classes will work in.", "languages")
    if len(cleaned) > MAX_LANGUAGES:
        raise _refuse(ErrorCode.TOO_MANY, f"At most {MAX_LANGUAGES} languages.", "languages")
    return [{"code": code, "cefr": level} for code, level in cleaned.items()]


def _slots(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if len(entries) > MAX_SLOTS:
        raise _refuse(ErrorCode.TOO_MANY, f"At most {MAX_SLOTS} weekly sessions.", "slots")
    cleaned = []
    for number, entry in enumerate(entries, start=1):
        weekday, start, end = entry.get("weekday"), str(entry.get("start", "")), str(entry.get("end", ""))
        if isinstance(weekday, bool) or weekday not in range(7):
            raise _refuse(
                CollaborationErrorCode.INVALID_SLOT, f"Session {number}: choose a weekday.", "slots"
            )
        if not (_HHMM.fullmatch(start) and _HHMM.fullmatch(end)):
            raise _refuse(
                CollaborationErrorCode.INVALID_SLOT,
                f"Session {number}: times are HH:MM, e.g. 09:30.",
                "slots",
            )
        if end <= start:
            raise _refuse(
                CollaborationErrorCode.INVALID_SLOT, f"Session {number} ends before it starts.", "slots"
            )
        cleaned.append({"weekday": weekday, "start": start, "end": end})
    return sorted(cleaned, key=lambda s: (s["weekday"], s["start"], s["end"]))


def _partners(ids: list[int]) -> list[Institution]:
    partners = list(Institution.objects.filter(pk__in=ids))
    if len(partners) != len(set(ids)):
        raise _refuse(
            ErrorCode.INVALID_CHOICE, "One of the preferred partners does not exist.", "preferred_partner_ids"
        )
    return partners


def check_offer(data: OfferInput) -> None:
    """Refuse `data` as `offer_create` would, without writing (an import checks every row first)."""
    _validated(data)
    _partners(data.preferred_partner_ids)


@transaction.atomic
def offers_import(*, offers: list[OfferInput], actor: User) -> list[VirtualExchangeOffer]:
    """Every offer of a checked file, or none: one refusal rolls the whole file back."""
    return [offer_create(data=data, actor=actor) for data in offers]


@transaction.atomic
def offer_create(*, data: OfferInput, actor: User) -> VirtualExchangeOffer:
    values = _validated(data)
    if not can_post_offer_for(actor, values["institution"], data.unit_id):
        raise DomainError(
            ErrorCode.PERMISSION_DENIED, "You may not post offers for this institution or unit."
        )
    partners = _partners(data.preferred_partner_ids)
    offer = VirtualExchangeOffer.objects.create(**values, created_by=actor)
    offer.preferred_partners.set(partners)
    audit.record_created(actor=actor, action="virtual_exchange_offer.created", target=offer, fields=AUDITED)
    return offer


@transaction.atomic
def offer_update(
    *, offer: VirtualExchangeOffer, data: OfferInput, actor: User, expected_version: int | None = None
) -> VirtualExchangeOffer:
    offer = VirtualExchangeOffer.objects.select_for_update().select_related("institution").get(pk=offer.pk)
    if not can_edit_offer(actor, offer):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may not edit this offer.")
    if expected_version is not None and expected_version != offer.version:
        raise DomainError(
            ErrorCode.EDIT_CONFLICT, "Someone else changed this offer meanwhile; reload it and edit again."
        )
    values = _validated(data)
    if not can_post_offer_for(actor, values["institution"], data.unit_id):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may not move the offer there.", field="unit_id")
    partners = _partners(data.preferred_partner_ids)
    with audit.record_changed(
        actor=actor, action="virtual_exchange_offer.changed", target=offer, fields=AUDITED
    ):
        for name, value in values.items():
            setattr(offer, name, value)
        offer.version += 1
        offer.save()
        offer.preferred_partners.set(partners)
    return offer


@transaction.atomic
def offer_withdraw(*, offer: VirtualExchangeOffer, actor: User) -> VirtualExchangeOffer:
    """Withdrawn offers leave the market; their open proposals are withdrawn with them."""
    if not can_edit_offer(actor, offer):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may not withdraw this offer.")
    if offer.status == OfferStatus.WITHDRAWN:
        return offer
    with audit.record_changed(
        actor=actor, action="virtual_exchange_offer.withdrawn", target=offer, fields=["status"]
    ):
        offer.status = OfferStatus.WITHDRAWN
        offer.save(update_fields=["status", "updated_at"])
    open_ones = VirtualExchangeProposal.objects.filter(
        Q(from_offer=offer) | Q(to_offer=offer), status=ProposalStatus.PROPOSED
    )
    for proposal in open_ones:
        _close(proposal, ProposalStatus.WITHDRAWN, actor=actor, response="The offer was withdrawn.")
    return offer


# Proposals --------------------------------------------------------------------------------------------------


def _offer_url(offer: VirtualExchangeOffer) -> str:
    return reverse("collaboration:offer_detail", args=[offer.pk])


@transaction.atomic
def proposal_create(
    *, from_offer: VirtualExchangeOffer, to_offer: VirtualExchangeOffer, message: str, actor: User
) -> VirtualExchangeProposal:
    if not can_edit_offer(actor, from_offer):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may only propose from an offer you may edit.")
    if from_offer.institution_id == to_offer.institution_id:
        raise DomainError(
            CollaborationErrorCode.SAME_INSTITUTION,
            "Both courses are of the same institution; choose a partner's.",
        )
    for offer in (from_offer, to_offer):
        if offer.status != OfferStatus.OPEN:
            raise DomainError(
                CollaborationErrorCode.NOT_OPEN, f"“{offer}” is no longer looking for a partner."
            )
    match = pair_match(from_offer, to_offer, actor=actor)
    if len(message) > 5000:
        raise DomainError(ErrorCode.TOO_LONG, "Keep the message under 5,000 characters.", field="message")
    try:
        with transaction.atomic():
            proposal = VirtualExchangeProposal.objects.create(
                from_offer=from_offer,
                to_offer=to_offer,
                proposed_by=actor,
                message=message.strip(),
                score=match.score,
                explanation=match.explanation,
                overlap_weeks=match.overlap_weeks,
                live_hours_per_week=match.live_overlap_hours_per_week,
            )
    except IntegrityError as exc:
        raise DomainError(
            CollaborationErrorCode.ALREADY_PROPOSED,
            "You have already proposed this pair; wait for the answer.",
        ) from exc
    audit.record(
        actor=actor,
        action="virtual_exchange_proposal.created",
        target=proposal,
        data={"from_offer": from_offer.pk, "to_offer": to_offer.pk, "score": str(proposal.score)},
    )
    notify(
        actor=actor,
        recipients=[to_offer.created_by],
        subject=f"Virtual exchange proposed: “{from_offer}” with your “{to_offer}”",
        body=(
            f"{actor} ({from_offer.institution}) proposes to teach “{from_offer}” together with "
            f"“{to_offer}”.\n"
            f"{proposal.message}\n\nMatch: {match.explanation}"
        ),
        url=_offer_url(to_offer),
        extra_emails=[to_offer.teacher_email] if to_offer.created_by is None else [],
    )
    return proposal


def _close(proposal: VirtualExchangeProposal, status: str, *, actor: User, response: str) -> None:
    with audit.record_changed(
        actor=actor,
        action=f"virtual_exchange_proposal.{status}",
        target=proposal,
        fields=["status", "response"],
    ):
        proposal.status = status
        proposal.response = response.strip()
        proposal.responded_by = actor
        proposal.responded_at = timezone.now()
        proposal.save(update_fields=["status", "response", "responded_by", "responded_at"])


def _lock_open(proposal: VirtualExchangeProposal) -> VirtualExchangeProposal:
    locked = (
        VirtualExchangeProposal.objects.select_for_update()
        .select_related("from_offer__institution", "to_offer__institution")
        .get(pk=proposal.pk)
    )
    if locked.status != ProposalStatus.PROPOSED:
        raise DomainError(
            ErrorCode.INVALID_STATE, f"This proposal is already {locked.get_status_display().lower()}."
        )
    return locked


@transaction.atomic
def proposal_accept(
    *, proposal: VirtualExchangeProposal, actor: User, message: str = ""
) -> VirtualExchangeProposal:
    proposal = _lock_open(proposal)
    if not can_answer(actor, proposal):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "Only the other course's side answers a proposal.")
    for offer in (proposal.from_offer, proposal.to_offer):
        if offer.status != OfferStatus.OPEN:
            raise DomainError(
                CollaborationErrorCode.NOT_OPEN, f"“{offer}” is no longer looking for a partner."
            )
    _close(proposal, ProposalStatus.ACCEPTED, actor=actor, response=message)
    for offer in (proposal.from_offer, proposal.to_offer):
        with audit.record_changed(
            actor=actor, action="virtual_exchange_offer.matched", target=offer, fields=["status"]
        ):
            offer.status = OfferStatus.MATCHED
            offer.save(update_fields=["status", "updated_at"])
    _tell_proposer(proposal, actor, "accepted")
    return proposal


@transaction.atomic
def proposal_decline(
    *, proposal: VirtualExchangeProposal, actor: User, message: str = ""
) -> VirtualExchangeProposal:
    proposal = _lock_open(proposal)
    if not can_answer(actor, proposal):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "Only the other course's side answers a proposal.")
    _close(proposal, ProposalStatus.DECLINED, actor=actor, response=message)
    _tell_proposer(proposal, actor, "declined")
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: VirtualExchangeProposal, actor: User) -> VirtualExchangeProposal:
    proposal = _lock_open(proposal)
    if not can_withdraw_proposal(actor, proposal):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "Only the proposing side withdraws a proposal.")
    _close(proposal, ProposalStatus.WITHDRAWN, actor=actor, response="")
    return proposal


def _tell_proposer(proposal: VirtualExchangeProposal, actor: User, outcome: str) -> None:
    answer = f"\n\n{proposal.response}" if proposal.response else ""
    notify(
        actor=actor,
        recipients=[proposal.proposed_by],
        subject=f"Virtual exchange {outcome}: “{proposal.to_offer}”",
        body=f"{actor} ({proposal.to_offer.institution}) {outcome} teaching “{proposal.to_offer}” together "
        f"with your “{proposal.from_offer}”.{answer}",
        url=_offer_url(proposal.from_offer),
    )
