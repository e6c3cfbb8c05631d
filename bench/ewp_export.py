"""Benchmark the EWP engine as an exporter would use it: one IIAs v7 get-response file per agreement.

Run: python bench/ewp_export.py [--count 10000] [--seed 7] [--xmlschema-sample 300] [--out DIR]
     DATABASE_URL=... python bench/ewp_export.py --from-db      # the database's exchange agreements

With ``--from-db`` the agreements are the exchange agreements of the database (e.g. the large demo), loaded
and mapped by the product's own adapter (``accord/agreements/ewp/adapters.py``, the code behind
``accord ewp export-iia``); agreements that cannot be IIAs yet are counted and skipped, and the load+map time
is a row of its own. Without it, the agreements are synthetic:

Builds ``--count`` synthetic agreements in memory (seeded; 2-6 cooperation conditions each, every kind,
language skills, subject areas, contacts on some), then times separately:

* render + hash: model -> lxml tree -> ``iia-hash`` computed from the tree -> UTF-8 bytes (the exporter call);
* re-parse: the bytes through the safe parser (what validating a written file, or an importer, costs);
* XSD validation with lxml (libxml2), the validator the engine uses for bulk work;
* XSD validation with xmlschema on a sample, extrapolated to ``--count`` (the engine keeps it for detailed
  error messages only; it is too slow for bulk validation).

Goal: <= 10 s for 10,000 agreements including validation.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from accord.engines.ewp import (
    Contact,
    Iia,
    IiaPartner,
    LanguageSkill,
    MobilityKind,
    MobilitySpec,
    SchemaKey,
    SubjectArea,
    lxml_schema,
    parse_xml,
    render_iia_get_response,
    xmlschema_schema,
)

HEIS = [
    "uw.edu.pl",
    "hibo.no",
    "uni-heidelberg.de",
    "unibo.it",
    "ucl.ac.uk",
    "upm.es",
    "uc.pt",
    "kuleuven.be",
    "uva.nl",
    "helsinki.fi",
    "uniwien.ac.at",
    "cuni.cz",
]
ISCED = ["0011", "0031", "0211", "0314", "0413", "0421", "0533", "0588", "0613", "0714", "0915", "1014"]
LANGUAGES = ["en", "de", "fr", "es", "it", "pl", "no", "pt", "nl", "fi", "cs"]
CEFR = ["A2", "B1", "B2", "C1"]


def _contact(rng: random.Random, n: int) -> Contact:
    return Contact(
        f"Contact Person {n}",
        email=f"person{n}@example.org",
        phone_e164=f"+48{rng.randrange(10**8, 10**9)}" if rng.random() < 0.5 else None,
    )


def _spec(rng: random.Random, home: str, partner: str) -> MobilitySpec:
    kind = rng.choice(list(MobilityKind))
    outgoing = rng.random() < 0.5
    first = rng.randrange(2021, 2030)
    last = first + rng.randint(0, 6)
    skills = tuple(LanguageSkill(rng.choice(LANGUAGES), rng.choice(CEFR)) for _ in range(rng.randint(1, 2)))
    areas = tuple(
        SubjectArea(rng.choice(ISCED), "Clarification text" if rng.random() < 0.3 else None)
        for _ in range(rng.randint(0, 3))
    )
    return MobilitySpec(
        kind=kind,
        sending_hei_id=home if outgoing else partner,
        sending_ounit_id=f"ou-{rng.randrange(1, 40)}" if rng.random() < 0.4 else None,
        sending_contacts=(_contact(rng, rng.randrange(1000)),) if rng.random() < 0.2 else (),
        receiving_hei_id=partner if outgoing else home,
        receiving_first_academic_year_id=f"{first}/{first + 1}",
        receiving_last_academic_year_id=f"{last}/{last + 1}",
        mobilities_per_year=rng.randint(1, 10),
        recommended_language_skills=skills,
        subject_areas=areas,
        other_info_terms="Other terms apply." if rng.random() < 0.1 else None,
        total_months_per_year=Decimal(rng.choice(["5", "10", "4.5", "12.25"])) if kind.is_student else None,
        blended=rng.random() < 0.2 if kind.is_student else None,
        eqf_levels=tuple(sorted(rng.sample(range(5, 9), rng.randint(0, 3)))) if kind.is_student else (),
        total_days_per_year=None if kind.is_student else Decimal(rng.choice(["5", "8", "14"])),
    )


def synthetic_iias(count: int, seed: int) -> list[Iia]:
    rng = random.Random(seed)
    home = "uw.edu.pl"
    result = []
    for n in range(count):
        partner = rng.choice(HEIS[1:])
        result.append(
            Iia(
                partners=(
                    IiaPartner(
                        hei_id=home,
                        iia_id=f"iia-{seed}-{n:06d}",
                        iia_code=f"{2026}/E+/{n}",
                        signing_contact=_contact(rng, n),
                        signing_date=date(2026, 1 + n % 12, 1 + n % 28),
                    ),
                    IiaPartner(
                        hei_id=partner, iia_id=f"p{rng.randrange(10**6)}" if rng.random() < 0.8 else None
                    ),
                ),
                in_effect=rng.random() < 0.7,
                conditions=tuple(_spec(rng, home, partner) for _ in range(rng.randint(2, 6))),
                pdf_file=f"pdf-{n}" if rng.random() < 0.5 else None,
            )
        )
    return result


def database_iias(limit: int | None) -> tuple[list[Iia], int, float, dict[str, int]]:
    """(iias, skipped, load+map seconds, why skipped): the database's exchange agreements via the adapter."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.config.settings")
    import django

    django.setup()
    from accord.agreements.ewp.adapters import (
        IiaMappingError,
        iia_from_agreement,
        iia_problems,
        with_iia_relations,
    )
    from accord.agreements.models import EXCHANGE_KINDS, Agreement

    qs = with_iia_relations(Agreement.objects.filter(kind__in=EXCHANGE_KINDS).order_by("pk"))
    if limit:
        qs = qs[:limit]
    t0 = time.perf_counter()
    iias: list[Iia] = []
    reasons: dict[str, int] = {}
    for agreement in qs.iterator(chunk_size=2000):
        try:
            iia = iia_from_agreement(agreement)
            problems = iia_problems(iia)
        except IiaMappingError as error:
            problems = [str(error)]
        if problems:
            # Group by the kind of problem, not by the condition it names.
            key = problems[0].split(": ", 1)[-1]
            reasons[key] = reasons.get(key, 0) + 1
            continue
        iias.append(iia)
    return iias, sum(reasons.values()), time.perf_counter() - t0, reasons


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--xmlschema-sample", type=int, default=300, help="how many documents to validate with xmlschema too"
    )
    parser.add_argument("--out", type=Path, help="also write one file per agreement into this folder")
    parser.add_argument(
        "--from-db", action="store_true", help="export the database's exchange agreements (DATABASE_URL)"
    )
    parser.add_argument("--limit", type=int, help="with --from-db: at most this many agreements")
    args = parser.parse_args()

    load_row: tuple[str, str, str] | None = None
    if args.from_db:
        iias, skipped, load_s, reasons = database_iias(args.limit)
        if not iias:
            sys.exit("no exportable exchange agreement in the database")
        why = "; ".join(f"{n:,}× {reason}" for reason, n in sorted(reasons.items(), key=lambda r: -r[1])[:3])
        load_row = (
            "load + map (adapter, database)",
            f"{load_s:.2f} s",
            f"{len(iias):,} exportable, {skipped:,} skipped" + (f" ({why})" if why else ""),
        )
    else:
        iias = synthetic_iias(args.count, args.seed)
    conditions = sum(len(i.conditions) for i in iias)
    lxml_schema(SchemaKey.IIAS_V7_GET)  # compile once, outside the timings (as a long-lived process does)
    t0 = time.perf_counter()
    xmlschema_schema(SchemaKey.IIAS_V7_GET)
    xmlschema_load = time.perf_counter() - t0

    t0 = time.perf_counter()
    documents = [render_iia_get_response([iia]) for iia in iias]
    render_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    trees = [parse_xml(document) for document in documents]
    parse_s = time.perf_counter() - t0

    schema = lxml_schema(SchemaKey.IIAS_V7_GET)
    t0 = time.perf_counter()
    invalid = sum(not schema.validate(tree) for tree in trees)
    lxml_s = time.perf_counter() - t0

    sample = trees[: args.xmlschema_sample]
    xs = xmlschema_schema(SchemaKey.IIAS_V7_GET)
    t0 = time.perf_counter()
    xs_invalid = sum(not xs.is_valid(tree) for tree in sample)
    xs_sample_s = time.perf_counter() - t0
    xs_projected = xs_sample_s / len(sample) * len(trees) if sample else float("nan")

    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        for iia, document in zip(iias, documents, strict=True):
            (args.out / f"{iia.iia_id}.xml").write_bytes(document)

    total = render_s + parse_s + lxml_s + (load_s if args.from_db else 0.0)
    size = sum(len(d) for d in documents)
    rows = [
        *([load_row] if load_row else []),
        (
            "agreements (documents)",
            f"{len(iias):,}",
            f"{conditions:,} conditions, {size / 1e6:.1f} MB of XML",
        ),
        ("render + hash", f"{render_s:.2f} s", f"{render_s / len(iias) * 1e6:.0f} µs/agreement"),
        ("re-parse (safe parser)", f"{parse_s:.2f} s", f"{parse_s / len(iias) * 1e6:.0f} µs/agreement"),
        (
            "XSD validation, lxml",
            f"{lxml_s:.2f} s",
            f"{lxml_s / len(iias) * 1e6:.0f} µs/agreement; invalid: {invalid}",
        ),
        (
            "total (load+) render+hash+parse+lxml",
            f"{total:.2f} s",
            f"goal <= 10 s for 10,000; {total / len(iias) * 10_000:.1f} s per 10,000",
        ),
        ("agreements per second", f"{len(iias) / total:,.0f}", ""),
        (
            f"XSD validation, xmlschema ({len(sample)} docs)",
            f"{xs_sample_s:.2f} s",
            f"{xs_sample_s / max(len(sample), 1) * 1e3:.1f} ms/doc; invalid: {xs_invalid}; "
            f"projected for {len(iias):,}: {xs_projected:.0f} s; schema load {xmlschema_load:.2f} s",
        ),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>10}  notes")
    print(f"{'-' * width}  {'-' * 10}  {'-' * 40}")
    for label, value, note in rows:
        print(f"{label:<{width}}  {value:>10}  {note}")
    if invalid or xs_invalid:
        sys.exit(1)


if __name__ == "__main__":
    main()
