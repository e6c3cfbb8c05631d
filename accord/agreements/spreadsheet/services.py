"""Importing agreements from a spreadsheet (the columns are in `columns.py`).

All or nothing: every row is read and every agreement is validated by the same services the editor uses
(`agreement_create`, `agreement_update`), inside one transaction that is rolled back when any row has a
problem or when the import is a dry run. The result lists, per agreement, whether it would be created,
updated (with each changed field) or left unchanged, and every problem with its row and column.

An agreement whose file rows equal what is stored is not written at all: exporting and importing the same
file changes nothing, not even the version, and a coordinator may re-import an export that includes
agreements they can see but not change, as long as those rows are untouched.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import transaction
from django.db.models import Q

from accord.accounts.models import User
from accord.agreements import services
from accord.agreements.models import Agreement, AgreementKind, AgreementStatus, MobilityType
from accord.agreements.permissions import can_create_agreement, can_edit_agreement
from accord.agreements.selectors import agreements_visible_to
from accord.agreements.spreadsheet.cells import (
    IscedCodes,
    Resolver,
    choice_parser,
    languages_parser,
    parse_academic_year,
    parse_eqf_levels,
    parse_free_text,
    subject_areas_parser,
)
from accord.agreements.spreadsheet.columns import (
    AGREEMENT_COLUMNS,
    CONDITION_COLUMNS,
    Value,
    agreement_rows,
    columns,
    export_queryset,
)
from accord.common import audit
from accord.common.errors import DomainError, ErrorCode
from accord.common.spreadsheets import (
    CellError,
    ImportProblem,
    ImportReport,
    Row,
    is_blank,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
    read_table,
)
from accord.institutions.models import Institution

_PARTNER_KEY = re.compile(r"^partner_(\d{1,2})(?:_(unit|agreement_id|agreement_code|signed_by|signed_on))?$")
HEAD_KEYS = {c.key for c in AGREEMENT_COLUMNS}
CONDITION_KEYS = [c.key for c in CONDITION_COLUMNS]
LOOKUP_CHUNK = 500
REQUIRED_COLUMNS = ("kind", "title", "partner_1", "partner_2")
# Where a service's error path (`conditions.0.first_year`) points in the spreadsheet.
SERVICE_FIELDS = {
    "owner_unit_id": "owning_unit",
    "first_year": "first_academic_year",
    "last_year": "last_academic_year",
    "total_months_per_year": "months_per_year",
    "total_days_per_year": "days_per_year",
    "sending_institution_id": "sending_institution",
    "receiving_institution_id": "receiving_institution",
    "sending_unit_id": "sending_unit",
    "receiving_unit_id": "receiving_unit",
}
PARTNER_FIELDS = {
    "institution_id": "",
    "unit_id": "_unit",
    "partner_agreement_id": "_agreement_id",
    "partner_agreement_code": "_agreement_code",
    "signing_contact_id": "_signed_by",
    "signing_date": "_signed_on",
}


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass
class AgreementPlan:
    action: str  # create, update or unchanged
    key: str
    title: str
    rows: list[int]
    agreement_id: int | None = None
    changes: list[FieldChange] = field(default_factory=list)
    summary: str = ""


@dataclass
class ImportResult:
    filename: str
    dry_run: bool
    plans: list[AgreementPlan] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    written: bool = False
    # True when a confirmation found the data changed since its preview (nothing was written).
    stale: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def of(self, action: str) -> list[AgreementPlan]:
        return [plan for plan in self.plans if plan.action == action]

    def fingerprint(self) -> str:
        """A digest of what the import would do, so a confirmation can tell that its preview still holds."""
        payload = [
            [p.action, p.key, p.agreement_id if p.action != "create" else None, [vars(c) for c in p.changes]]
            for p in self.plans
        ]
        return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()[:32]


@dataclass
class _Group:
    key: str
    rows: list[Row]
    existing_id: int | None = None


def header_label(key: str) -> str:
    match = _PARTNER_KEY.match(key)
    if match:
        slot = int(match.group(1))
        return next(c.header for c in columns(slot) if c.key == key)
    return next((c.header for c in columns() if c.key == key), key)


def _known_column(key: str) -> bool:
    return key in HEAD_KEYS or key in CONDITION_KEYS or bool(_PARTNER_KEY.match(key))


def _partner_slots(headers: list[str]) -> int:
    slots = [int(m.group(1)) for m in map(_PARTNER_KEY.match, headers) if m]
    return max(slots, default=0)


def _groups(rows: list[Row], report: ImportReport) -> list[_Group]:
    """Rows of one agreement together: the same id, or (without id) the same reference code."""
    groups: dict[str, _Group] = {}
    # A continuation row may give only the reference code of an agreement whose first row has its id.
    key_of_code: dict[str, str] = {}
    for row in rows:
        pk = report.cell(row, "id", parse_int, required=False)
        code = report.cell(row, "reference_code", parse_free_text, required=False)
        if pk is not None:
            key = f"id {pk}"
            if code:
                key_of_code.setdefault(code, key)
        elif code:
            key = key_of_code.get(code, code)
        elif is_blank(row.get("id")):
            report.add(row.number, "reference_code", "is required to tell which agreement the row belongs to")
            continue
        else:
            continue
        group = groups.setdefault(key, _Group(key=key, rows=[], existing_id=pk))
        group.rows.append(row)
    return list(groups.values())


def _merged_head(group: _Group, head_keys: list[str], report: ImportReport) -> dict[str, Row]:
    """Per agreement-level column, the one row holding its value; a conflicting later row is a problem."""
    cells: dict[str, Row] = {}
    for key in head_keys:
        seen: dict[str, int] = {}
        for row in group.rows:
            value = row.get(key)
            if is_blank(value):
                continue
            text = str(value).strip()
            if seen and text not in seen:
                first = next(iter(seen.values()))
                report.add(row.number, key, f"differs from row {first} of the same agreement")
            seen.setdefault(text, row.number)
            cells.setdefault(key, Row(row.number, {key: value}))
        cells.setdefault(key, Row(group.rows[0].number, {}))
    return cells


class _Reader:
    """Turns one agreement's rows into an `AgreementInput`, recording every unreadable cell."""

    def __init__(self, actor: User, report: ImportReport, slots: int) -> None:
        self.report = report
        self.resolve = Resolver(actor)
        self.slots = slots
        isced = IscedCodes()
        self.kind = choice_parser(AgreementKind)
        self.status = choice_parser(AgreementStatus)
        self.mobility_type = choice_parser(MobilityType)
        self.areas = subject_areas_parser(isced)
        self.languages = languages_parser(isced)
        self.homes: list[Institution] | None = None

    def cell(self, row: Row, key: str, parser: Any, required: bool = False) -> Any:
        return self.report.cell(row, key, parser, required=required)

    def institution_cell(self, row: Row, key: str, required: bool) -> Institution | None:
        found: Institution | None = self.cell(row, key, self.resolve.institution, required)
        return found

    def agreement(self, group: _Group, head_keys: list[str]) -> services.AgreementInput | None:
        problems_before = len(self.report.problems)
        head = _merged_head(group, head_keys, self.report)
        owner = head["owning_unit"]
        owner_unit = None
        if not is_blank(owner.get("owning_unit")):
            owner_unit = self._home_unit(owner)
        partners = [p for slot in range(1, self.slots + 1) if (p := self._partner(head, slot)) is not None]
        data = services.AgreementInput(
            kind=self.cell(head["kind"], "kind", self.kind, True) or "",
            title=self.cell(head["title"], "title", parse_free_text, True) or "",
            reference_code=self.cell(head["reference_code"], "reference_code", parse_free_text) or "",
            # Empty: draft for a new agreement, unchanged for an existing one.
            status=self.cell(head["status"], "status", self.status) or None,
            valid_from=self.cell(head["valid_from"], "valid_from", parse_date),
            valid_to=self.cell(head["valid_to"], "valid_to", parse_date),
            owner_unit_id=owner_unit.pk if owner_unit else None,
            notes=self.cell(head["notes"], "notes", parse_free_text) or "",
            partners=[p for p, _ in partners],
        )
        institutions = {inst.pk: inst for _, inst in partners}
        for row in group.rows:
            if any(not is_blank(row.get(key)) for key in CONDITION_KEYS):
                condition = self._condition(row, institutions)
                if condition is not None:
                    data.conditions.append(condition)
        return data if len(self.report.problems) == problems_before else None

    def _home_unit(self, row: Row) -> Any:
        if self.homes is None:
            self.homes = list(Institution.objects.filter(is_home=True))
        found = []
        for home in self.homes:
            try:
                found.append(self.resolve.unit(home, row.get("owning_unit")))
            except CellError:
                continue
        if len(found) != 1:
            self.report.add(row.number, "owning_unit", "is not the code or name of one of our units")
            return None
        return found[0]

    def _partner(self, head: dict[str, Row], slot: int) -> tuple[services.PartnerInput, Institution] | None:
        key = f"partner_{slot}"
        used = any(not is_blank(row.values.get(k)) for k, row in head.items() if k.startswith(f"{key}_"))
        institution = self.institution_cell(head[key], key, required=used)
        if institution is None:
            return None
        unit = self._related(head[f"{key}_unit"], f"{key}_unit", institution, self.resolve.unit)
        contact = self._related(
            head[f"{key}_signed_by"], f"{key}_signed_by", institution, self.resolve.contact
        )
        partner = services.PartnerInput(
            institution_id=institution.pk,
            unit_id=unit.pk if unit else None,
            partner_agreement_id=self.cell(
                head[f"{key}_agreement_id"], f"{key}_agreement_id", parse_free_text
            )
            or "",
            partner_agreement_code=self.cell(
                head[f"{key}_agreement_code"], f"{key}_agreement_code", parse_free_text
            )
            or "",
            signing_contact_id=contact.pk if contact else None,
            signing_date=self.cell(head[f"{key}_signed_on"], f"{key}_signed_on", parse_date),
        )
        return partner, institution

    def _related(self, row: Row, key: str, institution: Institution, find: Any) -> Any:
        return self.cell(row, key, lambda value: find(institution, value))

    def _condition(self, row: Row, partners: dict[int, Institution]) -> services.ConditionInput | None:
        sending = self.institution_cell(row, "sending_institution", True)
        receiving = self.institution_cell(row, "receiving_institution", True)
        sending_unit = self._related(row, "sending_unit", sending, self.resolve.unit) if sending else None
        receiving_unit = (
            self._related(row, "receiving_unit", receiving, self.resolve.unit) if receiving else None
        )
        values = {
            "mobility_type": self.cell(row, "mobility_type", self.mobility_type, True),
            "first_year": self.cell(row, "first_academic_year", parse_academic_year, True),
            "last_year": self.cell(row, "last_academic_year", parse_academic_year, True),
            "places_per_year": self.cell(row, "places_per_year", parse_int, True),
        }
        optional = {
            "total_months_per_year": self.cell(row, "months_per_year", parse_decimal),
            "total_days_per_year": self.cell(row, "days_per_year", parse_int),
            "blended": bool(self.cell(row, "blended", parse_bool)),
            "eqf_levels": self.cell(row, "eqf_levels", parse_eqf_levels) or [],
            "subject_areas": self.cell(row, "subject_areas", self.areas) or [],
            "languages": self.cell(row, "languages", self.languages) or [],
            "other_terms": self.cell(row, "other_terms", parse_free_text) or "",
        }
        if sending is None or receiving is None or any(v is None for v in values.values()):
            return None
        return services.ConditionInput(
            sending_institution_id=sending.pk,
            receiving_institution_id=receiving.pk,
            sending_unit_id=sending_unit.pk if sending_unit else None,
            receiving_unit_id=receiving_unit.pk if receiving_unit else None,
            **values,
            **optional,
        )


def _service_problem(error: DomainError, group: _Group, conditions: list[int]) -> tuple[int, str]:
    """The row and column a service error's field path (`conditions.2.places_per_year`) points at."""
    parts = (error.field or "").split(".")
    first_row = group.rows[0].number
    if parts[0] == "conditions" and len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < len(conditions):
        name = parts[2] if len(parts) > 2 else ""
        return conditions[int(parts[1])], SERVICE_FIELDS.get(name, name)
    if parts[0] == "partners":
        if len(parts) > 2 and parts[1].isdigit():
            return first_row, f"partner_{int(parts[1]) + 1}{PARTNER_FIELDS.get(parts[2], '')}"
        return first_row, "partner_1"
    return first_row, SERVICE_FIELDS.get(parts[0], parts[0])


def _shown(value: Value | None) -> str:
    if value is None or value == "":
        return "—"
    return str(value)


def _changes(before: list[dict[str, Value]], after: list[dict[str, Value]]) -> list[FieldChange]:
    changes = []
    head_keys = [k for k in dict.fromkeys([*before[0], *after[0]]) if k not in CONDITION_KEYS and k != "id"]
    for key in head_keys:
        old, new = before[0].get(key, ""), after[0].get(key, "")
        if old != new:
            changes.append(FieldChange(header_label(key), _shown(old), _shown(new)))
    old_conditions = [row for row in before if "mobility_type" in row]
    new_conditions = [row for row in after if "mobility_type" in row]
    for index in range(max(len(old_conditions), len(new_conditions))):
        label = f"Condition {index + 1}"
        if index >= len(old_conditions):
            changes.append(FieldChange(label, "—", _condition_summary(new_conditions[index])))
        elif index >= len(new_conditions):
            changes.append(FieldChange(label, _condition_summary(old_conditions[index]), "removed"))
        else:
            for key in CONDITION_KEYS:
                old, new = old_conditions[index].get(key, ""), new_conditions[index].get(key, "")
                if old != new:
                    changes.append(FieldChange(f"{label}: {header_label(key)}", _shown(old), _shown(new)))
    return changes


def _condition_summary(row: dict[str, Value]) -> str:
    years = f"{row['first_academic_year']}–{row['last_academic_year']}"
    return (
        f"{row['mobility_type']} {row['sending_institution']} → {row['receiving_institution']}, "
        f"{years}, {row['places_per_year']} place(s)"
    )


def _rows_of(agreement_id: int) -> list[dict[str, Value]]:
    return agreement_rows(export_queryset(Agreement.objects.filter(pk=agreement_id)).get())


def _same_as_stored(agreement: Agreement, data: services.AgreementInput) -> bool:
    # An empty status cell means "as it is"; the stored input may leave the status out altogether.
    stored = replace(services.agreement_input_from(agreement), status=agreement.status)
    return stored == replace(data, status=data.status or agreement.status)


class _Writer:
    """Runs the services for each agreement inside the caller's transaction and describes what changed."""

    def __init__(
        self, actor: User, report: ImportReport, inputs: list[tuple[_Group, Any, list[int]]]
    ) -> None:
        self.actor = actor
        self.report = report
        self.seen: dict[int, int] = {}
        # Every agreement the file names, loaded with its rows in a few queries rather than a few each.
        ids = {group.existing_id for group, _, _ in inputs if group.existing_id is not None}
        codes = {data.reference_code for group, data, _ in inputs if group.existing_id is None}
        found: list[Agreement] = []
        for start in range(0, max(len(ids), len(codes)), LOOKUP_CHUNK):
            id_chunk = sorted(ids)[start : start + LOOKUP_CHUNK]
            code_chunk = sorted(codes - {""})[start : start + LOOKUP_CHUNK]
            matching = Agreement.objects.filter(Q(pk__in=id_chunk) | Q(reference_code__in=code_chunk))
            found += export_queryset(matching)
        self.by_id = {a.pk: a for a in found}
        self.by_code = {a.reference_code: a for a in found if a.reference_code}
        visible = agreements_visible_to(actor)
        self.visible_ids: set[int] = set()
        for start in range(0, len(found), LOOKUP_CHUNK):
            chunk = [a.pk for a in found[start : start + LOOKUP_CHUNK]]
            self.visible_ids |= set(visible.filter(pk__in=chunk).values_list("pk", flat=True))

    def existing(self, group: _Group, data: services.AgreementInput) -> Agreement | None:
        first = group.rows[0].number
        if group.existing_id is not None:
            agreement = self.by_id.get(group.existing_id)
            if agreement is None or agreement.pk not in self.visible_ids:
                self.report.add(first, "id", f"no agreement has the id {group.existing_id}")
                return None
            return agreement
        agreement = self.by_code.get(data.reference_code) if data.reference_code else None
        if agreement is not None and agreement.pk not in self.visible_ids:
            self.report.add(first, "reference_code", "is used by an agreement you may not change")
            return None
        return agreement

    def apply(
        self, group: _Group, data: services.AgreementInput, condition_rows: list[int]
    ) -> AgreementPlan | None:
        rows = [row.number for row in group.rows]
        first = rows[0]
        plan = AgreementPlan(action="create", key=group.key, title=data.title, rows=rows)
        problems = len(self.report.problems)
        agreement = self.existing(group, data)
        if len(self.report.problems) > problems:
            return None
        if agreement is not None:
            if agreement.pk in self.seen:
                self.report.add(
                    first, "reference_code", f"the agreement is also on row {self.seen[agreement.pk]}"
                )
                return None
            self.seen[agreement.pk] = first
            plan.agreement_id = agreement.pk
            # The preview names a stored agreement by its reference code, which people know, not "id 3".
            plan.key = agreement.reference_code or plan.key
            stored = agreement
            if _same_as_stored(stored, data):
                plan.action = "unchanged"
                return plan
            if not can_edit_agreement(self.actor, agreement):
                self.report.add(
                    first,
                    "id" if group.existing_id else "reference_code",
                    "is an agreement you may not change",
                )
                return None
            return self._update(plan, agreement, stored, data, group, condition_rows)
        try:
            created = services.agreement_create(data=data, actor=self.actor)
        except DomainError as error:
            row, column = _service_problem(error, group, condition_rows)
            self.report.add(row, column, error.message)
            return None
        plan.agreement_id = created.pk
        plan.summary = f"{len(data.partners)} partners, {len(data.conditions)} cooperation condition(s)"
        return plan

    def _update(
        self,
        plan: AgreementPlan,
        agreement: Agreement,
        stored: Agreement,
        data: services.AgreementInput,
        group: _Group,
        condition_rows: list[int],
    ) -> AgreementPlan | None:
        before = agreement_rows(stored)
        savepoint = transaction.savepoint()
        try:
            services.agreement_update(agreement=agreement, data=data, actor=self.actor)
        except DomainError as error:
            transaction.savepoint_rollback(savepoint)
            row, column = _service_problem(error, group, condition_rows)
            self.report.add(row, column, error.message)
            return None
        plan.changes = _changes(before, _rows_of(agreement.pk))
        if plan.changes:
            transaction.savepoint_commit(savepoint)
            plan.action = "update"
        else:
            # Equal in substance (say 10 and 10.00 months): leave the stored rows and the version alone.
            transaction.savepoint_rollback(savepoint)
            plan.action = "unchanged"
        return plan


def agreements_import(
    *, content: bytes, filename: str, actor: User, dry_run: bool, expected_fingerprint: str | None = None
) -> ImportResult:
    """Read, validate and (unless `dry_run` or a problem) write; see the module's docstring.

    With `expected_fingerprint` (from a preview), nothing is written if the outcome would now differ.
    """
    if not can_create_agreement(actor):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may not import agreements.")
    table = read_table(content, filename)
    report = ImportReport()
    result = ImportResult(filename=filename, dry_run=dry_run)
    unknown = [h for h in table.headers if not _known_column(h)]
    for key in unknown:
        report.add(1, key, "is not a column of the agreements template; rename or remove it")
    for key in REQUIRED_COLUMNS:
        if key not in table.headers:
            report.add(1, key, "column is missing")
    if not ("reference_code" in table.headers or "id" in table.headers):
        report.add(1, "reference_code", "column is missing")
    if not table.rows:
        report.add(None, "", "the file has no rows below its header")
    if report.ok:
        _plan(table.rows, table.headers, actor, report, result, dry_run, expected_fingerprint)
    result.problems = [
        ImportProblem(p.row, header_label(p.column) if p.column else "", p.message) for p in report.problems
    ]
    result.problems.sort(key=lambda p: (p.row or 0, p.column))
    return result


def _plan(
    rows: list[Row],
    headers: list[str],
    actor: User,
    report: ImportReport,
    result: ImportResult,
    dry_run: bool,
    expected_fingerprint: str | None,
) -> None:
    slots = _partner_slots(headers)
    head_keys = [c.key for c in columns(slots) if c.level != "condition"]
    reader = _Reader(actor, report, slots)
    inputs = []
    for group in _groups(rows, report):
        data = reader.agreement(group, head_keys)
        if data is not None:
            condition_rows = [
                r.number for r in group.rows if any(not is_blank(r.get(k)) for k in CONDITION_KEYS)
            ]
            inputs.append((group, data, condition_rows))
    with transaction.atomic():
        writer = _Writer(actor, report, inputs)
        for group, data, condition_rows in inputs:
            plan = writer.apply(group, data, condition_rows)
            if plan is not None:
                result.plans.append(plan)
        result.stale = bool(expected_fingerprint) and expected_fingerprint != result.fingerprint()
        if dry_run or not report.ok or result.stale:
            transaction.set_rollback(True)
            return
        audit.record(
            actor=actor,
            action="agreements.imported",
            target=actor,
            data={
                "file": result.filename,
                "created": len(result.of("create")),
                "updated": len(result.of("update")),
                "unchanged": len(result.of("unchanged")),
            },
        )
        result.written = True
