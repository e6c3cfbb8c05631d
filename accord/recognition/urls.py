from django.urls import path

from accord.recognition import views
from accord.recognition.grade_tables import views as table_views

app_name = "recognition"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("partners/", views.partners, name="partners"),
    path("grade-tables/", table_views.table_list, name="tables"),
    path("grade-tables/new/", table_views.table_create, name="table_create"),
    path("grade-tables/import/", table_views.tables_import, name="tables_import"),
    path("grade-tables/<int:pk>/", table_views.table_edit, name="table_edit"),
    path("grade-tables/<int:pk>/delete/", table_views.table_delete, name="table_delete"),
    path("mobilities/<int:mobility_id>/", views.decision, name="decision"),
    path("mobilities/<int:mobility_id>/sign/", views.sign, name="sign"),
    path("mobilities/<int:mobility_id>/recognition.pdf", views.decision_pdf, name="decision_pdf"),
    path("mobilities/<int:mobility_id>/transcript/", views.transcript, name="transcript"),
    path(
        "mobilities/<int:mobility_id>/transcript/import/", views.transcript_import, name="transcript_import"
    ),
    path(
        "mobilities/<int:mobility_id>/learning-agreement.pdf",
        views.learning_agreement_pdf,
        name="learning_agreement_pdf",
    ),
]
