"""Identifiers of the exchange world, validated and put in one canonical form (pure functions).

Each `normalise_*` returns the canonical string or raises `IdentifierError` naming what is wrong.
"""

import re

_WHITESPACE = re.compile(r"\s+", re.UNICODE)

# Country prefixes of Erasmus institutional codes (the legacy EU vehicle-style codes, not ISO 3166).
ERASMUS_PREFIXES = frozenset(
    {
        "A",
        "B",
        "BG",
        "CY",
        "CZ",
        "D",
        "DK",
        "E",
        "EE",
        "F",
        "G",
        "HR",
        "HU",
        "I",
        "IRL",
        "IS",
        "LI",
        "LT",
        "LUX",
        "LV",
        "M",
        "MT",
        "N",
        "NL",
        "P",
        "PL",
        "RO",
        "S",
        "SF",
        "SI",
        "SK",
        "TR",
        "UK",
        "MK",
        "RS",
        "XK",
        "FL",
        "AL",
        "BA",
        "ME",
        "CH",
        "AM",
        "GE",
        "UA",
        "MD",
    }
)
# Publishers sometimes write the ISO 3166 code where the Erasmus prefix belongs ('BE BRUGGE11' for
# 'B  BRUGGE11'); these ISO codes are never Erasmus prefixes themselves, so reading them as aliases is safe.
ERASMUS_PREFIX_BY_ISO = {
    "AT": "A",
    "BE": "B",
    "DE": "D",
    "ES": "E",
    "FR": "F",
    "GR": "G",
    "EL": "G",
    "IT": "I",
    "IE": "IRL",
    "LU": "LUX",
    "NO": "N",
    "PT": "P",
    "SE": "S",
    "FI": "SF",
    "GB": "UK",
}
_ERASMUS_REST = re.compile(r"^[A-Z][A-Z\-]*[A-Z]?[0-9]{1,3}$")
_LABEL = r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
_SCHAC = re.compile(rf"^(?=.{{3,253}}$){_LABEL}(\.{_LABEL})+$")
_ROR = re.compile(r"^0[0-9a-hjkmnp-tv-z]{6}[0-9]{2}$")
_ROR_PREFIXES = ("https://ror.org/", "http://ror.org/", "ror.org/")
_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
_ISCED = re.compile(r"^[0-9]{2,4}$")
_ACADEMIC_YEAR = re.compile(r"^([0-9]{4})/([0-9]{4})$")
CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")


class IdentifierError(ValueError):
    def __init__(self, kind: str, value: str, problem: str):
        super().__init__(f"{kind} {value!r}: {problem}")
        self.kind = kind
        self.value = value
        self.problem = problem


def normalise_erasmus_code(value: str) -> str:
    """Canonical Erasmus code: the country prefix padded with spaces to three characters, then the city
    part and number with no spaces, upper case: 'D\u00a0 AUGSBUR02' -> 'D  AUGSBUR02', 'pl warszaw01' ->
    'PL WARSZAW01', 'IRLDUBLIN01' stays, 'BE BRUGGE11' -> 'B  BRUGGE11'. This is the form the Commission
    publishes for well-formed codes."""
    text = _WHITESPACE.sub(" ", value.replace("\u00a0", " ")).strip().upper()
    if not text:
        raise IdentifierError("Erasmus code", value, "is empty")
    first, _, remainder = text.partition(" ")
    first = ERASMUS_PREFIX_BY_ISO.get(first, first) if remainder else first
    if first in ERASMUS_PREFIXES and remainder:
        prefix, rest = first, remainder
    else:
        compact = text.replace(" ", "")
        candidates = [
            p for p in ERASMUS_PREFIXES if compact.startswith(p) and _ERASMUS_REST.match(compact[len(p) :])
        ]
        if not candidates:
            raise IdentifierError("Erasmus code", value, "does not start with a known country prefix")
        prefix = max(candidates, key=len)
        rest = compact[len(prefix) :]
    rest = rest.replace(" ", "")
    if not _ERASMUS_REST.match(rest):
        problem = "must be a city code followed by a number, e.g. 'PL WARSZAW01'"
        raise IdentifierError("Erasmus code", value, problem)
    return prefix.ljust(3) + rest


def normalise_schac_id(value: str) -> str:
    """A SCHAC home organisation id is a lower-case internet domain, e.g. 'uw.edu.pl'."""
    text = value.strip().lower().rstrip(".")
    if not _SCHAC.match(text):
        raise IdentifierError("SCHAC id", value, "must be a domain name such as 'uw.edu.pl'")
    return text


def normalise_pic(value: str) -> str:
    text = _WHITESPACE.sub("", value)
    if not (len(text) == 9 and text.isascii() and text.isdigit()):
        raise IdentifierError("PIC", value, "must be exactly 9 digits")
    return text


def ror_checksum(base: str) -> str:
    """ISO/IEC 7064 MOD 97-10 check digits over the Crockford base32 value of the first seven characters."""
    number = 0
    for char in base:
        number = number * 32 + _CROCKFORD.index(char)
    return f"{98 - (number * 100) % 97:02d}"


def normalise_ror_id(value: str) -> str:
    """The 9-character ROR id ('03yrm5c26'), from either the bare id or its https://ror.org/ URL."""
    text = value.strip().lower()
    for prefix in _ROR_PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    if not _ROR.match(text):
        raise IdentifierError("ROR id", value, "must be 0 followed by 6 base32 characters and 2 check digits")
    if ror_checksum(text[:7]) != text[7:]:
        raise IdentifierError("ROR id", value, "has wrong check digits")
    return text


def normalise_isced_code(value: str) -> str:
    """ISCED-F 2013 field code: 2 (broad), 3 (narrow) or 4 (detailed) digits; leading zeros are kept."""
    text = value.strip()
    if not _ISCED.match(text):
        raise IdentifierError("ISCED-F code", value, "must be 2 to 4 digits, e.g. '0613'")
    return text


def normalise_cefr_level(value: str) -> str:
    text = value.strip().upper()
    if text not in CEFR_LEVELS:
        raise IdentifierError("CEFR level", value, "must be one of A1, A2, B1, B2, C1, C2")
    return text


def validate_eqf_level(value: int | str) -> int:
    try:
        level = int(value)
    except (TypeError, ValueError):
        raise IdentifierError("EQF level", str(value), "must be a whole number from 1 to 8") from None
    if not 1 <= level <= 8:
        raise IdentifierError("EQF level", str(value), "must be from 1 to 8")
    return level


def parse_academic_year(value: str) -> int:
    """'2026/2027' -> 2026 (the start year); the second year must follow the first."""
    match = _ACADEMIC_YEAR.match(value.strip())
    if not match:
        raise IdentifierError("academic year", value, "must look like '2026/2027'")
    start, end = int(match.group(1)), int(match.group(2))
    if end != start + 1:
        raise IdentifierError("academic year", value, "the second year must follow the first")
    return start


def format_academic_year(start_year: int) -> str:
    return f"{start_year}/{start_year + 1}"


_E164 = re.compile(r"^\+[1-9][0-9]{0,14}$")


def normalise_phone_e164(value: str) -> str:
    """'+48 22 55 20 000' -> '+48225520000'; a leading 00 is read as +."""
    text = re.sub(r"[\s().\-/]", "", value)
    if text.startswith("00"):
        text = "+" + text[2:]
    if not _E164.match(text):
        raise IdentifierError("phone number", value, "must be in international form, e.g. +48 22 552 00 00")
    return text
