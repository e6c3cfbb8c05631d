from django.urls import path

from accord.exchange import views
from accord.exchange.portal import views as portal_views
from accord.exchange.runs import views as run_views

app_name = "exchange"
urlpatterns = [
    path("", views.call_list, name="calls"),
    path("calls/new/", views.call_create, name="call_create"),
    path("calls/<int:pk>/", views.call_detail, name="call_detail"),
    path("calls/<int:pk>/edit/", views.call_edit, name="call_edit"),
    path("calls/<int:pk>/draw-places/", views.call_draw_places, name="call_draw_places"),
    path("calls/<int:pk>/publish/", views.call_publish, name="call_publish"),
    path("calls/<int:pk>/applications/", views.call_applications, name="applications"),
    path("calls/<int:pk>/runs/new/", run_views.run_create, name="run_create"),
    path("calls/<int:pk>/destinations/", portal_views.destinations, name="destinations"),
    path("calls/<int:pk>/destinations/<int:institution_id>/", portal_views.destination, name="destination"),
    path("calls/<int:pk>/apply/", portal_views.apply, name="apply"),
    path("places/<int:pk>/", views.place_edit, name="place_edit"),
    path("my/", portal_views.my_applications, name="my_applications"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/score/", views.application_score, name="application_score"),
    path("applications/<int:pk>/withdraw/", portal_views.application_withdraw, name="application_withdraw"),
    path("applications/<int:pk>/documents/new/", portal_views.document_upload, name="document_upload"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("runs/<int:pk>/", run_views.run_detail, name="run_detail"),
    path("runs/<int:pk>/compare/<int:other>/", run_views.run_compare, name="run_compare"),
    path("runs/<int:pk>/publish/", run_views.run_publish, name="run_publish"),
    path("offers/<int:pk>/respond/", portal_views.offer_respond, name="offer_respond"),
]
