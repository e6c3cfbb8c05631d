"""Maintainer tool: rebuild `data/partners.csv`, the real institutions the demo uses as partners.

Run: python -m accord.demo.build_sample SOURCE_DIR [--seed N]

SOURCE_DIR holds the open data files described in `data/ATTRIBUTION.md` (the Erasmus charter list, the ROR
education subset and the Hipo world universities list). The product never runs this; it ships its output.

Charter holders are kept only when their website's host matches a ROR or Hipo record of the same country, so
that every row has a clean name, coordinates or domains; non-European partners come from ROR records that
Hipo also lists. Identifiers are checked with the same normalisers the services use, so every row loads.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from accord.engines.identifiers import (
    IdentifierError,
    normalise_erasmus_code,
    normalise_ror_id,
    normalise_schac_id,
)

OUTPUT = Path(__file__).resolve().parent / "data" / "partners.csv"
COLUMNS = tuple(
    """
    name country city website erasmus_code pic ror_id latitude longitude domains source
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
EU_TO_ISO = {"EL": "GR", "UK": "GB"}
CHARTER_TOTAL = 460
# Partners outside the charter list, by country: the shape of a typical European university's overseas ties.
OVERSEAS = {
    "US": 16,
    "GB": 14,
    "CA": 7,
    "CH": 6,
    "JP": 8,
    "KR": 6,
    "CN": 8,
    "AU": 6,
    "BR": 5,
    "MX": 4,
    "AR": 3,
    "CO": 3,
    "ZA": 3,
    "IN": 6,
    "TH": 2,
    "VN": 2,
    "ID": 2,
    "UA": 5,
    "GH": 2,
    "KE": 2,
    "EG": 2,
    "MY": 2,
}


def host_of(url: str) -> str:
    text = url.strip().lower()
    if not text:
        return ""
    if "://" not in text:
        text = "http://" + text
    try:
        host = urlparse(text).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def _lookup(index: dict[str, Any], host: str) -> Any:
    """The record for the host or its parent domain (www.fhv.at and fhv.at; cs.uni-x.de and uni-x.de)."""
    if not host:
        return None
    parent = host.split(".", 1)[1] if host.count(".") >= 2 else None
    return index.get(host) or (index.get(parent) if parent else None)


def _smart_title(text: str) -> str:
    if not text.isupper():
        return text
    return " ".join(word.capitalize() for word in text.split())


def build(source: Path, seed: int) -> list[dict[str, str]]:
    rng = random.Random(seed)
    with open(source / "eche_accredited_heis_2026-04-08.csv", encoding="utf-8") as handle:
        charter = list(csv.DictReader(handle))
    with open(source / "ror_education_orgs.csv", encoding="utf-8") as handle:
        ror = list(csv.DictReader(handle))
    hipo = json.loads((source / "world_universities_and_domains.json").read_text(encoding="utf-8"))

    ror_by_domain: dict[str, dict[str, str]] = {}
    for record in ror:
        for domain in [*record["domains"].split(";"), host_of(record["website"])]:
            if domain:
                ror_by_domain.setdefault(domain.lower().removeprefix("www."), record)
    hipo_by_domain: dict[str, dict[str, Any]] = {}
    for record in hipo:
        for domain in record["domains"]:
            hipo_by_domain.setdefault(domain.lower().removeprefix("www."), record)

    candidates: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in charter:
        country = EU_TO_ISO.get(row["country_code"], row["country_code"])
        host = host_of(row["website"])
        ror_rec = _lookup(ror_by_domain, host)
        hipo_rec = _lookup(hipo_by_domain, host)
        ror_rec = ror_rec if ror_rec and ror_rec["country_code"] == country else None
        hipo_rec = hipo_rec if hipo_rec and hipo_rec["alpha_two_code"] == country else None
        if not (ror_rec or hipo_rec):
            continue
        domains = sorted(
            {
                host,
                *(hipo_rec["domains"] if hipo_rec else []),
                *(ror_rec["domains"].split(";") if ror_rec else []),
            }
            - {""}
        )
        candidates[country].append(
            {
                "name": (ror_rec or {}).get("name")
                or (hipo_rec or {}).get("name")
                or _smart_title(row["legal_name"]),
                "country": country,
                "city": (ror_rec or {}).get("city") or _smart_title(row["city"]),
                "website": row["website"] if "://" in row["website"] else f"https://{row['website']}",
                "erasmus_code": row["erasmus_code"],
                "pic": row["pic"],
                "ror_id": ror_rec["ror_id"] if ror_rec else "",
                "latitude": ror_rec["lat"] if ror_rec else "",
                "longitude": ror_rec["lng"] if ror_rec else "",
                "domains": ";".join(domains),
                "source": "eche+" + "+".join(n for n, r in (("ror", ror_rec), ("hipo", hipo_rec)) if r),
            }
        )
    matched = sum(len(rows) for rows in candidates.values())
    chosen: list[dict[str, str]] = []
    for country in sorted(candidates):
        rows = sorted(candidates[country], key=lambda r: r["erasmus_code"])
        rng.shuffle(rows)
        # Every charter country appears; big countries get a share proportional to their matched rows.
        quota = max(2, round(CHARTER_TOTAL * len(rows) / matched))
        chosen.extend(rows[:quota])

    for country, quota in OVERSEAS.items():
        pool = []
        for record in ror:
            if (
                record["country_code"] != country
                or not record["domains"]
                or "univ" not in record["name"].lower()
            ):
                continue
            hipo_rec = next(
                (hipo_by_domain[d] for d in record["domains"].split(";") if d in hipo_by_domain), None
            )
            if hipo_rec is None:
                continue
            domains = sorted(set(record["domains"].split(";")) | set(hipo_rec["domains"]))
            pool.append(
                {
                    "name": record["name"],
                    "country": country,
                    "city": record["city"],
                    "website": record["website"] or (hipo_rec["web_pages"] or [""])[0],
                    "erasmus_code": "",
                    "pic": "",
                    "ror_id": record["ror_id"],
                    "latitude": record["lat"],
                    "longitude": record["lng"],
                    "domains": ";".join(domains),
                    "source": "ror+hipo",
                }
            )
        pool.sort(key=lambda r: r["ror_id"])
        rng.shuffle(pool)
        chosen.extend(pool[:quota])
    return _valid_and_unique(chosen)


def _valid_and_unique(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    seen: dict[str, set[str]] = defaultdict(set)
    kept = []
    for row in rows:
        try:
            keys = {
                "erasmus_code": normalise_erasmus_code(row["erasmus_code"]) if row["erasmus_code"] else "",
                "ror_id": normalise_ror_id(row["ror_id"]) if row["ror_id"] else "",
                "pic": row["pic"],
                "schac": normalise_schac_id(row["domains"].split(";")[0]),
                "name": row["name"].casefold(),
            }
        except IdentifierError:
            continue
        if any(value and value in seen[key] for key, value in keys.items()):
            continue
        for key, value in keys.items():
            seen[key].add(value)
        row["ror_id"] = keys["ror_id"]
        kept.append(row)
    return sorted(kept, key=lambda r: (r["country"], r["name"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    rows = build(args.source, args.seed)
    with open(OUTPUT, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} institutions to {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
