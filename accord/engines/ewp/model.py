"""Plain, immutable data model of an Interinstitutional Agreement as EWP IIAs v7 describes it.

Independent of Django: the adapter maps its models to these objects and back. Field names follow the EWP
element names (``receiving_first_academic_year_id`` is ``<receiving-first-academic-year-id>``), so the
renderer and parser are one-to-one and reviewers can check them against the XSD. Collections are tuples so
that objects are hashable and compare by value (the round-trip tests rely on ``==``).

What v6 documents add is kept, with flags rather than silent fixes: a 3-digit ISCED code stays as received
(``SubjectArea.is_v7_isced`` is False), ``mobilities_per_year`` may be ``None``, ``conditions_hash`` is kept.
The v7 migration markers (``not-yet-defined``, ``v6-value``) are fields too, because they change the hash
and make an agreement not approvable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum


class MobilityKind(StrEnum):
    """The four one-direction mobility specifications; value = element name minus ``-mobility-spec``."""

    STUDENT_STUDIES = "student-studies"
    STUDENT_TRAINEESHIP = "student-traineeship"
    STAFF_TEACHER = "staff-teacher"
    STAFF_TRAINING = "staff-training"

    @property
    def element_name(self) -> str:
        return f"{self.value}-mobility-spec"

    @property
    def is_student(self) -> bool:
        return self in (MobilityKind.STUDENT_STUDIES, MobilityKind.STUDENT_TRAINEESHIP)


# The XSD sequence in <cooperation-conditions>: all studies specs, then traineeships, teachers, trainings.
KIND_ORDER: tuple[MobilityKind, ...] = tuple(MobilityKind)

_ISCED_V7 = re.compile(r"[0-9]{4}")


@dataclass(frozen=True)
class Contact:
    """Subset of ``types-contact`` the product keeps (first name/email/phone; other languages are dropped)."""

    contact_name: str
    person_given_names: str | None = None
    person_family_name: str | None = None
    email: str | None = None
    phone_e164: str | None = None
    role_description: str | None = None


@dataclass(frozen=True)
class IiaPartner:
    """One ``<partner>``: the first is the HEI serving the document, the second its partner."""

    hei_id: str
    ounit_id: str | None = None
    iia_id: str | None = None
    iia_code: str | None = None
    signing_contact: Contact | None = None
    signing_date: date | None = None
    contacts: tuple[Contact, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "contacts", tuple(self.contacts))


@dataclass(frozen=True)
class SubjectArea:
    """``<subject-area>``: ISCED-F 2013 code and optional clarification.

    ``v6_value`` is the v7 ``v6-value`` attribute (the 1-3 digit code approved under v6); it makes the
    agreement not approvable. A v6 document's short code is kept in ``isced_f_code`` as is.
    """

    isced_f_code: str
    isced_clarification: str | None = None
    v6_value: str | None = None

    @property
    def is_v7_isced(self) -> bool:
        """False for codes a v7 document cannot carry (v6 allowed 1-3 digits)."""
        return _ISCED_V7.fullmatch(self.isced_f_code) is not None


@dataclass(frozen=True)
class LanguageSkill:
    """``<recommended-language-skill>``: language (xs:language), CEFR level A1..C2, optional subject area."""

    language: str
    cefr_level: str | None = None
    subject_area: SubjectArea | None = None
    not_yet_defined: bool = False


@dataclass(frozen=True)
class MobilitySpec:
    """One ``<*-mobility-spec>`` (a one-direction cooperation condition).

    Student kinds use ``total_months_per_year``, ``blended`` (required by the XSD) and ``eqf_levels``;
    staff kinds use ``total_days_per_year``. The renderer ignores fields of the other family.
    """

    kind: MobilityKind
    sending_hei_id: str
    receiving_hei_id: str
    receiving_first_academic_year_id: str
    receiving_last_academic_year_id: str
    mobilities_per_year: int | None = None
    sending_ounit_id: str | None = None
    receiving_ounit_id: str | None = None
    sending_contacts: tuple[Contact, ...] = ()
    receiving_contacts: tuple[Contact, ...] = ()
    recommended_language_skills: tuple[LanguageSkill, ...] = ()
    subject_areas: tuple[SubjectArea, ...] = ()
    other_info_terms: str | None = None
    total_months_per_year: Decimal | None = None
    blended: bool | None = None
    eqf_levels: tuple[int, ...] = ()
    total_days_per_year: Decimal | None = None
    mobilities_per_year_not_yet_defined: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", MobilityKind(self.kind))
        for name in (
            "sending_contacts",
            "receiving_contacts",
            "recommended_language_skills",
            "subject_areas",
            "eqf_levels",
        ):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    @property
    def has_migration_markers(self) -> bool:
        """True when a ``not-yet-defined`` or ``v6-value`` marker is present (not approvable in v7)."""
        areas = list(self.subject_areas) + [
            s.subject_area for s in self.recommended_language_skills if s.subject_area is not None
        ]
        return (
            self.mobilities_per_year_not_yet_defined
            or any(s.not_yet_defined for s in self.recommended_language_skills)
            or any(a.v6_value is not None for a in areas)
        )


@dataclass(frozen=True)
class Iia:
    """One ``<iia>``.

    ``conditions`` is normalised at construction to the XSD order (grouped by kind in ``KIND_ORDER``, stable
    within a kind), which is the order of the rendered document, so ``parse(render(x)) == x``.

    ``iia_hash`` is the hash *stated* in a parsed document; the renderer ignores it and always computes the
    hash of what it renders. ``computed_iia_hash`` is filled by the parser from the partner's own XML (the
    value to compare with ``iia_hash`` before approving); it does not take part in ``==``.
    """

    partners: tuple[IiaPartner, IiaPartner]
    in_effect: bool
    conditions: tuple[MobilitySpec, ...] = ()
    terminated_as_a_whole: bool = False
    iia_hash: str | None = None
    pdf_file: str | None = None
    conditions_hash: str | None = None  # v6 only
    source_version: int = 7
    computed_iia_hash: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        partners = tuple(self.partners)
        if len(partners) != 2:
            raise ValueError(f"an IIA has exactly 2 partners, got {len(partners)}")
        object.__setattr__(self, "partners", partners)
        rank = {kind: i for i, kind in enumerate(KIND_ORDER)}
        object.__setattr__(self, "conditions", tuple(sorted(self.conditions, key=lambda c: rank[c.kind])))

    @property
    def iia_id(self) -> str | None:
        """The id of the serving HEI's copy (first partner), the key of the ``get`` endpoint."""
        return self.partners[0].iia_id

    @property
    def valid_for_approval(self) -> bool:
        """False when migration markers are present, as the official XSLT reports (``valid-for-approval``)."""
        return not any(c.has_migration_markers for c in self.conditions)
