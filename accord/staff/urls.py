from django.urls import path

from accord.staff import views

app_name = "staff"
urlpatterns = [
    path("", views.application_list, name="list"),
    path("new/", views.application_create, name="create"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/approve/", views.application_approve, name="approve"),
    path("<int:pk>/reject/", views.application_reject, name="reject"),
    path("<int:pk>/withdraw/", views.application_withdraw, name="withdraw"),
]
