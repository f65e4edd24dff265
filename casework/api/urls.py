from rest_framework.routers import SimpleRouter

from casework.api.imports import ImportViewSet
from casework.api.views import case_viewset
from casework.models import CaseType

router = SimpleRouter()
for case_type in CaseType.values:
    router.register(f"cases/{case_type}", case_viewset(case_type), basename=f"case-{case_type}")

router.register("imports", ImportViewSet, basename="import")

urlpatterns = router.urls
