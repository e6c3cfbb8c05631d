"""The agreement as a PDF, generated from its data: partners, conditions per direction, validity, signatures.

The layout primitives (fonts, tables, page furniture) are `accord.common.pdf`'s; this module only decides
what an agreement's document says. The agreement must come from `selectors.agreement_detail`, which loads
the partners and conditions in a fixed number of queries.
"""

import datetime as dt
import re
from decimal import Decimal

from django.utils import timezone

from accord.agreements.models import Agreement, AgreementPartner, CooperationCondition
from accord.common.pdf import PdfDocument
from accord.reference.vocab import country_name, language_name


def _date(value: dt.date | None, empty: str = "—") -> str:
    return f"{value.day} {value:%B %Y}" if value else empty


def _validity(agreement: Agreement) -> str:
    if not agreement.valid_from and not agreement.valid_to:
        return "No dates recorded"
    return f"{_date(agreement.valid_from, '…')} – {_date(agreement.valid_to, 'open-ended')}"


def _identifiers(partner: AgreementPartner) -> str:
    institution = partner.institution
    codes = [
        f"Erasmus code {institution.erasmus_code_published or institution.erasmus_code}"
        if institution.erasmus_code
        else "",
        f"SCHAC {institution.schac_id}" if institution.schac_id else "",
        f"PIC {institution.pic}" if institution.pic else "",
    ]
    return "\n".join(code for code in codes if code) or "—"


def _partner_rows(agreement: Agreement) -> list[list[str]]:
    rows = []
    for partner in agreement.partners.all():
        theirs = " / ".join(v for v in (partner.partner_agreement_id, partner.partner_agreement_code) if v)
        rows.append(
            [
                partner.institution.name,
                _identifiers(partner),
                country_name(partner.institution.country),
                str(partner.unit) if partner.unit_id else "Whole institution",
                theirs or "—",
            ]
        )
    return rows


def _side(institution_name: str, unit: object | None) -> str:
    return f"{institution_name} ({unit})" if unit else institution_name


def _amount(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _duration(condition: CooperationCondition) -> str:
    if condition.total_months_per_year is not None:
        return f"{_amount(condition.total_months_per_year)} months per year (all places together)"
    if condition.total_days_per_year is not None:
        return f"{condition.total_days_per_year} days per year (all places together)"
    return "Not stated"


def _condition_facts(condition: CooperationCondition) -> list[tuple[str, str]]:
    years = str(condition.first_year)
    if condition.last_year_id != condition.first_year_id:
        years = f"{condition.first_year} to {condition.last_year}"
    areas = [
        f"{area.isced_id} {area.isced.name}" + (f" ({area.clarification})" if area.clarification else "")
        for area in condition.subject_areas.all()
    ]
    languages = [
        f"{language_name(lang.language)} {lang.cefr_level}"
        + (f" for {lang.isced_id}" if lang.isced_id else "")
        for lang in condition.languages.all()
    ]
    facts = [
        ("Sending", _side(condition.sending_institution.name, condition.sending_unit)),
        ("Receiving", _side(condition.receiving_institution.name, condition.receiving_unit)),
        ("Academic years", years),
        ("Places per year", str(condition.places_per_year)),
        ("Duration", _duration(condition)),
    ]
    if condition.is_student:
        facts.append(("EQF levels", ", ".join(str(level) for level in condition.eqf_levels) or "Any"))
    facts += [
        ("Subject areas (ISCED-F)", "\n".join(areas) or "Any"),
        ("Languages (CEFR)", "\n".join(languages) or "None stated"),
    ]
    if condition.blended:
        facts.append(("Blended", "Yes: the mobility includes a virtual component"))
    if condition.other_terms:
        facts.append(("Other terms", condition.other_terms))
    return facts


def agreement_pdf(
    agreement: Agreement, *, generated_at: dt.datetime | None = None, compress: bool = True
) -> bytes:
    generated_at = generated_at or timezone.localtime()
    subtitle = agreement.get_kind_display()
    if agreement.reference_code:
        subtitle += f" · {agreement.reference_code}"
    doc = PdfDocument(agreement.title, subtitle, footer=f"Accord · {agreement.title}", compress=compress)
    doc.key_values(
        [
            ("Reference", agreement.reference_code or "—"),
            ("Kind", agreement.get_kind_display()),
            ("Status", agreement.get_status_display()),
            ("Validity", _validity(agreement)),
            ("Owning unit", str(agreement.owner_unit) if agreement.owner_unit_id else "—"),
            ("Version", f"{agreement.version}, generated {generated_at:%Y-%m-%d %H:%M}"),
        ]
    )
    doc.heading("Partners")
    doc.table(
        ["Institution", "Identifiers", "Country", "Unit", "Their id / code"],
        _partner_rows(agreement),
        widths=[0.3, 0.24, 0.14, 0.18, 0.14],
    )
    doc.heading("Cooperation conditions")
    conditions = list(agreement.conditions.all())
    if not conditions:
        doc.paragraph("No cooperation conditions are recorded for this agreement.")
    for number, condition in enumerate(conditions, start=1):
        doc.heading(f"{number}. {condition.get_mobility_type_display()}")
        doc.key_values(_condition_facts(condition))
    if agreement.notes:
        doc.heading("Notes")
        doc.paragraph(agreement.notes)
    doc.heading("Signatures")
    doc.signatures(
        [
            (
                partner.institution.name,
                partner.signing_contact.name if partner.signing_contact else "",
                partner.signing_date,
            )
            for partner in agreement.partners.all()
        ]
    )
    return doc.output()


def agreement_pdf_name(agreement: Agreement) -> str:
    base = agreement.reference_code or f"agreement-{agreement.pk}"
    return re.sub(r"[^A-Za-z0-9._-]+", "-", base).strip("-.") + ".pdf"
