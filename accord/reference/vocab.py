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


def _data_file(name: str) -> str:
    return resources.files("accord.reference").joinpath("data", name).read_text(encoding="utf-8")


@functools.cache
def countries() -> dict[str, Country]:
    result: dict[str, Country] = {}
    for row in csv.DictReader(_data_file("iso3166_countries_regions.csv").splitlines()):
        region = row["region"] or ("Antarctica" if row["alpha-2"] == "AQ" else "Asia")
        subregion = row["sub-region"] or ("Antarctica" if row["alpha-2"] == "AQ" else "Eastern Asia")
        result[row["alpha-2"]] = Country(row["alpha-2"], row["name"], region, subregion)
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
    """Region or sub-region name -> country codes (both levels, so 'Europe' and 'Western Europe' work)."""
    result: dict[str, list[str]] = {}
    for country in countries().values():
        result.setdefault(country.region, []).append(country.code)
        result.setdefault(country.subregion, []).append(country.code)
    return result


@functools.cache
def region_choices() -> list[tuple[str, str]]:
    tops = sorted({c.region for c in countries().values()})
    choices: list[tuple[str, str]] = []
    for top in tops:
        choices.append((top, top))
        subs = sorted({c.subregion for c in countries().values() if c.region == top and c.subregion != top})
        choices.extend((sub, f"— {sub}") for sub in subs)
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
