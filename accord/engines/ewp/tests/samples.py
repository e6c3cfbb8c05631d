"""Small hand-built agreements shared by the render/parse tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from accord.engines.ewp import (
    Contact,
    Iia,
    IiaPartner,
    LanguageSkill,
    MobilityKind,
    MobilitySpec,
    SubjectArea,
)


def spec(kind: MobilityKind, **overrides: object) -> MobilitySpec:
    values: dict[str, object] = {
        "kind": kind,
        "sending_hei_id": "uw.edu.pl",
        "receiving_hei_id": "hibo.no",
        "receiving_first_academic_year_id": "2026/2027",
        "receiving_last_academic_year_id": "2028/2029",
        "mobilities_per_year": 2,
        "recommended_language_skills": (LanguageSkill("en", "B2"),),
    }
    if kind.is_student:
        values.update(blended=False, total_months_per_year=Decimal("5"), eqf_levels=(6, 7))
    else:
        values.update(total_days_per_year=Decimal("8"))
    values.update(overrides)
    return MobilitySpec(**values)  # type: ignore[arg-type]


def agreement(*conditions: MobilitySpec, **overrides: object) -> Iia:
    values: dict[str, object] = {
        "partners": (
            IiaPartner(
                hei_id="uw.edu.pl",
                ounit_id="140",
                iia_id="0f7a5682-faf7-49a7-9cc7-ec486c49a281",
                iia_code="983/E+/III14&15",
                signing_contact=Contact("Sylwia Nowak", "Sylwia", "Nowak", email="s.nowak@uw.edu.pl"),
                signing_date=date(2026, 3, 1),
                contacts=(Contact("Jadwiga Kowalska", phone_e164="+48221234567", role_description="IRO"),),
            ),
            IiaPartner(hei_id="hibo.no", iia_id="1954991", iia_code="2014/E+/PL/4104B"),
        ),
        "in_effect": True,
        "conditions": conditions
        or (
            spec(
                MobilityKind.STUDENT_STUDIES,
                subject_areas=(SubjectArea("0314", "Social and behavioural sciences"),),
                sending_contacts=(Contact("XYZ", email="xyz@uw.edu.pl"),),
            ),
            spec(
                MobilityKind.STAFF_TEACHER,
                sending_hei_id="hibo.no",
                receiving_hei_id="uw.edu.pl",
                receiving_ounit_id="140",
            ),
        ),
        "pdf_file": "4a483112-d306-4e77-87ff-05b823fb0e0f",
    }
    values.update(overrides)
    return Iia(**values)  # type: ignore[arg-type]
