"""Import institutions from the open lists international offices use.

Formats, recognised from the file's extension and its columns:
- the Hipo "world universities and domains" JSON (name, alpha_two_code, domains, web_pages);
- the ROR CSV (ror_id, name, country_code, city, lat, lng, website, domains, acronyms);
- the Erasmus charter (ECHE) list as CSV or as the Commission's XLSX (erasmus_code, pic, legal_name, street,
  postal_code, city, country_code, website). The ECHE list uses EU country codes: EL is read as GR, UK as GB,
  XK (Kosovo) is kept.

The rule for bad input:
- A *malformed file* writes nothing: undecodable text, invalid JSON, an entry that is not a university object,
  missing required columns, a CSV row with more or fewer cells than the header, a spreadsheet cell holding an
  error value (#REF!, #N/A...), a date where text belongs, or control characters. `import_institutions` raises
  `DomainError(ErrorCode.MALFORMED_FILE)` whose message and `extra` name the row (or JSON line) and the
  problem.
- A *rejected row* is well formed but unusable: no name, an unknown country, an invalid identifier (a bad ROR
  check digit, an 8-digit PIC...), or identifiers that point at two different institutions. Rejected rows are
  listed in the report with their row number and reason; every other row is imported.
- Values that are merely dubious (a website that is an e-mail address, an invalid domain) are left out and
  mentioned in the report's notes; the row itself is imported.

Matching, in order: an identifier (ROR id, canonical Erasmus code, PIC, SCHAC id); then a web domain (the
website's host without "www.", Hipo's domains, an existing SCHAC id) in the same country; then the normalised
name in the same country. A record whose identifier of some kind differs from the row's is never matched by
domain or name: two Erasmus codes mean two institutions. A domain that rows with different names share within
one file (a hosting platform, a shared campus site) is not used for matching. Rows of one file that match each
other are merged into one institution.

Updating only fills what is empty: a name, website or identifier the office entered is never replaced by a
different value (a differing identifier is mentioned in the notes). Domains are only ever added. The time
zone is filled when the country has one zone, or from the coordinates (the nearest zone of that country).
Running the same file twice therefore changes nothing the second time.

Writing: everything is planned in memory against indexes of the existing records, then written with bulk
queries in one transaction, so an error part-way writes nothing. The import records ONE audit event,
"institutions.imported" targeting the importing user, with the file name and the counts, rather than one
event per institution: a 10,000-row list would otherwise bury every other change in the audit log, and the
file itself is the record of what was imported.

The importing user must be allowed to edit institutions; the command line passes the user it acts for.
"""

import time
from collections.abc import Callable
from pathlib import Path

from django.db import models, transaction

from accord.common import audit
from accord.common.errors import DomainError, ErrorCode
from accord.common.roles import Actor
from accord.institutions.importing.candidates import RowRejected, candidate_from
from accord.institutions.importing.formats import read_rows
from accord.institutions.importing.matching import ImportPlan, domains_shared_by_different_names
from accord.institutions.importing.report import ImportReport, ReportLine
from accord.institutions.permissions import can_edit_institution

Progress = Callable[[int, int], None]


def import_institutions(
    path: Path, *, actor: Actor | None, dry_run: bool = False, progress: Progress | None = None
) -> ImportReport:
    if not can_edit_institution(actor):
        raise DomainError(
            ErrorCode.PERMISSION_DENIED, "Only international officers and administrators import institutions."
        )
    started = time.monotonic()
    path = Path(path)
    fmt, raw_rows = read_rows(path)
    report = ImportReport(file_name=path.name, format=fmt, dry_run=dry_run, rows=len(raw_rows))
    candidates = []
    for number, values in raw_rows:
        try:
            candidates.append(candidate_from(number, values, report))
        except RowRejected as exc:
            report.rejected.append(ReportLine(number, str(exc)))
    with transaction.atomic():
        plan = ImportPlan.load()
        plan.ambiguous_domains = domains_shared_by_different_names(candidates)
        for done, candidate in enumerate(candidates, start=1):
            plan.apply(candidate, report)
            if progress and done % 500 == 0:
                progress(done, len(candidates))
        if not dry_run:
            plan.write()
            # The event targets the importing user: the file, not each row, is the record of the change.
            assert isinstance(actor, models.Model), "importing needs a signed-in writer"
            audit.record(
                actor=actor,
                action="institutions.imported",
                target=actor,
                data={"file": path.name, "format": fmt, **report.counts},
            )
    if progress:
        progress(len(candidates), len(candidates))
    report.seconds = time.monotonic() - started
    return report
