"""Demo agreements of every kind, with partner rows and cooperation conditions in both directions.

Dates follow the generator's `today`: some agreements expired, some expire within 180 days, some are still
being negotiated, most are live. Partners are drawn with a long tail, so a few real partners are busy.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from accord.agreements.models import (
    Agreement,
    AgreementKind,
    AgreementPartner,
    AgreementStatus,
    ConditionLanguage,
    ConditionSubjectArea,
    CooperationCondition,
    MobilityType,
)
from accord.demo import vocabulary as vocab
from accord.demo.institutions import Campus, Partner, Unit

if TYPE_CHECKING:
    from accord.demo.generator import Context

K = AgreementKind
S = AgreementStatus
KIND_WEIGHTS_CHARTER = {
    K.ERASMUS_IIA: 55,
    K.BILATERAL_EXCHANGE: 5,
    K.FRAMEWORK_MOU: 8,
    K.DOUBLE_DEGREE: 7,
    K.JOINT_DEGREE: 5,
    K.RESEARCH: 10,
    K.VIRTUAL_EXCHANGE: 10,
}
KIND_WEIGHTS_OTHER = {
    K.BILATERAL_EXCHANGE: 45,
    K.FRAMEWORK_MOU: 15,
    K.DOUBLE_DEGREE: 8,
    K.JOINT_DEGREE: 5,
    K.RESEARCH: 14,
    K.VIRTUAL_EXCHANGE: 13,
}
KIND_CODES: dict[str, str] = {
    K.ERASMUS_IIA: "IIA",
    K.BILATERAL_EXCHANGE: "BEX",
    K.FRAMEWORK_MOU: "MOU",
    K.DOUBLE_DEGREE: "DD",
    K.JOINT_DEGREE: "JD",
    K.RESEARCH: "RES",
    K.VIRTUAL_EXCHANGE: "VE",
}
MOBILE_KINDS = (K.ERASMUS_IIA, K.BILATERAL_EXCHANGE, K.DOUBLE_DEGREE, K.JOINT_DEGREE)
MOBILE_STATUSES = (S.SIGNED, S.ACTIVE, S.EXPIRED, S.TERMINATED)
PIPELINE = (S.DRAFT, S.IN_REVIEW, S.NEGOTIATION, S.PARTNER_APPROVED)
EQF_SETS = ([6], [7], [6, 7], [6, 7], [6, 7, 8], [7, 8])
FIRST_YEAR = 2019


@dataclass(frozen=True)
class Slot:
    """One cooperation condition that mobilities can run under, with the academic years they may fall in."""

    condition_id: int
    agreement_id: int
    outgoing: bool
    mobility_type: str
    partner_id: int
    partner_country: str
    partner_domain: str
    unit_id: int
    first_year: int
    last_year: int
    places: int


@dataclass
class Portfolio:
    slots: list[Slot]
    agreements_per_partner: dict[int, int]


def academic_year_of(day: dt.date) -> int:
    return day.year if day.month >= 9 else day.year - 1


def _dates(ctx: Context) -> tuple[str, dt.date, dt.date, int, int]:
    """Status, validity and condition years, drawn so that every lifecycle stage is represented."""
    rng, today = ctx.rng, ctx.today
    current = academic_year_of(today)
    top = max(2028, current + 2)
    roll = rng.random()
    if roll < 0.10:
        valid_to = today + dt.timedelta(days=rng.randint(7, 175))
        first, last = rng.randint(FIRST_YEAR, current - 1), academic_year_of(valid_to)
        status = S.ACTIVE if rng.random() < 0.85 else S.SIGNED
        return status, dt.date(first, 9, 1), valid_to, first, max(first, last)
    if roll < 0.28:
        last = rng.randint(FIRST_YEAR, current - 1)
        first = max(FIRST_YEAR, last - rng.randint(0, 4))
        status = S.EXPIRED if rng.random() < 0.85 else S.TERMINATED
        return status, dt.date(first, 9, 1), dt.date(last + 1, 8, 31), first, last
    if roll < 0.40:
        first = min(top, current + rng.randint(1, 2))
        last = min(top, first + rng.randint(1, 5))
        return rng.choice(PIPELINE), dt.date(first, 9, 1), dt.date(last + 1, 8, 31), first, last
    first = rng.randint(FIRST_YEAR, current)
    last = rng.randint(max(current + 1, first), top)
    status = S.ACTIVE if rng.random() < 0.9 else S.SIGNED
    return status, dt.date(first, 9, 1), dt.date(last + 1, 8, 31), first, last


def _title(ctx: Context, kind: str, partner: Partner, subject: str, first: int, last: int) -> str:
    rng = ctx.rng
    short = partner.name if len(partner.name) < 80 else partner.name[:77] + "..."
    if kind == K.ERASMUS_IIA:
        years = f"{first}/{first + 1}" + (f"-{last}/{last + 1}" if last > first else "")
        return f"Erasmus+ {years} with {short}"
    if kind == K.BILATERAL_EXCHANGE:
        return f"Student and staff exchange with {short}"
    if kind == K.FRAMEWORK_MOU:
        return f"Memorandum of understanding with {short}"
    if kind == K.DOUBLE_DEGREE:
        return f"Double master's degree in {subject} with {short}"
    if kind == K.JOINT_DEGREE:
        return f"Joint master's programme in {subject}"
    if kind == K.RESEARCH:
        return f"Research collaboration on {rng.choice(vocab.RESEARCH_TOPICS)} with {short}"
    return f"COIL virtual exchange in {subject} with {short}"


class _Rows:
    """Rows waiting to be written, as {field: value} dicts (a few hundred thousand at most)."""

    def __init__(self) -> None:
        self.agreements: list[dict[str, Any]] = []
        self.partners: list[dict[str, Any]] = []
        self.conditions: list[dict[str, Any]] = []
        self.areas: list[dict[str, Any]] = []
        self.languages: list[dict[str, Any]] = []


@dataclass(frozen=True)
class _Draft:
    """One agreement being generated: who, what, when, and the unit of ours that owns it."""

    id: int
    kind: str
    partner: Partner
    others: tuple[Partner, ...]
    unit: Unit
    status: str
    valid_from: dt.date
    valid_to: dt.date
    first: int
    last: int

    @property
    def signed(self) -> bool:
        return self.status not in PIPELINE


class _Builder:
    def __init__(self, ctx: Context, campus: Campus, isced_names: dict[str, str]) -> None:
        self.ctx, self.rng, self.campus, self.isced_names = ctx, ctx.rng, campus, isced_names
        self.next_agreement = ctx.writer.next_id(Agreement)
        self.next_condition = ctx.writer.next_id(CooperationCondition)
        # A long tail: the first partners in this order get most agreements. European charter holders come
        # first (as for a European university), then the other real partners, then the synthetic ones.
        self.ranked: list[Partner] = []
        for group in (
            [p for p in campus.partners if p.charter],
            [p for p in campus.partners if p.real and not p.charter],
            [p for p in campus.partners if not p.real],
        ):
            self.ranked.extend(self.rng.sample(group, len(group)))
        self.cum_weights = list(itertools.accumulate(1.0 / (r + 1) ** 0.9 for r in range(len(self.ranked))))
        self.charter = [p for p in campus.partners if p.charter]
        self.slots: list[Slot] = []
        self.per_partner: dict[int, int] = {}
        self.rows = _Rows()

    def draft(self, n: int) -> _Draft:
        rng, kinds = self.rng, list(K)
        # The first few agreements cover every kind, so that even the smallest demo shows them all.
        if n < len(kinds):
            partner, kind = self.ranked[n % len(self.ranked)], kinds[n]
        else:
            partner = rng.choices(self.ranked, cum_weights=self.cum_weights)[0]
            table = KIND_WEIGHTS_CHARTER if partner.charter else KIND_WEIGHTS_OTHER
            kind = rng.choices(list(table), weights=list(table.values()))[0]
        if kind == K.ERASMUS_IIA and not partner.charter:
            partner = rng.choice(self.charter)
        unit = rng.choice(self.campus.units)
        status, valid_from, valid_to, first, last = _dates(self.ctx)
        others: tuple[Partner, ...] = ()
        if kind in (K.JOINT_DEGREE, K.RESEARCH):
            others = tuple(p for p in rng.sample(self.charter, rng.randint(1, 2)) if p.id != partner.id)
        self.next_agreement += 1
        return _Draft(
            self.next_agreement - 1, kind, partner, others, unit, status, valid_from, valid_to, first, last
        )

    def add(self, n: int) -> None:
        d, rng, now = self.draft(n), self.rng, self.ctx.now
        subject = self.isced_names.get(d.unit.isced[0], "Interdisciplinary studies")
        self.rows.agreements.append(
            {
                "id": d.id,
                "created_at": now,
                "updated_at": now,
                "uuid": uuid.UUID(int=rng.getrandbits(128), version=4),
                "kind": d.kind,
                "title": _title(self.ctx, d.kind, d.partner, subject, d.first, d.last),
                "reference_code": f"ACC-{KIND_CODES[d.kind]}-{d.first}-{n + 1:06d}",
                "status": d.status,
                "valid_from": d.valid_from,
                "valid_to": d.valid_to,
                "owner_unit_id": d.unit.id,
                "notes": "",
                "version": 1,
            }
        )
        signing = d.valid_from - dt.timedelta(days=rng.randint(20, 200)) if d.signed else None
        sides: list[tuple[int, int | None, str, int | None]] = [(self.campus.home_id, d.unit.id, "", None)]
        for other in (d.partner, *d.others):
            self.per_partner[other.id] = self.per_partner.get(other.id, 0) + 1
            code = f"{other.country}-{d.first}-{rng.randrange(1000, 9999)}" if d.signed else ""
            sides.append((other.id, None, code, other.contact_id if d.signed else None))
        for position, (institution_id, unit_id, code, contact_id) in enumerate(sides):
            self.rows.partners.append(
                {
                    "created_at": now,
                    "updated_at": now,
                    "agreement_id": d.id,
                    "institution_id": institution_id,
                    "unit_id": unit_id,
                    "partner_agreement_id": "",
                    "partner_agreement_code": code,
                    "signing_contact_id": contact_id,
                    "signing_date": signing,
                    "position": position,
                }
            )
        if d.kind in MOBILE_KINDS:
            for position, terms in enumerate(_conditions(self.ctx, d.kind)):
                self.add_condition(d, position, *terms)

    def add_condition(
        self,
        d: _Draft,
        position: int,
        mtype: str,
        outgoing: bool,
        places: int,
        months: Any,
        days: Any,
        eqf: list[int],
    ) -> None:
        rng, now, home = self.rng, self.ctx.now, self.campus.home_id
        condition_id = self.next_condition
        self.next_condition += 1
        sender, receiver = (home, d.partner.id) if outgoing else (d.partner.id, home)
        self.rows.conditions.append(
            {
                "id": condition_id,
                "created_at": now,
                "updated_at": now,
                "agreement_id": d.id,
                "mobility_type": mtype,
                "sending_institution_id": sender,
                "sending_unit_id": d.unit.id if outgoing else None,
                "receiving_institution_id": receiver,
                "receiving_unit_id": None if outgoing else d.unit.id,
                "first_year_id": d.first,
                "last_year_id": d.last,
                "places_per_year": places,
                "total_months_per_year": months,
                "total_days_per_year": days,
                "blended": rng.random() < 0.05,
                "eqf_levels": eqf,
                "position": position,
                "other_terms": "Nominations by 15 May (autumn) and 15 October (spring)."
                if rng.random() < 0.2
                else "",
            }
        )
        if eqf:
            self.add_areas_and_languages(condition_id, d, outgoing)
        elif mtype == MobilityType.STAFF_TEACHING:
            # IIA v7 requires a recommended language for teaching; no random draw: the rest stays as seeded.
            self.rows.languages.append(
                {"condition_id": condition_id, "isced_id": None, "language": "en", "cefr_level": "B2"}
            )
        if d.status in MOBILE_STATUSES:
            p = d.partner
            self.slots.append(
                Slot(
                    condition_id,
                    d.id,
                    outgoing,
                    mtype,
                    p.id,
                    p.country,
                    p.domain,
                    d.unit.id,
                    d.first,
                    d.last,
                    places,
                )
            )

    def add_areas_and_languages(self, condition_id: int, d: _Draft, outgoing: bool) -> None:
        rng, subjects = self.rng, list(d.unit.isced)
        for code in rng.sample(subjects, rng.randint(1, min(3, len(subjects)))):
            # Some agreements name the narrow field ("061") rather than the detailed one ("0613").
            isced = code[:3] if rng.random() < 0.2 else code
            self.rows.areas.append({"condition_id": condition_id, "isced_id": isced, "clarification": ""})
        language = {"condition_id": condition_id, "isced_id": None}
        self.rows.languages.append(
            {**language, "language": "en", "cefr_level": rng.choice(("B1", "B2", "B2"))}
        )
        host_language = vocab.COUNTRY_LANGUAGE.get(d.partner.country, "en") if outgoing else "fr"
        if host_language != "en" and rng.random() < 0.5:
            level = rng.choice(("A2", "B1", "B2"))
            self.rows.languages.append({**language, "language": host_language, "cefr_level": level})

    def flush(self) -> int:
        rows, w = self.rows, self.ctx.writer
        written = w.write_dicts(Agreement, rows.agreements)
        w.write_dicts(AgreementPartner, rows.partners)
        w.write_dicts(CooperationCondition, rows.conditions)
        w.write_dicts(ConditionSubjectArea, rows.areas)
        w.write_dicts(ConditionLanguage, rows.languages)
        self.ctx.count("agreements", written)
        self.ctx.count("conditions", len(rows.conditions))
        self.rows = _Rows()
        return written


def build_agreements(ctx: Context, campus: Campus, *, total: int, isced_names: dict[str, str]) -> Portfolio:
    builder = _Builder(ctx, campus, isced_names)
    with ctx.progress("Agreements", total) as bar:
        for n in range(total):
            builder.add(n)
            if len(builder.rows.agreements) >= 2000:
                bar.update(builder.flush())
        bar.update(builder.flush())
    return Portfolio(slots=builder.slots, agreements_per_partner=builder.per_partner)


def _conditions(
    ctx: Context, kind: str
) -> list[tuple[str, bool, int, Decimal | None, int | None, list[int]]]:
    """(mobility type, outgoing?, places, months, days, EQF levels) for each condition of the agreement."""
    rng = ctx.rng
    M = MobilityType
    if kind in (K.DOUBLE_DEGREE, K.JOINT_DEGREE):
        places = rng.randint(2, 8)
        return [(M.STUDENT_STUDIES, out, places, Decimal(places * 10), None, [7]) for out in (True, False)]
    result: list[tuple[str, bool, int, Decimal | None, int | None, list[int]]] = []
    for outgoing in (True, False):
        places = rng.randint(1, 5)
        months = Decimal(places * rng.choice((5, 5, 6, 10)))
        result.append((M.STUDENT_STUDIES, outgoing, places, months, None, list(rng.choice(EQF_SETS))))
    if rng.random() < 0.35:
        for outgoing in (True, False):
            places = rng.randint(1, 2)
            result.append((M.STAFF_TEACHING, outgoing, places, None, places * 5, []))
    if rng.random() < 0.15:
        places = rng.randint(1, 3)
        result.append((M.STUDENT_TRAINEESHIP, True, places, Decimal(places * 3), None, [6, 7]))
    if rng.random() < 0.10:
        result.append((M.STAFF_TRAINING, False, 1, None, 5, []))
    return result
