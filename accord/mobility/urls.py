from django.urls import path

from accord.mobility import views

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
]
