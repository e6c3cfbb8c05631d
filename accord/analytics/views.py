"""Analytics pages: the dashboard and its charts (SVG, CSV, XLSX), scores, ledgers, reach and its goals, the
report, the settings (research and surveys: `accord.analytics.activities.views`)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.accounts.http import AuthenticatedRequest
from accord.accounts.models import User
from accord.agreements.permissions import get_agreement_for_user
from accord.analytics import reach as reach_data
from accord.analytics import services
from accord.analytics.charts import BUILDERS, build_chart
from accord.analytics.forms import DashboardFilterForm, GoalForm, ScoreFilterForm, SettingsForm
from accord.analytics.ledger import Ledger, agreement_ledger, partner_ledger
from accord.analytics.models import AnalyticsSettings, HealthScoreRow, Level
from accord.analytics.permissions import (
    can_manage_analytics,
    can_see_partner_scores,
    get_goal_for_user,
    require_reader,
)
from accord.analytics.reporting import (
    annual_pdf,
    annual_pdf_response,
    beneficiary_csv,
    report_charts,
    report_scores,
)
from accord.analytics.selectors import current_year, score_list, scores_visible_to
from accord.analytics.settings_store import analytics_settings
from accord.analytics.svg import render as render_svg
from accord.analytics.tasks import refresh_analytics
from accord.common.access import require
from accord.common.actions import form_action
from accord.common.downloads import download
from accord.common.pagination import paginate
from accord.common.spreadsheets import csv_response, xlsx_response
from accord.engines.health import INDICATORS
from accord.engines.identifiers import format_academic_year
from accord.institutions.permissions import get_institution_for_user

LEDGER_HEADERS = [
    "Academic year",
    "Outgoing",
    "Incoming",
    "Net (out - in)",
    "Carried in",
    "Closing balance",
    "Outgoing student months",
    "Incoming student months",
    "Closing months balance",
    "Outgoing staff days",
    "Incoming staff days",
    "Forecast outgoing",
    "Forecast incoming",
    "Forecast closing",
    "Warning",
]


def _this_year() -> int:
    return current_year(timezone.localdate())


def _dashboard_form(request: AuthenticatedRequest) -> DashboardFilterForm:
    form = DashboardFilterForm(request.GET, actor=request.user, this_year=_this_year())
    form.is_valid()
    return form


@login_required
@require_GET
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    require_reader(request.user)
    form = _dashboard_form(request)
    filters = form.filters()
    this_year = _this_year()
    charts = [
        (chart, render_svg(chart))
        for chart in (build_chart(k, request.user, filters, this_year=this_year) for k in BUILDERS)
    ]
    inclusion = reach_data.inclusion(request.user, filters)
    context = {
        "form": form,
        "filtered": form.is_filtered(),
        "filters": filters,
        "query": request.GET.urlencode(),
        "charts": charts,
        "inclusion": inclusion,
        "settings": analytics_settings(),
        "can_manage": can_manage_analytics(request.user),
        "year_label": format_academic_year(filters.year or this_year),
        "nav_section": "analytics",
    }
    return render(request, "analytics/dashboard.html", context)


@login_required
@require_GET
def chart_download(request: AuthenticatedRequest, key: str, fmt: str) -> HttpResponse:
    require_reader(request.user)
    if key not in BUILDERS:
        raise Http404("Not found")
    chart = build_chart(key, request.user, _dashboard_form(request).filters(), this_year=_this_year())
    name = f"accord-{chart.key}"
    if fmt == "svg":
        inline = not request.GET.get("download")
        return download(render_svg(chart), f"{name}.svg", "image/svg+xml", inline=inline)
    if fmt == "csv":
        return csv_response(f"{name}.csv", chart.headers, chart.rows)
    if fmt == "xlsx":
        return xlsx_response(f"{name}.xlsx", chart.headers, chart.rows)
    raise Http404("Not found")


@login_required
@require_POST
def refresh(request: AuthenticatedRequest) -> HttpResponse:
    require_reader(request.user)
    require(can_manage_analytics(request.user))
    refresh_analytics.enqueue(request.user.pk)
    messages.success(request, "The figures are being recomputed; they appear here when done.")
    return redirect("analytics:dashboard")


@login_required
@require_GET
def scores(request: AuthenticatedRequest) -> HttpResponse:
    require_reader(request.user)
    form = ScoreFilterForm(request.GET, partner_level_allowed=can_see_partner_scores(request.user))
    form.is_valid()
    filters = form.filters()
    rows = score_list(actor=request.user, filters=filters).select_related("institution", "agreement")
    page = paginate(request, rows, count_cap=10_000)
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "settings": analytics_settings(),
        "nav_section": "analytics",
    }
    return render(request, "analytics/scores.html", context)


def _score_for_user(user: User, pk: int) -> HealthScoreRow:
    require_reader(user)
    rows = scores_visible_to(user, Level.PARTNER) | scores_visible_to(user, Level.AGREEMENT)
    try:
        return rows.select_related("institution", "agreement").get(pk=pk)
    except (HealthScoreRow.DoesNotExist, ValueError) as exc:
        raise Http404("Not found") from exc


@login_required
@require_GET
def score_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    row = _score_for_user(request.user, pk)
    from accord.analytics.charts import Chart

    trend = Chart(
        "score-trend",
        "Score over five years",
        "The health score each academic year, from what was known that year.",
        "lines",
        ["Academic year", "Score"],
        [[format_academic_year(year), score] for year, score in row.trend],
        series=(1,),
    )
    context = {"row": row, "trend": trend, "trend_svg": render_svg(trend), "nav_section": "analytics"}
    return render(request, "analytics/score_detail.html", context)


def _ledger_response(
    request: AuthenticatedRequest, ledger: Ledger, title: str, subject: Any, kind: str
) -> HttpResponse:
    rows = [
        [
            format_academic_year(line.year),
            line.flows.outgoing,
            line.flows.incoming,
            line.net,
            line.carried_in,
            line.closing,
            line.flows.outgoing_months,
            line.flows.incoming_months,
            line.closing_months,
            line.flows.outgoing_staff_days,
            line.flows.incoming_staff_days,
            line.forecast_outgoing,
            line.forecast_incoming,
            line.forecast_closing,
            line.warning,
        ]
        for line in ledger.lines
    ]
    fmt = request.GET.get("format", "")
    filename = f"ledger-{kind}-{subject.pk}"
    if fmt == "csv":
        return csv_response(f"{filename}.csv", LEDGER_HEADERS, rows)
    if fmt == "xlsx":
        return xlsx_response(f"{filename}.xlsx", LEDGER_HEADERS, rows)
    context = {
        "title": title,
        "subject": subject,
        "kind": kind,
        "ledger": ledger,
        "rows": rows,
        "headers": LEDGER_HEADERS,
        "nav_section": "analytics",
    }
    return render(request, "analytics/ledger.html", context)


@login_required
@require_GET
def agreement_ledger_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_reader(request.user)
    agreement = get_agreement_for_user(request.user, pk)
    ledger = agreement_ledger(actor=request.user, agreement=agreement)
    return _ledger_response(request, ledger, f"Balance ledger: {agreement}", agreement, "agreement")


@login_required
@require_GET
def partner_ledger_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_reader(request.user)
    institution = get_institution_for_user(request.user, pk)
    if institution.is_home:
        raise Http404("Not found")
    ledger = partner_ledger(actor=request.user, institution=institution)
    return _ledger_response(request, ledger, f"Balance ledger: {institution.name}", institution, "partner")


@login_required
@require_GET
def reach(request: AuthenticatedRequest) -> HttpResponse:
    require_reader(request.user)
    form = _dashboard_form(request)
    coverage = reach_data.coverage(request.user)
    matrix = [
        (
            region,
            coverage.partners_by_region.get(region, 0),
            [coverage.cells.get(region, {}).get(code, 0) for code, _ in coverage.fields],
        )
        for region in coverage.regions
    ]
    context = {
        "form": form,
        "goals": reach_data.goal_statuses(request.user),
        "coverage": coverage,
        "matrix": matrix,
        "empty_regions": [region for region, partners, _ in matrix if partners == 0],
        "inclusion": reach_data.inclusion(request.user, form.filters()),
        "year_label": format_academic_year(form.filters().year or _this_year()),
        "can_manage": can_manage_analytics(request.user),
        "nav_section": "analytics",
    }
    return render(request, "analytics/reach.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def goal_create(request: AuthenticatedRequest) -> HttpResponse:
    require_reader(request.user)
    require(can_manage_analytics(request.user))
    form = GoalForm(request.POST or None)
    outcome = form_action(
        request,
        form,
        lambda: services.goal_create(data=services.GoalInput(**form.cleaned_data), actor=request.user),
    )
    if outcome.done:
        messages.success(request, "Goal added.")
        return redirect("analytics:reach")
    return render(
        request, "analytics/goal_form.html", {"form": form, "nav_section": "analytics"}, status=outcome.status
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    goal = get_goal_for_user(request.user, pk, write=True)
    if request.method == "POST":
        services.goal_delete(goal=goal, actor=request.user)
        messages.success(request, "Goal removed.")
        return redirect("analytics:reach")
    context = {"object": goal, "cancel": "analytics:reach", "nav_section": "analytics"}
    return render(request, "analytics/confirm_delete.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def settings_edit(request: AuthenticatedRequest) -> HttpResponse:
    require_reader(request.user)
    require(can_manage_analytics(request.user))
    current = analytics_settings()
    initial = {
        "imbalance_threshold": current.imbalance_threshold,
        "at_risk_below": current.at_risk_below,
        "dormant_after_years": current.dormant_after_years,
        "version": current.version,
        **{f"weight_{code}": current.weights.get(code, 0) for code in INDICATORS},
    }
    form = SettingsForm(request.POST or None, initial=initial)

    def save() -> AnalyticsSettings:
        data = services.SettingsInput(
            imbalance_threshold=form.cleaned_data["imbalance_threshold"],
            at_risk_below=form.cleaned_data["at_risk_below"],
            dormant_after_years=form.cleaned_data["dormant_after_years"],
            weights=form.weights(),
        )
        return services.settings_update(
            data=data, actor=request.user, expected_version=form.cleaned_data["version"]
        )

    outcome = form_action(request, form, save)
    if outcome.done:
        messages.success(request, "Settings saved. Scores use them from the next refresh.")
        return redirect("analytics:settings")
    return render(
        request, "analytics/settings.html", {"form": form, "nav_section": "analytics"}, status=outcome.status
    )


def _report_context(request: AuthenticatedRequest) -> dict[str, Any]:
    form = _dashboard_form(request)
    filters = form.filters()
    this_year = _this_year()
    year = filters.year or this_year
    charts = report_charts(request.user, filters, this_year)
    trend = next(chart for chart, _ in charts if chart.key == "trend")
    # The trend ends at this year; the report's year may be an earlier one.
    this_row = next((row for row in trend.rows if row[0] == format_academic_year(year)), None)
    inclusion = reach_data.inclusion(request.user, filters)
    key_figures = [("Academic year", format_academic_year(year))]
    if this_row:
        key_figures += [
            (f"Outgoing mobilities realised ({this_row[0]})", str(this_row[1])),
            (f"Incoming mobilities realised ({this_row[0]})", str(this_row[2])),
        ]
    share = inclusion["all"].share
    key_figures.append(
        ("Participants with fewer opportunities", f"{share}%" if share is not None else "no data")
    )
    settings = analytics_settings()
    if settings.refreshed_at:
        key_figures.append(
            ("Figures as of", timezone.localtime(settings.refreshed_at).strftime("%Y-%m-%d %H:%M"))
        )
    lists = []
    level = Level.PARTNER if can_see_partner_scores(request.user) else Level.AGREEMENT
    for label, title in (("at_risk", "At risk"), ("dormant", "Dormant"), ("deepening", "Deepening")):
        rows = report_scores(request.user, level, label)
        lists.append(
            (
                f"{title} ({'partners' if level == Level.PARTNER else 'agreements'})",
                [
                    [
                        str(r.agreement or r.institution),
                        r.country,
                        f"{r.score:.0f}" if r.score is not None else "",
                        ", ".join(r.pulling_down[:3]),
                    ]
                    for r in rows
                ],
            )
        )
    return {
        "form": form,
        "filters": filters,
        "charts": charts,
        "key_figures": key_figures,
        "lists": lists,
        "goals": reach_data.goal_statuses(request.user),
        "subtitle": f"Generated {timezone.localdate():%d %B %Y} by {request.user}",
        "year": year,
        "query": request.GET.urlencode(),
        "nav_section": "analytics",
    }


@login_required
@require_GET
def report(request: AuthenticatedRequest) -> HttpResponse:
    require_reader(request.user)
    context = _report_context(request)
    if request.GET.get("format") == "pdf":
        content = annual_pdf(request.user, context["filters"], _this_year(), context)
        return annual_pdf_response(content, context["year"])
    return render(request, "analytics/report.html", context)


@login_required
@require_GET
def beneficiary_export(request: AuthenticatedRequest) -> HttpResponse:
    require_reader(request.user)
    form = _dashboard_form(request)
    response: HttpResponse = beneficiary_csv(request.user, form.filters().year or _this_year())  # type: ignore[assignment]
    return response
