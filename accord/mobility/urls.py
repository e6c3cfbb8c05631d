from django.urls import path

from accord.mobility import views

app_name = "mobility"
urlpatterns = [
    path("", views.mobility_list, name="list"),
]
