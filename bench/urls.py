"""The application's URLs plus the baseline of the API benchmarks: a trivial DRF view with the
same authentication and permission, so the ratio measures what our views add."""

from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls import urlpatterns as application


class Trivial(APIView):
    def get(self, request):
        return Response({"ok": True})


urlpatterns = [path("bench/trivial/", Trivial.as_view()), *application]
