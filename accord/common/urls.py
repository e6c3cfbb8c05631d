from django.urls import path

from accord.common import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_list, name="list"),
]
