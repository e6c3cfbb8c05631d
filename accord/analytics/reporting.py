"""Funder reporting: mobilities in the Erasmus+ beneficiary-report columns, and the annual partnership report.

The column mapping is documented in docs/analytics.md ("Erasmus+ beneficiary export").
"""

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse

from accord.accounts.models import User
from accord.analytics.charts import BUILDERS, Chart, build_chart
from accord.analytics.models import Level
from accord.analytics.selectors import DashboardFilters, ScoreFilters, score_list
from accord.analytics.svg import render
from accord.common.downloads import streamed_download
from accord.common.pdf import PdfDocument, pdf_response
from accord.engines.identifiers import format_academic_year
from accord.mobility.models import Mobility
from accord.mobility.selectors import mobilities_visible_to

# Erasmus+ KA131 activity codes: SMS studies, SMT traineeship, STA staff teaching, STT staff training.
ACTIVITY_CODES = {
    "student_studies": "SMS",
    "student_traineeship": "SMT",
    "staff_teaching": "STA",
    "staff_training": "STT",
}
BENEFICIARY_COLUMNS = [
    "Mobility ID",
    "Activity Type",
    "Academic Year",
    "Participant Last Name",
    "Participant First Name",
    "Nationality",
    "Date of Birth",
    "Fewer Opportunities",
    "Field of Education (ISCED-F)",
    "Sending Organisation Erasmus Code",
    "Sending Organisation Name",
    "Sending Country",
    "Receiving Organisation Erasmus Code",
    "Receiving Organisation Name",
    "Receiving Country",
    "Start Date",
    "End Date",
    "Duration (days)",
    "Duration (months)",
    "ECTS Credits Planned",
    "ECTS Credits Obtained",
    "Grant Amount (EUR)",
    "Status",
]


def beneficiary_mobilities(actor: User, year: int) -> QuerySet[Mobility]:
    return (
        mobilities_visible_to(actor)
        .filter(academic_year_id=year)
        .exclude(status="cancelled")
        .select_related("person", "home_institution", "host_institution")
        .prefetch_related("condition__subject_areas")
        .order_by("id")
    )


def beneficiary_row(m: Mobility) -> list[Any]:
    start = m.actual_start or m.planned_start
    end = m.actual_end or m.planned_end
    days = (end - start).days + 1
    areas = [a.isced_id for a in m.condition.subject_areas.all()] if m.condition_id and m.condition else []
    return [
        m.pk,
        ACTIVITY_CODES.get(m.mobility_type, m.mobility_type),
        format_academic_year(m.academic_year_id),
        m.person.family_name,
        m.person.given_names,
        m.person.nationality,
        m.person.birth_date.isoformat() if m.person.birth_date else "",
        "Yes" if m.fewer_opportunities else "No",
        areas[0] if areas else "",
        m.home_institution.erasmus_code_published or m.home_institution.erasmus_code or "",
        m.home_institution.name,
        m.home_institution.country,
        m.host_institution.erasmus_code_published or m.host_institution.erasmus_code or "",
        m.host_institution.name,
        m.host_institution.country,
        start.isoformat(),
        end.isoformat(),
        days,
        round(days / 30, 2),
        m.ects_planned if m.ects_planned is not None else "",
        m.ects_obtained if m.ects_obtained is not None else "",
        m.grant_amount if m.grant_amount is not None else "",
        m.get_status_display(),
    ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def beneficiary_csv(actor: User, year: int) -> StreamingHttpResponse:
    """Streamed: a year can hold a hundred thousand mobilities."""
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(BENEFICIARY_COLUMNS)
        for mobility in beneficiary_mobilities(actor, year).iterator(chunk_size=2000):
            yield writer.writerow([_safe(v) for v in beneficiary_row(mobility)])

    return streamed_download(lines(), f"erasmus-mobilities-{year}-{year + 1}.csv", "text/csv; charset=utf-8")


def _safe(value: Any) -> Any:
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def report_charts(actor: User, filters: DashboardFilters, this_year: int) -> list[tuple[Chart, str]]:
    return [
        (chart, render(chart))
        for chart in (build_chart(k, actor, filters, this_year=this_year) for k in BUILDERS)
    ]


def report_scores(actor: User, level: str, label: str, limit: int = 15) -> list[Any]:
    return list(
        score_list(actor=actor, filters=ScoreFilters(level=level, label=label)).select_related(
            "institution", "agreement"
        )[:limit]
    )


def annual_pdf(actor: User, filters: DashboardFilters, this_year: int, context: dict[str, Any]) -> bytes:
    year = filters.year or this_year
    doc = PdfDocument(f"Annual partnership report {format_academic_year(year)}", context["subtitle"])
    doc.heading("Key figures")
    doc.key_values(context["key_figures"])
    for chart, svg in context["charts"]:
        doc.heading(chart.title)
        doc.paragraph(chart.description)
        # The charts name "DejaVu Sans" first, the font the document embeds: Łódź prints as Łódź.
        doc.pdf.image(io.BytesIO(svg.encode("utf-8")), w=doc.width)
        rows = chart.rows[:20]
        if rows:
            doc.table(chart.headers, [[_cell(v) for v in row] for row in rows])
    for title, rows in context["lists"]:
        doc.heading(title)
        if rows:
            doc.table(["Partner", "Country", "Score", "Pulled down by"], rows)
        else:
            doc.paragraph("None.")
    doc.heading("Reach goals")
    if context["goals"]:
        doc.table(
            ["Goal", "Partners", "Met"],
            [[g.text, str(g.partners), "yes" if g.met else "no"] for g in context["goals"]],
        )
    else:
        doc.paragraph("No goals set.")
    return doc.output()


def _cell(value: Any) -> str:
    return "" if value is None else f"{value:,.1f}" if isinstance(value, float) else str(value)


def annual_pdf_response(content: bytes, year: int) -> HttpResponse:
    return pdf_response(content, f"partnership-report-{year}-{year + 1}.pdf")


__all__ = ["Level", "annual_pdf", "beneficiary_csv"]
