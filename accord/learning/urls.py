from django.urls import path

from accord.learning import views
from accord.learning.courses import views as course_views
from accord.learning.links import views as link_views

app_name = "learning"
urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("mobility/<int:mobility_id>/", views.for_mobility, name="for_mobility"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/details/", views.details_edit, name="details"),
    path("<int:pk>/components/new/", views.component_create, name="component_create"),
    path("<int:pk>/components/<int:component_id>/edit/", views.component_edit, name="component_edit"),
    path("<int:pk>/components/<int:component_id>/remove/", views.component_remove, name="component_remove"),
    path("<int:pk>/components/<int:component_id>/delete/", views.component_delete, name="component_delete"),
    path("<int:pk>/changes/", views.changes_start, name="changes_start"),
    path("<int:pk>/changes/withdraw/", views.changes_withdraw, name="changes_withdraw"),
    path("<int:pk>/sign/", views.sign, name="sign"),
    path("<int:pk>/return/", views.return_proposal, name="return"),
    path("<int:pk>/comments/", views.comment, name="comment"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/equivalences/apply/", views.equivalence_apply, name="equivalence_apply"),
    path("<int:pk>/equivalences/remember/", views.equivalence_remember, name="equivalence_remember"),
    path("<int:pk>/ewp.xml", views.ewp_xml, name="ewp_xml"),
    path("link/<str:token>/", link_views.link_page, name="link"),
    path("courses/", course_views.course_list, name="courses"),
    path("courses/new/", course_views.course_create, name="course_create"),
    path("courses/<int:course_id>/edit/", course_views.course_edit, name="course_edit"),
    path("equivalences/", course_views.equivalence_list, name="equivalences"),
    path(
        "equivalences/<int:equivalence_id>/withdraw/",
        course_views.equivalence_withdraw,
        name="equivalence_withdraw",
    ),
]
