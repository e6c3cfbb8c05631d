from django.urls import path

from accord.institutions import views
from accord.institutions.importing import views as views_import

app_name = "institutions"
urlpatterns = [
    path("", views.institution_list, name="list"),
    path("new/", views.institution_create, name="create"),
    path("timezones/", views.institution_timezones, name="timezones"),
    path("import/", views_import.institution_import, name="import"),
    path("import/confirm/", views_import.institution_import_confirm, name="import_confirm"),
    path("<int:pk>/", views.institution_detail, name="detail"),
    path("<int:pk>/edit/", views.institution_update, name="update"),
    path("<int:pk>/delete/", views.institution_delete, name="delete"),
    path("<int:pk>/units/new/", views.unit_create, name="unit_create"),
    path("<int:pk>/units/<int:unit_pk>/edit/", views.unit_update, name="unit_update"),
    path("<int:pk>/units/<int:unit_pk>/delete/", views.unit_delete, name="unit_delete"),
    path("<int:pk>/contacts/new/", views.contact_create, name="contact_create"),
    path("<int:pk>/contacts/<int:contact_pk>/edit/", views.contact_update, name="contact_update"),
    path("<int:pk>/contacts/<int:contact_pk>/delete/", views.contact_delete, name="contact_delete"),
]
