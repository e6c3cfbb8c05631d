from django.urls import path

from accord.agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("new/", views.agreement_create, name="create"),
    path("institution-options/", views.institution_options, name="institution_options"),
    path("form-row/", views.agreement_form_row, name="form_row"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/edit/", views.agreement_edit, name="edit"),
    path("<int:pk>/delete/", views.agreement_delete, name="delete"),
]
