from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("tokens")
