"""Benchmark the COIL matching engine: top-10 partner courses for 10,000 offers, beside a brute force.

Run: python bench/coil.py [--offers 10000] [--seed 2026] [--runs 3] [--subset 2000] [--top 10]

The seeded generator writes a year of course offers of about 1,400 institutions in 60 real IANA time zones
(Europe weighted three to one, as on an Erasmus-heavy platform): 40 real ISCED-F detailed fields, each with
its own words for titles and descriptions, plus a few topic words per course and words every field uses;
8 languages (English in most offers, the local language in many, a CEFR level on some); the academic
calendar of the country (northern autumn Sept-Jan and spring Feb-Jun, southern semesters Mar-Jun and
Jul-Nov, Japanese and Korean terms, US quarters), courses of 8-16 weeks inside a term, 1-3 weekly slots of
1.5-3 h at local hours between 08:00 and 21:00, 10-60 students, EQF 5-8, formats, tools, and about two
existing partnerships per institution.

Rows: the engine on all offers, the engine on the first ``--subset`` offers, and the brute force (every
eligible pair scored, no index, no bound) on the same subset in the same run. "wall s" is the median wall
time of building the pool (occurrences, TF-IDF, indexes) and computing every offer's top k, "cpu s" its CPU
time (the 2-core machine is shared: wall time can include waiting for a core), "MiB" its tracemalloc peak,
"+explain s" the extra time to write every suggestion's explanation (written on demand, as the CLI does for
what it prints), "pairs scored" the pairs whose score was computed in full (for the brute force, every
eligible pair). "identical" compares the two answers on the subset offer by offer (ids, scores, weeks,
hours and explanations); the script exits with status 1 if they differ.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta
from datetime import time as clock
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from accord.engines.coil import Matches, Offer, Pool, Slot
from accord.engines.coil.score import eligible

T = TypeVar("T")

# 40 real ISCED-F 2013 detailed fields, each with words its course descriptions use.
FIELDS: dict[str, str] = {
    "0111": "pedagogy curriculum didactics assessment classroom schooling literacy inclusion pupils",
    "0113": "teacher primary early childhood classroom pedagogy play literacy numeracy mentoring",
    "0114": "teacher subject didactics secondary science mathematics lesson planning curriculum",
    "0211": "film video editing camera documentary media production sound animation storytelling",
    "0213": "painting sculpture drawing exhibition curating contemporary art studio visual",
    "0222": "history archaeology archive medieval colonial heritage excavation memory empire",
    "0223": "philosophy ethics moral epistemology logic justice metaphysics argument virtue",
    "0231": "language acquisition grammar vocabulary pronunciation conversation tandem fluency",
    "0232": "literature linguistics poetry novel syntax semantics discourse translation corpus",
    "0311": "economics markets inflation growth trade labour econometrics policy monetary",
    "0312": "politics democracy elections governance diplomacy civics institutions conflict",
    "0313": "psychology cognition behaviour perception wellbeing clinical emotion memory experiment",
    "0314": "sociology culture identity migration inequality gender urban ethnography",
    "0321": "journalism reporting news newsroom interviewing verification broadcast podcast",
    "0411": "accounting taxation audit financial statements bookkeeping ledger reporting",
    "0413": "management leadership strategy organisation entrepreneurship supply operations",
    "0414": "marketing advertising brand consumer campaign social media digital branding",
    "0421": "law legal contract rights court constitutional international treaty litigation",
    "0511": "biology ecology genetics cell evolution organisms biodiversity microbiology",
    "0512": "biochemistry protein enzyme metabolism molecular lab assay genomics",
    "0521": "environment climate pollution sustainability ecosystems water carbon conservation",
    "0531": "chemistry organic synthesis reaction molecules spectroscopy analytical lab",
    "0533": "physics quantum mechanics optics thermodynamics particles relativity experiment",
    "0541": "mathematics algebra calculus geometry proof topology equations modelling",
    "0542": "statistics probability regression inference sampling bayesian data survey",
    "0612": "network database cloud security servers administration protocols infrastructure",
    "0613": "software programming robotics algorithms code apps development testing agile",
    "0711": "chemical process reactor plant engineering separation catalysis safety",
    "0713": "energy electricity renewable solar grid power batteries wind transition",
    "0714": "electronics automation robotics circuits sensors control embedded systems",
    "0715": "mechanics machining materials manufacturing welding design prototyping",
    "0731": "architecture urban planning town housing design city landscape spaces",
    "0732": "civil engineering construction bridges concrete structures building infrastructure",
    "0811": "agriculture crops livestock farming soil harvest food production irrigation",
    "0841": "veterinary animal health livestock disease clinical welfare diagnosis",
    "0912": "medicine clinical diagnosis patients anatomy disease public health treatment",
    "0913": "nursing midwifery patients care clinical hospital community health",
    "0923": "social work counselling community welfare families care support casework",
    "1015": "tourism travel hospitality leisure destinations heritage events sustainable",
    "1022": "occupational safety health risk workplace hazards prevention ergonomics",
}
# Words every field's descriptions use (frequent, so TF-IDF weighs them little) ...
SHARED_WORDS = (  # noqa: SIM905 (word lists read better as text)
    "project international collaboration intercultural research methods analysis case team digital "
    "global practice communication presentation skills online virtual exchange partners report"
).split()
# ... and the words that make one course unlike the others of its field (rare, so weighed much).
TOPIC_WORDS = (  # noqa: SIM905
    "archive assessment bias border capstone cartography census cities coastal cohort comparative "
    "complexity consent cooperative crisis critique dataset debate decolonial demography design "
    "dialogue diaspora disability drought empirical entrepreneurial equity evaluation evidence "
    "experiment feedback fieldwork forecasting framework futures gamification governance hackathon "
    "indigenous informal innovation interview justice landscape literacy livelihoods mapping "
    "measurement mentoring mobility modelling narrative negotiation networks ontology oral "
    "participatory pandemic peer pilot platform portfolio poverty prototype qualitative "
    "quantitative refugees regional regulation resilience rhetoric risk rural scenario seminar "
    "simulation smart standards storytelling strategy survey systems theory tradition transparency "
    "trust uncertainty urbanisation visualisation vulnerability waste wellbeing workshop youth "
    "ageing arctic tropical island mountain delta maritime frontier metropolitan textile mining "
    "automotive aviation festival museum library hospital prison school factory harbour"
).split()
LANGUAGES = ("en", "es", "fr", "de", "pt", "it", "zh", "ja")
TOOLS = ("zoom", "teams", "padlet", "miro", "moodle", "slack", "google docs", "flipgrid")

# (zone, local language, calendar): the calendars are defined in TERMS.
ZONES: tuple[tuple[str, str, str], ...] = (
    ("Europe/London", "en", "north"), ("Europe/Dublin", "en", "north"), ("Europe/Lisbon", "pt", "north"),
    ("Europe/Madrid", "es", "north"), ("Europe/Paris", "fr", "north"), ("Europe/Brussels", "fr", "north"),
    ("Europe/Amsterdam", "en", "north"), ("Europe/Berlin", "de", "north"), ("Europe/Vienna", "de", "north"),
    ("Europe/Zurich", "de", "north"), ("Europe/Rome", "it", "north"), ("Europe/Prague", "en", "north"),
    ("Europe/Warsaw", "en", "north"), ("Europe/Stockholm", "en", "north"),
    ("Europe/Copenhagen", "en", "north"), ("Europe/Oslo", "en", "north"),
    ("Europe/Helsinki", "en", "north"), ("Europe/Athens", "en", "north"),
    ("Europe/Bucharest", "en", "north"), ("Europe/Budapest", "en", "north"),
    ("Europe/Istanbul", "en", "north"), ("Europe/Kyiv", "en", "north"),
    ("America/New_York", "en", "quarters"), ("America/Chicago", "en", "north"),
    ("America/Denver", "en", "north"), ("America/Los_Angeles", "en", "quarters"),
    ("America/Toronto", "fr", "north"), ("America/Vancouver", "en", "north"),
    ("America/Halifax", "en", "north"), ("America/Mexico_City", "es", "north"),
    ("America/Bogota", "es", "north"), ("America/Lima", "es", "south"), ("America/Santiago", "es", "south"),
    ("America/Argentina/Buenos_Aires", "es", "south"), ("America/Sao_Paulo", "pt", "south"),
    ("America/Montevideo", "es", "south"), ("Africa/Johannesburg", "en", "south"),
    ("Africa/Lagos", "en", "north"), ("Africa/Nairobi", "en", "north"), ("Africa/Cairo", "en", "north"),
    ("Africa/Casablanca", "fr", "north"), ("Africa/Dakar", "fr", "north"), ("Africa/Accra", "en", "north"),
    ("Asia/Tokyo", "ja", "japan"), ("Asia/Seoul", "en", "korea"), ("Asia/Shanghai", "zh", "north"),
    ("Asia/Hong_Kong", "zh", "north"), ("Asia/Taipei", "zh", "north"), ("Asia/Singapore", "en", "north"),
    ("Asia/Kolkata", "en", "north"), ("Asia/Dubai", "en", "north"), ("Asia/Jakarta", "en", "north"),
    ("Asia/Bangkok", "en", "north"), ("Asia/Manila", "en", "north"), ("Asia/Kuala_Lumpur", "en", "north"),
    ("Asia/Jerusalem", "en", "north"), ("Australia/Sydney", "en", "south"),
    ("Australia/Melbourne", "en", "south"), ("Australia/Perth", "en", "south"),
    ("Pacific/Auckland", "en", "south"),
)  # fmt: skip
# Terms of the academic year 2026/27 (first day, last day) by calendar.
TERMS: dict[str, tuple[tuple[date, date], ...]] = {
    "north": ((date(2026, 9, 7), date(2027, 1, 29)), (date(2027, 2, 8), date(2027, 6, 25))),
    "south": ((date(2026, 7, 20), date(2026, 11, 27)), (date(2027, 3, 1), date(2027, 6, 25))),
    "japan": ((date(2026, 9, 28), date(2027, 1, 29)), (date(2027, 4, 5), date(2027, 7, 30))),
    "korea": ((date(2026, 9, 1), date(2026, 12, 18)), (date(2027, 3, 2), date(2027, 6, 18))),
    "quarters": (
        (date(2026, 9, 21), date(2026, 12, 11)),
        (date(2027, 1, 4), date(2027, 3, 19)),
        (date(2027, 3, 29), date(2027, 6, 11)),
    ),
}


def make_offers(n: int, seed: int) -> tuple[list[Offer], list[tuple[str, str]]]:
    """A random but realistic set of offers and partnerships; the same (n, seed) always gives the same."""
    rng = random.Random(seed)
    zone_weights = [3.0 if zone.startswith("Europe/") else 1.0 for zone, _, _ in ZONES]
    institutions = [
        (f"INST{i:05d}", ZONES[rng.choices(range(len(ZONES)), zone_weights)[0]])
        for i in range(max(10, n // 7))
    ]
    vocab = {code: words.split() for code, words in FIELDS.items()}
    codes = list(FIELDS)
    offers = []
    for i in range(n):
        institution, (zone, local, calendar) = rng.choice(institutions)
        code = rng.choice(codes)
        neighbours = [c for c in codes if c[:2] == code[:2] and c != code] or codes
        languages = _languages(rng, local)
        term_start, term_end = rng.choice(TERMS[calendar])
        start = term_start + timedelta(weeks=rng.randint(0, 3))
        weeks = rng.randint(8, 16) if calendar != "quarters" else rng.randint(8, 10)
        end = min(term_end, start + timedelta(weeks=weeks) - timedelta(days=3))
        offers.append(
            Offer(
                id=f"C{i:06d}",
                institution=institution,
                isced=code,
                languages=languages,
                eqf=rng.choices((5, 6, 7, 8), (5, 60, 30, 5))[0],
                start=start,
                end=end,
                timezone=zone,
                slots=_slots(rng),
                class_size=rng.randint(10, 60),
                title=" ".join(rng.sample(vocab[code], 3)).capitalize(),
                description=_text(rng, vocab[code], vocab[rng.choice(neighbours)], rng.randint(15, 30)),
                goals=_text(rng, vocab[code], SHARED_WORDS, rng.randint(5, 12)) if rng.random() < 0.5 else "",
                format=rng.choices(("synchronous", "mixed", "asynchronous", None), (40, 30, 10, 20))[0],
                tools=frozenset(rng.sample(TOOLS, rng.randint(0, 3))),
            )
        )
    names = [name for name, _ in institutions]
    partnerships = {tuple(sorted(rng.sample(names, 2))) for _ in range(2 * len(names))}
    return offers, [(a, b) for a, b in sorted(partnerships)]


def _languages(rng: random.Random, local: str) -> tuple[str | tuple[str, str | None], ...]:
    chosen: list[str | tuple[str, str | None]] = []
    if local == "en" or rng.random() < 0.8:
        chosen.append(("en", rng.choice(("B2", "C1"))) if local != "en" and rng.random() < 0.5 else "en")
    if local != "en" and (not chosen or rng.random() < 0.4):
        chosen.append(local)
    if rng.random() < 0.05:
        chosen.append(rng.choice(LANGUAGES))
    return tuple(dict.fromkeys(chosen))


def _slots(rng: random.Random) -> tuple[Slot, ...]:
    slots = []
    for weekday in sorted(rng.sample(range(5), rng.choices((1, 2, 3), (50, 35, 15))[0])):
        minutes = rng.choice((90, 120, 150, 180))
        start = rng.randrange(8 * 60, 21 * 60 - minutes + 1, 30)
        slots.append(Slot(weekday, clock(start // 60, start % 60), _clock(start + minutes)))
    return tuple(slots)


def _clock(minutes: int) -> clock:
    return clock(minutes // 60, minutes % 60)


def _text(rng: random.Random, own: list[str], other: list[str], length: int) -> str:
    """Words of the course's field (40%), a neighbouring field (10%), its own few topics (25%), and the
    words everyone uses (25%)."""
    topics = rng.sample(TOPIC_WORDS, 4)
    pools = (own, other, topics, SHARED_WORDS)
    return " ".join(rng.choice(rng.choices(pools, (40, 10, 25, 25))[0]) for _ in range(length))


def seconds(fn: Callable[[], T], runs: int) -> tuple[float, float, T]:
    """Median wall and CPU time of ``runs`` calls, after a full collection (earlier garbage is not billed)."""
    walls: list[float] = []
    cpus: list[float] = []
    value: T | None = None
    for _ in range(runs):
        value = None
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        value = fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    assert value is not None
    return statistics.median(walls), statistics.median(cpus), value


def peak_mib(fn: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def engine_run(offers: list[Offer], partnerships: list[tuple[str, str]], top: int) -> tuple[Matches, Pool]:
    pool = Pool(offers, partnerships=partnerships)
    return pool.top(top), pool


def brute_run(offers: list[Offer], partnerships: list[tuple[str, str]], top: int) -> Matches:
    return Pool(offers, partnerships=partnerships).brute_force(top)


def eligible_pairs(pool: Pool) -> int:
    """How many pairs pass blocking (what the brute force scores), counted by sweeping start dates."""
    prepared = sorted(pool.prepared, key=lambda p: p.start)
    count = 0
    for i, lo in enumerate(prepared):
        for hi in prepared[i + 1 :]:
            if hi.start > lo.end:
                break
            count += eligible(lo, hi)
    return count


def explain_all(matches: Matches) -> int:
    return sum(len(s.explanation) for found in matches.values() for s in found)


def shape(matches: Matches) -> dict[str, list[tuple[str, float, int, float, str]]]:
    return {
        key: [
            (s.offer, s.score, s.overlap_weeks, s.live_overlap_hours_per_week, s.explanation) for s in found
        ]
        for key, found in matches.items()
    }


COLUMNS = [
    ("run", 22), ("offers", 7), ("wall s", 7), ("cpu s", 7), ("MiB", 5), ("+explain s", 10),
    ("pairs scored", 13), ("identical", 9),
]  # fmt: skip


def row(cells: list[str]) -> str:
    return " ".join(
        f"{cell:<{width}}" if n == 0 else f"{cell:>{width}}"
        for n, (cell, (_, width)) in enumerate(zip(cells, COLUMNS, strict=True))
    )


def engine_row(
    name: str, offers: list[Offer], partnerships: list[tuple[str, str]], top: int, runs: int
) -> tuple[list[str], Matches, float, float]:
    wall, cpu, (matches, pool) = seconds(lambda: engine_run(offers, partnerships, top), runs)
    mib = peak_mib(lambda: engine_run(offers, partnerships, top))
    explain_s, _, _ = seconds(lambda: explain_all(matches), 1)
    cells = [name, f"{len(offers):,}", f"{wall:.2f}", f"{cpu:.2f}", f"{mib:.0f}", f"{explain_s:.2f}"]
    return [*cells, f"{pool.scored_pairs:,}", "-"], matches, wall, mib


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--offers", type=int, default=10_000, help="number of offers [10000]")
    parser.add_argument("--seed", type=int, default=2026, help="generator seed [2026]")
    parser.add_argument("--runs", type=int, default=3, help="timed engine runs, the median is shown [3]")
    parser.add_argument(
        "--subset", type=int, default=2000, help="offers for the brute-force baseline, 0 for none [2000]"
    )
    parser.add_argument("--top", type=int, default=10, help="suggestions per offer [10]")
    args = parser.parse_args()
    offers, partnerships = make_offers(args.offers, args.seed)
    print(
        f"{len(offers):,} offers of {len({o.institution for o in offers}):,} institutions, "
        f"{len(partnerships):,} partnerships, top {args.top}, seed {args.seed}"
    )
    print(row([title for title, _ in COLUMNS]))
    print(row(["-" * width for _, width in COLUMNS]))
    cells, _, wall, mib = engine_row("engine", offers, partnerships, args.top, args.runs)
    print(row(cells), flush=True)
    identical = True
    if args.subset:
        subset = offers[: args.subset]
        cells, matches, _, _ = engine_row("engine, subset", subset, partnerships, args.top, args.runs)
        print(row(cells), flush=True)
        brute_wall, brute_cpu, reference = seconds(lambda: brute_run(subset, partnerships, args.top), 1)
        brute_mib = peak_mib(lambda: brute_run(subset, partnerships, args.top))
        identical = shape(matches) == shape(reference)
        pairs = eligible_pairs(Pool(subset, partnerships=partnerships))
        cells = ["brute force, subset", f"{len(subset):,}", f"{brute_wall:.2f}", f"{brute_cpu:.2f}"]
        print(row([*cells, f"{brute_mib:.0f}", "-", f"{pairs:,}", "yes" if identical else "NO"]))
    met = "met" if wall <= GOAL_SECONDS and mib <= GOAL_MIB else "not met"
    print(f"Goal at {len(offers):,} offers: <= {GOAL_SECONDS:g} s and <= {GOAL_MIB} MiB: {met}.")
    if not identical:
        print("The engine's answer differs from the brute force's.", file=sys.stderr)
        sys.exit(1)


GOAL_SECONDS, GOAL_MIB = 5.0, 500


if __name__ == "__main__":
    main()
