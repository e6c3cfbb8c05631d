from django.urls import path

from accord.collaboration.virtual_exchange import views

urlpatterns = [
    path("", views.offer_list, name="offers"),
    path("new/", views.offer_create, name="offer_create"),
    path("import/", views.offers_import, name="offers_import"),
    path("<int:pk>/", views.offer_detail, name="offer_detail"),
    path("<int:pk>/edit/", views.offer_edit, name="offer_edit"),
    path("<int:pk>/withdraw/", views.offer_withdraw, name="offer_withdraw"),
    path("<int:pk>/propose/<int:other>/", views.offer_propose, name="offer_propose"),
    *(
        path(
            f"proposals/<int:proposal_id>/{answer}/",
            views.proposal_answer,
            {"answer": answer},
            name=f"proposal_{answer}",
        )
        for answer in ("accept", "decline", "withdraw")
    ),
]
