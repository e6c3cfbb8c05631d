"""Agreements as EWP IIA v7 model objects (for export and hashing), and received IIAs mapped onto our rows.

Mapping rules (see docs/architecture.md, "EWP documents"):

* our HEI is the first partner; its ``iia-id`` is the home partner row's ``partner_agreement_id`` when an
  older system gave the agreement one, otherwise the agreement's UUID (immutable, as EWP requires), and its
  ``iia-code`` the home row's code, the agreement's reference code, or the iia-id;
* the partner's ``iia-id``/``iia-code`` are what we recorded of theirs (``partner_agreement_id``/``code``);
* an ``ounit-id`` is the unit's code when the code is a valid EWP identifier (otherwise it is left out);
* places per year are ``mobilities-per-year``; a 2- or 3-digit ISCED code is written as its 4-digit
  "not further defined" code; decimals lose trailing zeros (``5.00`` months is written ``5``), so that a
  partner who types ``5`` computes the same hash;
* ``in-effect`` is true once the agreement was signed (signed, active, expiring, expired, or terminated
  after signing); a terminated agreement is ``terminated-as-a-whole``.

:func:`iia_from_agreement` raises :class:`IiaMappingError` (a ``ValueError``) only when no IIA can be made at
all; :func:`export_problems` lists what the XSD would refuse, in words an officer can act on.
"""

from __future__ import annotations

import contextlib
import re
import uuid
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet

from accord.agreements.models import (
    EXCHANGE_KINDS,
    Agreement,
    AgreementPartner,
    AgreementStatus,
    ConditionLanguage,
    ConditionSubjectArea,
    CooperationCondition,
    MobilityType,
)
from accord.engines.ewp import (
    Contact,
    Iia,
    IiaPartner,
    LanguageSkill,
    MobilityKind,
    MobilitySpec,
    SubjectArea,
    v7_isced_code,
)
from accord.engines.ewp.compare import KIND_LABELS
from accord.institutions.models import Contact as InstitutionContact
from accord.institutions.models import Institution, OrganisationalUnit

KIND_BY_TYPE = {
    MobilityType.STUDENT_STUDIES: MobilityKind.STUDENT_STUDIES,
    MobilityType.STUDENT_TRAINEESHIP: MobilityKind.STUDENT_TRAINEESHIP,
    MobilityType.STAFF_TEACHING: MobilityKind.STAFF_TEACHER,
    MobilityType.STAFF_TRAINING: MobilityKind.STAFF_TRAINING,
}
# IIAs v7 requires at least one recommended language skill for these two kinds.
LANGUAGE_REQUIRED = (MobilityKind.STUDENT_STUDIES, MobilityKind.STAFF_TEACHER)
SIGNED_STATUSES = (
    AgreementStatus.SIGNED,
    AgreementStatus.ACTIVE,
    AgreementStatus.EXPIRING,
    AgreementStatus.EXPIRED,
)
INSTITUTION_COLUMNS = ("name", "schac_id", "is_home")
CONDITION_COLUMNS = (
    "agreement_id",
    "position",
    "mobility_type",
    "first_year_id",
    "last_year_id",
    "places_per_year",
    "total_months_per_year",
    "total_days_per_year",
    "blended",
    "eqf_levels",
    "other_terms",
)
_IDENTIFIER = re.compile(r"[!-~]{1,64}")
_E164 = re.compile(r"\+[0-9]{1,15}")


class IiaMappingError(ValueError):
    """The agreement cannot be written as an IIA at all (not an exchange, not two partners, no SCHAC id)."""


def with_iia_relations(qs: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """Everything :func:`iia_from_agreement` reads, in a fixed number of queries for any number of rows.

    Related rows load only the columns an IIA needs: bulk exports read tens of thousands of them.
    """
    conditions = (
        CooperationCondition.objects.select_related(
            "sending_institution", "receiving_institution", "sending_unit", "receiving_unit"
        )
        .only(
            *CONDITION_COLUMNS,
            *(
                f"{side}_institution__{name}"
                for side in ("sending", "receiving")
                for name in INSTITUTION_COLUMNS
            ),
            "sending_unit__code",
            "receiving_unit__code",
        )
        .prefetch_related(
            Prefetch(
                "subject_areas",
                queryset=ConditionSubjectArea.objects.only("condition_id", "isced_id", "clarification"),
            ),
            Prefetch(
                "languages",
                queryset=ConditionLanguage.objects.only("condition_id", "language", "cefr_level", "isced_id"),
            ),
        )
    )
    partners = AgreementPartner.objects.select_related("institution", "unit", "signing_contact").only(
        "agreement_id",
        "position",
        "partner_agreement_id",
        "partner_agreement_code",
        "signing_date",
        *(f"institution__{name}" for name in INSTITUTION_COLUMNS),
        "unit__code",
        *(f"signing_contact__{name}" for name in ("name", "email", "phone", "role")),
    )
    return qs.prefetch_related(
        Prefetch("partners", queryset=partners), Prefetch("conditions", queryset=conditions)
    )


def _home_and_partner(agreement: Agreement) -> tuple[AgreementPartner, AgreementPartner]:
    rows = list(agreement.partners.all())
    if len(rows) != 2:
        raise IiaMappingError(f"an IIA has exactly two partners; this agreement has {len(rows)}")
    homes = [row for row in rows if row.institution.is_home]
    if len(homes) != 1:
        raise IiaMappingError("one partner, and only one, must be our own institution")
    home = homes[0]
    return home, rows[1] if rows[0] is home else rows[0]


def our_iia_id(agreement: Agreement, home_row: AgreementPartner | None = None) -> str:
    """The iia-id under which we serve this agreement."""
    if home_row is None:
        home_row = next((p for p in agreement.partners.all() if p.institution.is_home), None)
    if home_row is not None and home_row.partner_agreement_id:
        return home_row.partner_agreement_id
    return str(agreement.uuid)


def _hei_id(institution: Institution) -> str:
    if not institution.schac_id:
        raise IiaMappingError(f"{institution.name} has no SCHAC id, which EWP uses as the hei-id")
    return institution.schac_id


def _ounit_id(unit: OrganisationalUnit | None) -> str | None:
    if unit is None or not _IDENTIFIER.fullmatch(unit.code):
        return None
    return unit.code


def _contact(contact: InstitutionContact | None) -> Contact | None:
    if contact is None:
        return None
    return Contact(
        contact_name=contact.name,
        email=contact.email or None,
        phone_e164=contact.phone if _E164.fullmatch(contact.phone or "") else None,
        role_description=contact.role or None,
    )


def _plain_decimal(value: Decimal | int | None) -> Decimal | None:
    if value is None:
        return None
    # normalize() drops trailing zeros; the renderer writes it without an exponent ("5E+1" -> "50").
    return Decimal(value).normalize()


def _spec(condition: CooperationCondition) -> MobilitySpec:
    kind = KIND_BY_TYPE[MobilityType(condition.mobility_type)]
    skills = tuple(
        LanguageSkill(
            language=language.language,
            cefr_level=language.cefr_level or None,
            subject_area=SubjectArea(v7_isced_code(language.isced_id)) if language.isced_id else None,
        )
        for language in condition.languages.all()
    )
    areas = tuple(
        SubjectArea(v7_isced_code(area.isced_id), area.clarification or None)
        for area in condition.subject_areas.all()
    )
    return MobilitySpec(
        kind=kind,
        sending_hei_id=_hei_id(condition.sending_institution),
        sending_ounit_id=_ounit_id(condition.sending_unit),
        receiving_hei_id=_hei_id(condition.receiving_institution),
        receiving_ounit_id=_ounit_id(condition.receiving_unit),
        receiving_first_academic_year_id=f"{condition.first_year_id}/{condition.first_year_id + 1}",
        receiving_last_academic_year_id=f"{condition.last_year_id}/{condition.last_year_id + 1}",
        mobilities_per_year=condition.places_per_year,
        recommended_language_skills=skills,
        subject_areas=areas,
        other_info_terms=condition.other_terms or None,
        total_months_per_year=_plain_decimal(condition.total_months_per_year) if kind.is_student else None,
        blended=condition.blended if kind.is_student else None,
        eqf_levels=tuple(sorted(int(level) for level in condition.eqf_levels)) if kind.is_student else (),
        total_days_per_year=None if kind.is_student else _plain_decimal(condition.total_days_per_year),
    )


def iia_from_agreement(agreement: Agreement) -> Iia:
    """The agreement as an IIA v7 with our HEI first (what our EWP ``get`` would serve)."""
    if agreement.kind not in EXCHANGE_KINDS:
        raise IiaMappingError("only exchange agreements are IIAs")
    home, partner = _home_and_partner(agreement)
    signed = agreement.status in SIGNED_STATUSES or (
        agreement.status == AgreementStatus.TERMINATED
        and (home.signing_date is not None or partner.signing_date is not None)
    )
    ours = IiaPartner(
        hei_id=_hei_id(home.institution),
        ounit_id=_ounit_id(home.unit),
        iia_id=our_iia_id(agreement, home),
        iia_code=home.partner_agreement_code or agreement.reference_code or our_iia_id(agreement, home),
        signing_contact=_contact(home.signing_contact),
        signing_date=home.signing_date,
    )
    theirs = IiaPartner(
        hei_id=_hei_id(partner.institution),
        ounit_id=_ounit_id(partner.unit),
        iia_id=partner.partner_agreement_id or None,
        iia_code=partner.partner_agreement_code or None,
        signing_contact=_contact(partner.signing_contact),
        signing_date=partner.signing_date,
    )
    return Iia(
        partners=(ours, theirs),
        in_effect=signed,
        conditions=tuple(_spec(c) for c in agreement.conditions.all()),
        terminated_as_a_whole=agreement.status == AgreementStatus.TERMINATED,
    )


def _condition_name(index: int, spec: MobilitySpec) -> str:
    return f"Condition {index} ({KIND_LABELS[spec.kind]}, {spec.sending_hei_id} → {spec.receiving_hei_id})"


def export_problems(agreement: Agreement) -> list[str]:
    """What keeps the agreement from being a valid IIA v7 document, as sentences; empty when it can be."""
    try:
        iia = iia_from_agreement(agreement)
    except IiaMappingError as error:
        return [f"It cannot be an IIA: {error}."]
    return iia_problems(iia)


def iia_problems(iia: Iia) -> list[str]:
    """What the IIA v7 schema would refuse in a mapped agreement, said so that an officer can fix it."""
    problems = []
    for partner in iia.partners:
        if partner.iia_id is not None and not _IDENTIFIER.fullmatch(partner.iia_id):
            problems.append(
                f"The iia-id {partner.iia_id!r} of {partner.hei_id} must be 1 to 64 printable ASCII "
                "characters without spaces."
            )
    if not iia.conditions:
        problems.append("It has no cooperation conditions: an IIA states at least one mobility.")
    for index, spec in enumerate(iia.conditions, start=1):
        name = _condition_name(index, spec)
        if not spec.mobilities_per_year:
            problems.append(f"{name}: places per year must be at least 1 (EWP's mobilities-per-year).")
        if spec.kind in LANGUAGE_REQUIRED and not spec.recommended_language_skills:
            problems.append(f"{name}: IIA v7 requires at least one recommended language skill.")
        for value in (spec.total_months_per_year, spec.total_days_per_year):
            if value is not None and value <= 0:
                problems.append(f"{name}: a total duration per year must be more than zero.")
    return problems


def partner_institution_for(hei_id: str) -> Institution | None:
    """The institution a received document names by SCHAC id (case does not matter for domain names)."""
    return Institution.objects.filter(schac_id__iexact=hei_id.strip()).first()


def agreements_for_our_iia_id(iia_id: str) -> QuerySet[Agreement]:
    """Exchange agreements we serve under ``iia_id`` (its UUID, or the id recorded on our home row)."""
    match = Q(partners__institution__is_home=True, partners__partner_agreement_id=iia_id)
    with contextlib.suppress(ValueError):  # not a UUID: only the recorded ids can match
        match |= Q(uuid=uuid.UUID(iia_id))
    return Agreement.objects.filter(match, kind__in=EXCHANGE_KINDS).distinct()
