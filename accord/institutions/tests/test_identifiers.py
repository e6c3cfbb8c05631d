"""The identifier engine (accord.engines.identifiers) on every real code we have, and on broken ones."""

import csv
import json
import re
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.engines.identifiers import (
    IdentifierError,
    format_academic_year,
    normalise_cefr_level,
    normalise_erasmus_code,
    normalise_isced_code,
    normalise_phone_e164,
    normalise_pic,
    normalise_ror_id,
    normalise_schac_id,
    parse_academic_year,
    ror_checksum,
    validate_eqf_level,
)
from accord_testing.data import reference_file

CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
CANONICAL = re.compile(r"^(?=.{3}[A-Z])[A-Z]{1,3} {0,2}[A-Z][A-Z-]*[0-9]{1,3}$")
# The Erasmus prefix each country's codes carry (the ECHE list uses EU country codes: EL is Greece).
PREFIX_BY_COUNTRY = {"AT": "A", "BE": "B", "DE": "D", "EL": "G", "ES": "E", "FI": "SF", "FR": "F",
                     "IE": "IRL", "IT": "I", "LU": "LUX", "NO": "N", "PT": "P", "SE": "S"}  # fmt: skip


@pytest.fixture(scope="module")
def charter_rows() -> list[dict[str, str]]:
    with reference_file("eche_accredited_heis_2026-04-08.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_charter_code_has_one_canonical_form(charter_rows):
    assert len(charter_rows) == 6142
    canonical = [normalise_erasmus_code(row["erasmus_code"]) for row in charter_rows]
    assert len(set(canonical)) == 6142
    assert all(normalise_erasmus_code(code) == code for code in canonical)
    # Canonical: a prefix padded to three characters, then the city and number without spaces.
    assert all(CANONICAL.match(code) for code in canonical)


def test_the_canonical_form_is_the_published_one_unless_the_publisher_slipped(charter_rows):
    changed = {}
    for row in charter_rows:
        code = normalise_erasmus_code(row["erasmus_code"])
        if code != row["erasmus_code"] and "\u00a0" not in row["erasmus_code"]:
            changed[row["erasmus_code"]] = code
    assert changed == {
        "BE BRUGGE11": "B  BRUGGE11",
        "DK FREDERICIA 01": "DK FREDERICIA01",
        "F  PARIS 063": "F  PARIS063",
        "RSPROKUP01": "RS PROKUP01",
    }
    with_nbsp = [row["erasmus_code"] for row in charter_rows if "\u00a0" in row["erasmus_code"]]
    assert len(with_nbsp) == 74
    assert normalise_erasmus_code("D\u00a0 AUGSBUR02") == "D  AUGSBUR02"


def test_every_charter_code_starts_with_its_countrys_prefix(charter_rows):
    mismatched = [
        row["erasmus_code"]
        for row in charter_rows
        if normalise_erasmus_code(row["erasmus_code"])[:3].rstrip()
        != PREFIX_BY_COUNTRY.get(row["country_code"], row["country_code"])
    ]
    # The transnational university of Limburg sits in Maastricht and holds a Belgian code.
    assert mismatched == ["B  DIEPENB07"]


def test_every_charter_pic_is_valid_and_unique(charter_rows):
    pics = [normalise_pic(row["pic"]) for row in charter_rows]
    assert len(set(pics)) == 6142


def test_every_ror_id_passes_the_checksum():
    with reference_file("ror_education_orgs.csv").open(encoding="utf-8", newline="") as handle:
        ids = [row["ror_id"] for row in csv.DictReader(handle)]
    assert len(ids) == 13229
    bare = [normalise_ror_id(ror_id) for ror_id in ids]
    assert len(set(bare)) == 13229
    assert all(normalise_ror_id(b) == b and len(b) == 9 for b in bare)


def test_every_world_list_domain_is_a_valid_schac_shaped_name():
    entries = json.loads(reference_file("world_universities_and_domains.json").read_text(encoding="utf-8"))
    domains = [domain for entry in entries for domain in entry["domains"]]
    assert len(domains) == 10575
    assert all(normalise_schac_id(domain) == domain.lower() for domain in domains)


@pytest.mark.parametrize(
    "raw, canonical",
    [("pl warszaw01", "PL WARSZAW01"), ("PLWARSZAW01", "PL WARSZAW01"), ("IRLDUBLIN01", "IRLDUBLIN01"),
     ("  E  BARCELO101 ", "E  BARCELO101"), ("D\u00a0\u00a0STUTTGA02", "D  STUTTGA02"),
     ("FI HELSINK01", "SF HELSINK01"), ("SF HELSINK01", "SF HELSINK01"), ("D  SCHWA-G01", "D  SCHWA-G01")],
)  # fmt: skip
def test_erasmus_code_examples(raw, canonical):
    assert normalise_erasmus_code(raw) == canonical


@pytest.mark.parametrize("raw", ["", "   ", "ZZ NOWHERE01", "PL WARSZAW", "PL 01", "PL WARSZAW0001", "12345"])
def test_invalid_erasmus_codes(raw):
    with pytest.raises(IdentifierError) as caught:
        normalise_erasmus_code(raw)
    assert caught.value.kind == "Erasmus code"


@pytest.mark.parametrize(
    "raw",
    [
        "03yrm5c27",
        "03yrm5c2",
        "13yrm5c26",
        "03yrm5i26",
        "03YRM5C2X",
        "https://ror.org/",
        "https://example.org/03yrm5c26",
    ],
)
def test_invalid_ror_ids(raw):
    with pytest.raises(IdentifierError):
        normalise_ror_id(raw)


def test_ror_id_forms():
    assert normalise_ror_id("https://ror.org/03yrm5c26") == "03yrm5c26"
    assert normalise_ror_id(" ROR.ORG/03YRM5C26 ") == "03yrm5c26"


@given(st.text(alphabet=CROCKFORD, min_size=6, max_size=6), st.integers(min_value=0, max_value=6), st.data())
def test_ror_checksum_catches_every_single_character_change(tail, position, data):
    base = "0" + tail
    ror_id = base + ror_checksum(base)
    assert normalise_ror_id(ror_id) == ror_id
    if position == 0:
        return  # the leading 0 is fixed by the format itself
    replacement = data.draw(st.sampled_from([c for c in CROCKFORD if c != base[position]]))
    broken = base[:position] + replacement + base[position + 1 :] + ror_id[7:]
    with pytest.raises(IdentifierError):
        normalise_ror_id(broken)


@pytest.mark.parametrize("raw", ["12345678", "1234567890", "12345678a", "", "１２３４５６７８９"])
def test_invalid_pics(raw):
    with pytest.raises(IdentifierError):
        normalise_pic(raw)


def test_pic_spaces_are_removed():
    assert normalise_pic(" 999 572 294 ") == "999572294"


@pytest.mark.parametrize(
    "raw", ["nodots", "-bad.example.org", "bad-.example.org", "a..b.org", "under_score.org", "x"]
)
def test_invalid_schac_ids(raw):
    with pytest.raises(IdentifierError):
        normalise_schac_id(raw)


def test_schac_id_is_lower_case_without_a_final_dot():
    assert normalise_schac_id("UW.edu.PL.") == "uw.edu.pl"


def test_isced_cefr_eqf_and_academic_years():
    assert normalise_isced_code(" 0613 ") == "0613"
    for bad in ("6", "06131", "ab"):
        with pytest.raises(IdentifierError):
            normalise_isced_code(bad)
    assert normalise_cefr_level(" b2 ") == "B2"
    with pytest.raises(IdentifierError):
        normalise_cefr_level("D1")
    assert validate_eqf_level("7") == 7
    for bad in (0, 9, "x", None):
        with pytest.raises(IdentifierError):
            validate_eqf_level(bad)
    assert parse_academic_year("2026/2027") == 2026
    assert format_academic_year(2026) == "2026/2027"
    for bad in ("2026/2028", "2026-2027", "26/27"):
        with pytest.raises(IdentifierError):
            parse_academic_year(bad)


@pytest.mark.parametrize(
    "raw, e164",
    [
        ("+48 22 552 00 00", "+48225520000"),
        ("0048 (22) 552-00-00", "+48225520000"),
        ("+1.617.555.0100", "+16175550100"),
    ],
)
def test_phone_numbers(raw, e164):
    assert normalise_phone_e164(raw) == e164


@pytest.mark.parametrize("raw", ["022 552 00 00", "+0 123", "+1234567890123456", "phone"])
def test_invalid_phone_numbers(raw):
    with pytest.raises(IdentifierError):
        normalise_phone_e164(raw)


def test_errors_name_the_identifier_the_value_and_the_problem():
    with pytest.raises(IdentifierError) as caught:
        normalise_pic("123")
    assert (caught.value.kind, caught.value.value, caught.value.problem) == (
        "PIC",
        "123",
        "must be exactly 9 digits",
    )
    assert str(caught.value) == "PIC '123': must be exactly 9 digits"


def test_prefix_counts_match_the_published_list(charter_rows):
    prefixes = Counter(normalise_erasmus_code(row["erasmus_code"])[:3].rstrip() for row in charter_rows)
    assert prefixes["E"] == 1883 and prefixes["F"] == 1761 and prefixes["B"] == 84
