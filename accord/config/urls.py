from django.contrib import admin
from django.urls import include, path

from accord.config.api import api
from accord.dashboard import views as dashboard_views

urlpatterns = [
    path("", dashboard_views.dashboard, name="dashboard"),
    path("accounts/", include("accord.accounts.urls")),
    path("audit/", include("accord.common.urls")),
    path("institutions/", include("accord.institutions.urls")),
    path("agreements/", include("accord.agreements.urls")),
    path("mobilities/", include("accord.mobility.urls")),
    path("staff/", include("accord.staff.urls")),
    path("exchange/", include("accord.exchange.urls")),
    path("notifications/", include("accord.notifications.urls")),
    path("learning-agreements/", include("accord.learning.urls")),
    path("recognition/", include("accord.recognition.urls")),
    path("analytics/", include("accord.analytics.urls")),
    path("collaboration/", include("accord.collaboration.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
