from django.urls import include, path

app_name = "collaboration"
urlpatterns = [
    path("virtual-exchange/", include("accord.collaboration.virtual_exchange.urls")),
]
