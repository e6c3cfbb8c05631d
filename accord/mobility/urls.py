from django.urls import path

from accord.mobility import views
from accord.mobility.nominations import views as nomination_views

app_name = "mobility"
urlpatterns = [
    path("", views.mobility_list, name="list"),
    path("new/", views.mobility_create_view, name="create"),
    path("<int:pk>/", views.mobility_detail, name="detail"),
    path("<int:pk>/edit/", views.mobility_edit, name="edit"),
    path("<int:pk>/delete/", views.mobility_delete_view, name="delete"),
    path("people/search/", views.person_search, name="person_search"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("nominations/", nomination_views.nomination_list, name="nominations"),
    path("nominations/omobilities.xml", nomination_views.nominations_export, name="nominations_export"),
    path("nominations/import/", nomination_views.nominations_import, name="nominations_import"),
    path(
        "nominations/import/template/",
        nomination_views.nominations_import_template,
        name="nominations_import_template",
    ),
    path("<int:pk>/omobility.xml", nomination_views.omobility_xml, name="omobility_xml"),
    path("<int:pk>/nomination/send/", nomination_views.nomination_send_view, name="nomination_send"),
    path(
        "<int:pk>/nomination/accept/",
        nomination_views.nomination_decide_view,
        {"decision": "accept"},
        name="nomination_accept",
    ),
    path(
        "<int:pk>/nomination/reject/",
        nomination_views.nomination_decide_view,
        {"decision": "reject"},
        name="nomination_reject",
    ),
]
