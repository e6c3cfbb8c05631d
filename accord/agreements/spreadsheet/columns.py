"""Agreements as a spreadsheet: the columns, the export and the template.

One row per cooperation condition; the agreement's own columns (and its partners) are repeated on each of
its rows, and an agreement without conditions takes one row with the condition columns empty. An agreement
is identified by its Accord id when the row has one, otherwise by its reference code. Institutions are
written as their SCHAC id (else Erasmus code, PIC, ROR id, or `id:<number>`), units as their code (else
name), contacts as their e-mail (else name), academic years as `2026/2027`. The export writes exactly what
the importer reads, so that exporting and importing the file again changes nothing.

Reading a file back is `services.py`.
"""

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Prefetch, QuerySet

from accord.agreements.models import (
    Agreement,
    AgreementKind,
    AgreementPartner,
    AgreementStatus,
    CooperationCondition,
    MobilityType,
)
from accord.institutions.models import Contact, Institution, OrganisationalUnit
from accord.reference.vocab import language_name

MIN_PARTNER_SLOTS = 2
EXPORT_CHUNK = 500
Value = str | int | Decimal | dt.date


@dataclass(frozen=True)
class Column:
    key: str  # the header as read back: lower case, spaces to underscores
    header: str
    help: str
    example: Value = ""
    level: str = "agreement"  # agreement, partner or condition


def _choices(choices: Iterable[tuple[str, str]]) -> str:
    return "; ".join(f"{value} ({label})" for value, label in choices)


AGREEMENT_COLUMNS = [
    Column("id", "Id", "Accord's number for the agreement. Leave empty for a new agreement.", ""),
    Column(
        "reference_code",
        "Reference code",
        "Your reference for the agreement. Identifies the agreement when there is no id: an existing "
        "code updates that agreement, a new code creates one. Repeat it on every row of the agreement.",
        "IIA-2026-017",
    ),
    Column("kind", "Kind", f"One of: {_choices(AgreementKind.choices)}.", AgreementKind.ERASMUS_IIA),
    Column("title", "Title", "Required.", "Erasmus+ exchange with Uniwersytet Warszawski"),
    Column(
        "status",
        "Status",
        f"One of: {_choices(AgreementStatus.choices)}. Sets the status of a new agreement (empty: draft); "
        "an existing agreement's status changes only through its lifecycle actions.",
        AgreementStatus.DRAFT,
    ),
    Column("valid_from", "Valid from", "A date: 2026-09-01, 01.09.2026, 01/09/2026 or an Excel date.", ""),
    Column("valid_to", "Valid to", "A date, on or after Valid from. Empty means open-ended.", ""),
    Column(
        "owning_unit",
        "Owning unit",
        "Code (or name) of the faculty or office of ours responsible for the agreement. Coordinators "
        "must name one of their own units.",
        "SCI",
    ),
    Column("notes", "Notes", "Free text.", ""),
]


def partner_columns(slot: int) -> list[Column]:
    n = slot
    first = n == 1
    return [
        Column(
            f"partner_{n}",
            f"Partner {n}",
            "The institution: SCHAC id, Erasmus code, PIC or ROR id. One partner must be our own "
            "institution; an Erasmus+ agreement has exactly two. Add Partner 3, Partner 4… columns for more.",
            "accord.example.edu" if first else "uw.edu.pl",
            "partner",
        ),
        Column(f"partner_{n}_unit", f"Partner {n} unit", "Code or name of one of its units.", "", "partner"),
        Column(
            f"partner_{n}_agreement_id",
            f"Partner {n} agreement id",
            "The partner's own id for the agreement.",
            "",
            "partner",
        ),
        Column(
            f"partner_{n}_agreement_code",
            f"Partner {n} agreement code",
            "The partner's own code for the agreement.",
            "",
            "partner",
        ),
        Column(
            f"partner_{n}_signed_by",
            f"Partner {n} signed by",
            "E-mail (or name) of one of the institution's contacts.",
            "",
            "partner",
        ),
        Column(
            f"partner_{n}_signed_on", f"Partner {n} signed on", "The date of the signature.", "", "partner"
        ),
    ]


CONDITION_COLUMNS = [
    Column(
        "mobility_type",
        "Mobility type",
        f"One of: {_choices(MobilityType.choices)}. Leave every condition column empty for an agreement "
        "without conditions.",
        MobilityType.STUDENT_STUDIES,
        "condition",
    ),
    Column(
        "sending_institution",
        "Sending institution",
        "One of the partners, written as in the partner columns.",
        "accord.example.edu",
        "condition",
    ),
    Column(
        "sending_unit", "Sending unit", "Code or name of a unit of the sending institution.", "", "condition"
    ),
    Column(
        "receiving_institution", "Receiving institution", "One of the partners.", "uw.edu.pl", "condition"
    ),
    Column(
        "receiving_unit",
        "Receiving unit",
        "Code or name of a unit of the receiving institution.",
        "",
        "condition",
    ),
    Column("first_academic_year", "First academic year", "Such as 2026/2027.", "2026/2027", "condition"),
    Column("last_academic_year", "Last academic year", "Such as 2028/2029.", "2028/2029", "condition"),
    Column("places_per_year", "Places per year", "A whole number.", 2, "condition"),
    Column(
        "months_per_year",
        "Months per year",
        "Student mobility: months for all places together; 10 or 10,5.",
        Decimal(10),
        "condition",
    ),
    Column(
        "days_per_year", "Days per year", "Staff mobility: days for all places together.", "", "condition"
    ),
    Column("blended", "Blended", "yes or no (empty means no).", "no", "condition"),
    Column(
        "eqf_levels",
        "EQF levels",
        "Student mobility: levels 1 to 8 separated by commas, such as 6, 7.",
        "6, 7",
        "condition",
    ),
    Column(
        "subject_areas",
        "Subject areas",
        "ISCED-F codes separated by semicolons, each optionally followed by a clarification in "
        "parentheses: 0613 (Software engineering); 0541.",
        "0613; 0541 (Statistics)",
        "condition",
    ),
    Column(
        "languages",
        "Languages",
        "Recommended language skills separated by semicolons: a language code and a CEFR level, "
        "optionally 'for' a subject area: en B2; pl B1 for 0613.",
        "en B2",
        "condition",
    ),
    Column("other_terms", "Other terms", "Free text.", "", "condition"),
]


def columns(partner_slots: int = MIN_PARTNER_SLOTS) -> list[Column]:
    partners = [
        c for slot in range(1, max(partner_slots, MIN_PARTNER_SLOTS) + 1) for c in partner_columns(slot)
    ]
    return [*AGREEMENT_COLUMNS, *partners, *CONDITION_COLUMNS]


# --- How things are named in a cell -----------------------------------------------------------------------


def institution_key(institution: Institution) -> str:
    return (
        institution.schac_id
        or institution.erasmus_code
        or institution.pic
        or institution.ror_id
        or f"id:{institution.pk}"
    )


def unit_key(unit: OrganisationalUnit | None) -> str:
    return (unit.code or unit.name) if unit is not None else ""


def contact_key(contact: Contact | None) -> str:
    return (contact.email or contact.name) if contact is not None else ""


def academic_year_text(start_year: int) -> str:
    return f"{start_year}/{start_year + 1}"


def eqf_text(levels: list[int]) -> str:
    return ", ".join(str(level) for level in sorted(levels))


def subject_areas_text(condition: CooperationCondition) -> str:
    return "; ".join(
        f"{a.isced_id} ({a.clarification})" if a.clarification else a.isced_id
        for a in condition.subject_areas.all()
    )


def languages_text(condition: CooperationCondition) -> str:
    return "; ".join(
        f"{lang.language} {lang.cefr_level}" + (f" for {lang.isced_id}" if lang.isced_id else "")
        for lang in condition.languages.all()
    )


def _or_empty(value: Any) -> Value:
    return "" if value is None else value


# --- Agreements to rows ----------------------------------------------------------------------------------


def agreement_rows(agreement: Agreement) -> list[dict[str, Value]]:
    """The agreement as rows keyed by column key: the export of one agreement, and the preview's baseline."""
    head: dict[str, Value] = {
        "id": agreement.pk,
        "reference_code": agreement.reference_code,
        "kind": agreement.kind,
        "title": agreement.title,
        "status": agreement.status,
        "valid_from": _or_empty(agreement.valid_from),
        "valid_to": _or_empty(agreement.valid_to),
        "owning_unit": unit_key(agreement.owner_unit),
        "notes": agreement.notes,
    }
    for slot, partner in enumerate(agreement.partners.all(), start=1):
        head[f"partner_{slot}"] = institution_key(partner.institution)
        head[f"partner_{slot}_unit"] = unit_key(partner.unit)
        head[f"partner_{slot}_agreement_id"] = partner.partner_agreement_id
        head[f"partner_{slot}_agreement_code"] = partner.partner_agreement_code
        head[f"partner_{slot}_signed_by"] = contact_key(partner.signing_contact)
        head[f"partner_{slot}_signed_on"] = _or_empty(partner.signing_date)
    rows = [{**head, **condition_cells(c)} for c in agreement.conditions.all()]
    return rows or [head]


def condition_cells(condition: CooperationCondition) -> dict[str, Value]:
    return {
        "mobility_type": condition.mobility_type,
        "sending_institution": institution_key(condition.sending_institution),
        "sending_unit": unit_key(condition.sending_unit),
        "receiving_institution": institution_key(condition.receiving_institution),
        "receiving_unit": unit_key(condition.receiving_unit),
        "first_academic_year": academic_year_text(condition.first_year_id),
        "last_academic_year": academic_year_text(condition.last_year_id),
        "places_per_year": condition.places_per_year,
        "months_per_year": _or_empty(condition.total_months_per_year),
        "days_per_year": _or_empty(condition.total_days_per_year),
        "blended": "yes" if condition.blended else "no",
        "eqf_levels": eqf_text(condition.eqf_levels),
        "subject_areas": subject_areas_text(condition),
        "languages": languages_text(condition),
        "other_terms": condition.other_terms,
    }


def export_queryset(agreements: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """The agreements with everything a row shows, loaded in a fixed number of queries per chunk."""
    partners = AgreementPartner.objects.select_related("institution", "unit", "signing_contact")
    conditions = CooperationCondition.objects.select_related(
        "sending_institution", "receiving_institution", "sending_unit", "receiving_unit"
    ).prefetch_related("subject_areas", "languages")
    return agreements.select_related("owner_unit").prefetch_related(
        Prefetch("partners", queryset=partners), Prefetch("conditions", queryset=conditions)
    )


def partner_slots_needed(agreements: QuerySet[Agreement]) -> int:
    most = agreements.order_by().annotate(n=Count("partners")).aggregate(most=Max("n"))["most"]
    return max(most or 0, MIN_PARTNER_SLOTS)


def export_table(agreements: QuerySet[Agreement]) -> tuple[list[str], Iterator[list[Value]]]:
    """Headers and rows (produced lazily, a chunk of agreements at a time) for the spreadsheet writers."""
    cols = columns(partner_slots_needed(agreements))

    def rows() -> Iterator[list[Value]]:
        for agreement in export_queryset(agreements).iterator(chunk_size=EXPORT_CHUNK):
            for row in agreement_rows(agreement):
                yield [row.get(c.key, "") for c in cols]

    return [c.header for c in cols], rows()


LEVEL_LABELS = {"agreement": "Agreement", "partner": "Partner", "condition": "Cooperation condition"}


def template_table() -> tuple[list[str], list[list[Value]], list[tuple[str, str]]]:
    """The import template: headers, one example row, and what to put in each column."""
    cols = columns()
    notes = [(c.header, f"{LEVEL_LABELS[c.level]}. {c.help}") for c in cols]
    return [c.header for c in cols], [[c.example for c in cols]], notes


def language_label(code: str) -> str:
    return f"{code} ({language_name(code)})"
