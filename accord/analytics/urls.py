from django.urls import path

from accord.analytics import views
from accord.analytics.activities import views as activity_views

app_name = "analytics"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("charts/<slug:key>.<str:fmt>", views.chart_download, name="chart"),
    path("refresh/", views.refresh, name="refresh"),
    path("scores/", views.scores, name="scores"),
    path("scores/<int:pk>/", views.score_detail, name="score_detail"),
    path("ledger/agreements/<int:pk>/", views.agreement_ledger_view, name="agreement_ledger"),
    path("ledger/partners/<int:pk>/", views.partner_ledger_view, name="partner_ledger"),
    path("reach/", views.reach, name="reach"),
    path("reach/goals/new/", views.goal_create, name="goal_create"),
    path("reach/goals/<int:pk>/delete/", views.goal_delete, name="goal_delete"),
    path("activities/", activity_views.activity_list, name="activities"),
    path("activities/new/", activity_views.activity_edit, name="activity_create"),
    path("activities/<int:pk>/edit/", activity_views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/delete/", activity_views.activity_delete, name="activity_delete"),
    path("settings/", views.settings_edit, name="settings"),
    path("report/", views.report, name="report"),
    path("report/erasmus-mobilities.csv", views.beneficiary_export, name="beneficiary_export"),
]
