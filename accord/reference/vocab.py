"""Closed vocabularies of the exchange world: CEFR, EQF, countries with UN regions, languages, time zones.

Loaded once from the data files shipped in this package.
"""

import csv
import functools
from dataclasses import dataclass
from importlib import resources

import pycountry

CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
CEFR_CHOICES = [(level, level) for level in CEFR_LEVELS]

EQF_LEVELS = {
    1: "EQF 1",
    2: "EQF 2",
    3: "EQF 3",
    4: "EQF 4",
    5: "EQF 5 (short cycle)",
    6: "EQF 6 (bachelor)",
    7: "EQF 7 (master)",
    8: "EQF 8 (doctorate)",
}
EQF_CHOICES = list(EQF_LEVELS.items())


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    region: str
    subregion: str
    # UN M49 splits Sub-Saharan Africa and Latin America further ("Western Africa", "South America").
    intermediate: str = ""


def _data_file(name: str) -> str:
    return resources.files("accord.reference").joinpath("data", name).read_text(encoding="utf-8")


@functools.cache
def countries() -> dict[str, Country]:
    result: dict[str, Country] = {}
    for row in csv.DictReader(_data_file("iso3166_countries_regions.csv").splitlines()):
        region = row["region"] or ("Antarctica" if row["alpha-2"] == "AQ" else "Asia")
        subregion = row["sub-region"] or ("Antarctica" if row["alpha-2"] == "AQ" else "Eastern Asia")
        result[row["alpha-2"]] = Country(
            row["alpha-2"], row["name"], region, subregion, row["intermediate-region"]
        )
    # Kosovo has no ISO 3166 code but the EU and Erasmus use XK; Accord accepts it.
    result.setdefault("XK", Country("XK", "Kosovo", "Europe", "Southern Europe"))
    return result


def country_name(code: str) -> str:
    country = countries().get(code)
    return country.name if country else code


@functools.cache
def country_choices() -> list[tuple[str, str]]:
    return sorted(((c.code, c.name) for c in countries().values()), key=lambda item: item[1])


@functools.cache
def regions() -> dict[str, list[str]]:
    """UN region, sub-region or intermediate region name -> country codes (every level, so 'Africa',
    'Sub-Saharan Africa' and 'Western Africa' all work)."""
    result: dict[str, list[str]] = {}
    for country in countries().values():
        for name in {country.region, country.subregion, country.intermediate} - {""}:
            result.setdefault(name, []).append(country.code)
    return result


# Names people use for UN regions, mapped to the UN's own.
REGION_ALIASES = {
    "west africa": "Western Africa",
    "east africa": "Eastern Africa",
    "central africa": "Middle Africa",
    "southern africa": "Southern Africa",
    "latin america": "Latin America and the Caribbean",
    "middle east": "Western Asia",
    "southeast asia": "South-eastern Asia",
    "south east asia": "South-eastern Asia",
}


def region_named(text: str) -> str | None:
    """The UN region called `text` (any case, or a common alias such as 'West Africa'), or None."""
    wanted = " ".join(text.split()).lower()
    found = next((name for name in regions() if name.lower() == wanted), None)
    return found or REGION_ALIASES.get(wanted)


@functools.cache
def region_choices() -> list[tuple[str, str]]:
    every = countries().values()
    choices: list[tuple[str, str]] = []
    for top in sorted({c.region for c in every}):
        choices.append((top, top))
        for sub in sorted({c.subregion for c in every if c.region == top and c.subregion != top}):
            choices.append((sub, f"— {sub}"))
            below = {c.intermediate for c in every if c.subregion == sub and c.intermediate}
            choices.extend((name, f"—— {name}") for name in sorted(below))
    return choices


@functools.cache
def timezones_by_country() -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for row in csv.DictReader(_data_file("iana_tz_zones_by_country.csv").splitlines()):
        result.setdefault(row["country_code"], []).append(row["tz"])
    result.setdefault("XK", ["Europe/Belgrade"])
    return result


def language_name(code: str) -> str:
    base = code.split("-")[0].lower()
    language = (
        pycountry.languages.get(alpha_2=base) if len(base) == 2 else pycountry.languages.get(alpha_3=base)
    )
    return language.name if language else code


def is_language_code(code: str) -> bool:
    """A BCP 47 tag whose primary subtag is an ISO 639 language (e.g. `en`, `pt-BR`, `sr-Latn`)."""
    if not code or len(code) > 35:
        return False
    base = code.split("-")[0].lower()
    if len(base) == 2:
        return pycountry.languages.get(alpha_2=base) is not None
    if len(base) == 3:
        return pycountry.languages.get(alpha_3=base) is not None
    return False


@functools.cache
def language_choices() -> list[tuple[str, str]]:
    langs = [(lang.alpha_2, lang.name) for lang in pycountry.languages if hasattr(lang, "alpha_2")]
    return sorted(langs, key=lambda item: item[1])
