"""What an import did (or, for a dry run, would do): counts, rejected rows and notes, each with its row."""

from dataclasses import dataclass, field

from accord.institutions.importing.formats import FORMAT_LABELS


@dataclass
class ReportLine:
    row: int
    message: str


@dataclass
class ImportReport:
    file_name: str
    format: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[ReportLine] = field(default_factory=list)
    notes: list[ReportLine] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": len(self.rejected),
        }


def format_report(report: ImportReport, *, limit: int | None = None) -> str:
    """The report as plain text for the command line; `limit` caps each list of rows."""
    c = report.counts
    lines = [
        f"{'Dry run: nothing was written. ' if report.dry_run else ''}"
        f"{report.file_name} ({FORMAT_LABELS.get(report.format, report.format)}), {report.seconds:.1f} s",
        f"{c['rows']} rows: {c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged, "
        f"{c['rejected']} rejected",
    ]
    for title, entries in (("Rejected rows", report.rejected), ("Notes", report.notes)):
        if entries:
            lines.append(f"{title}:")
            shown = entries if limit is None else entries[:limit]
            lines.extend(f"  row {e.row}: {e.message}" for e in shown)
            if len(shown) < len(entries):
                lines.append(f"  … and {len(entries) - len(shown)} more")
    return "\n".join(lines)
