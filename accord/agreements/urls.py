from django.urls import path

from accord.agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.agreement_list, name="list"),
]
