"""Reading the cells of an agreements spreadsheet: choices, academic years, EQF levels, subject areas,
languages, and the institutions, units and contacts the cells name.

Every parser raises `CellError` with a message for the user; `Resolver` remembers what it looked up, so a
file naming one partner on a thousand rows costs one query for it.
"""

import re
from collections.abc import Callable
from typing import Any

from django.db.models import Q, TextChoices

from accord.accounts.models import User
from accord.agreements.services import LanguageInput, SubjectAreaInput
from accord.common.spreadsheets import CellError, parse_text
from accord.engines.identifiers import (
    IdentifierError,
    normalise_erasmus_code,
    normalise_pic,
    normalise_ror_id,
    normalise_schac_id,
    validate_eqf_level,
)
from accord.institutions.models import Contact, Institution, OrganisationalUnit
from accord.institutions.selectors import institutions_visible_to
from accord.reference.models import IscedField

_YEAR = re.compile(r"^(\d{4})\s*(?:[/\-–]\s*(\d{2}|\d{4}))?$")
_LANGUAGE = re.compile(
    r"^(?P<code>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)\s+(?P<level>[ABCabc][12])(?:\s+for\s+(?P<isced>\d{1,4}))?$"
)
_AREA = re.compile(r"^(?P<code>\d{1,4})\s*(?:\((?P<clarification>.*)\))?$", re.DOTALL)


def parse_free_text(value: Any) -> str:
    """Text as exported: the export guards a leading = + - @ with an apostrophe (so that no spreadsheet
    program runs it as a formula); reading it back removes the guard."""
    text = parse_text(value)
    return text[1:] if text[:1] == "'" and text[1:2] in {"=", "+", "-", "@"} else text


def choice_parser(choices: type[TextChoices]) -> Callable[[Any], str]:
    """A choice by its value (`erasmus_iia`) or its label, in any case."""
    by_text = {str(value).lower(): str(value) for value in choices.values}
    by_text.update({str(label).lower(): str(value) for value, label in choices.choices})

    def parse(value: Any) -> str:
        text = re.sub(r"\s+", " ", parse_text(value)).lower()
        if text in by_text:
            return by_text[text]
        allowed = ", ".join(str(v) for v in choices.values)
        raise CellError(f"{parse_text(value)!r} is not one of: {allowed}")

    return parse


def parse_academic_year(value: Any) -> int:
    """`2026/2027`, `2026-27`, `2026` (or the number 2026) -> 2026, the year it starts in."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    match = _YEAR.match(text)
    if match:
        start = int(match.group(1))
        end = match.group(2)
        follows = end is None or int(end) in {start + 1, (start + 1) % 100}
        if follows and 1900 <= start <= 2200:
            return start
    raise CellError(f"{text!r} is not an academic year such as 2026/2027")


def parse_eqf_levels(value: Any) -> list[int]:
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not float(value).is_integer():
            raise CellError(f"{value!r}: separate EQF levels with commas, such as 6, 7")
        value = str(int(value))
    levels = set()
    for token in re.split(r"[\s,;/]+", str(value).strip()):
        if token:
            try:
                levels.add(validate_eqf_level(token))
            except IdentifierError as exc:
                raise CellError(f"{token!r} is not an EQF level from 1 to 8") from exc
    return sorted(levels)


def split_list(value: Any) -> list[str]:
    """`a; b (x; y); c` -> ['a', 'b (x; y)', 'c']: semicolons inside parentheses belong to the item."""
    items: list[str] = []
    current: list[str] = []
    depth = 0
    for char in parse_text(value):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        if char == ";" and depth == 0:
            items.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    items.append("".join(current).strip())
    return [item for item in items if item]


class IscedCodes:
    """Known ISCED-F codes, to restore the leading zeros a spreadsheet program drops (613 -> 0613)."""

    def __init__(self) -> None:
        self._known: set[str] | None = None

    def restore(self, code: str) -> str:
        if self._known is None:
            self._known = set(IscedField.objects.values_list("code", flat=True))
        if code in self._known:
            return code
        padded = [c for c in (code.zfill(n) for n in (2, 3, 4)) if c != code and c in self._known]
        return padded[0] if len(set(padded)) == 1 else code


def subject_areas_parser(isced: IscedCodes) -> Callable[[Any], list[SubjectAreaInput]]:
    def parse(value: Any) -> list[SubjectAreaInput]:
        areas = []
        for item in split_list(value):
            match = _AREA.match(item)
            if not match:
                raise CellError(f"{item!r} should be an ISCED-F code, optionally with (a clarification)")
            clarification = (match.group("clarification") or "").strip()
            areas.append(SubjectAreaInput(isced.restore(match.group("code")), clarification))
        return areas

    return parse


def languages_parser(isced: IscedCodes) -> Callable[[Any], list[LanguageInput]]:
    def parse(value: Any) -> list[LanguageInput]:
        languages = []
        for item in split_list(value):
            match = _LANGUAGE.match(re.sub(r"\s+", " ", item))
            if not match:
                raise CellError(f"{item!r} should look like 'en B2' or 'en B2 for 0613'")
            code = match.group("isced")
            languages.append(
                LanguageInput(
                    match.group("code"), match.group("level").upper(), isced.restore(code) if code else None
                )
            )
        return languages

    return parse


def _normalised(normaliser: Callable[[str], str], text: str) -> str | None:
    try:
        return normaliser(text)
    except IdentifierError:
        return None


class Resolver:
    """Institutions, units and contacts named in cells, looked up once each, within what the actor sees."""

    def __init__(self, actor: User) -> None:
        self.institutions = institutions_visible_to(actor)
        self._institutions: dict[str, Institution] = {}
        self._units: dict[int, list[OrganisationalUnit]] = {}
        self._contacts: dict[int, list[Contact]] = {}

    def institution(self, value: Any) -> Institution:
        text = parse_text(value)
        if text not in self._institutions:
            self._institutions[text] = self._find_institution(text)
        return self._institutions[text]

    def _find_institution(self, text: str) -> Institution:
        if text.lower().startswith("id:") and text[3:].strip().isdigit():
            found = list(self.institutions.filter(pk=int(text[3:])))
        else:
            query = Q()
            for name, normaliser in (
                ("schac_id", normalise_schac_id),
                ("erasmus_code", normalise_erasmus_code),
                ("pic", normalise_pic),
                ("ror_id", normalise_ror_id),
            ):
                normalised = _normalised(normaliser, text)
                if normalised:
                    query |= Q(**{name: normalised})
            found = list(self.institutions.filter(query)) if query else []
        if len(found) == 1:
            return found[0]
        if found:
            raise CellError(f"{text!r} names more than one institution; use its SCHAC id")
        raise CellError(f"no institution has the SCHAC id, Erasmus code, PIC or ROR id {text!r}")

    def unit(self, institution: Institution, value: Any) -> OrganisationalUnit:
        text = parse_text(value).lower()
        if institution.pk not in self._units:
            self._units[institution.pk] = list(OrganisationalUnit.objects.filter(institution=institution))
        units = self._units[institution.pk]
        found = [u for u in units if u.code.lower() == text] or [u for u in units if u.name.lower() == text]
        if len(found) == 1:
            return found[0]
        if found:
            raise CellError(
                f"{parse_text(value)!r} names more than one unit of {institution.name}; use its code"
            )
        raise CellError(f"{institution.name} has no unit with the code or name {parse_text(value)!r}")

    def contact(self, institution: Institution, value: Any) -> Contact:
        text = parse_text(value).lower()
        if institution.pk not in self._contacts:
            self._contacts[institution.pk] = list(Contact.objects.filter(institution=institution))
        contacts = self._contacts[institution.pk]
        found = [c for c in contacts if c.email and c.email.lower() == text] or [
            c for c in contacts if c.name.lower() == text
        ]
        if len(found) == 1:
            return found[0]
        if found:
            raise CellError(f"{parse_text(value)!r} names more than one contact; use the e-mail address")
        raise CellError(f"{institution.name} has no contact with the e-mail or name {parse_text(value)!r}")
