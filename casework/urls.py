from django.urls import path

from casework import views
from casework.imports import views as import_views

app_name = "casework"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("new/<str:case_type>/", views.case_create, name="create"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/edit/", views.case_edit, name="edit"),
    path("<int:pk>/submit/", views.case_action, {"action": "submit"}, name="submit"),
    path("<int:pk>/withdraw/", views.case_action, {"action": "withdraw"}, name="withdraw"),
    path("import/", import_views.import_upload, name="import"),
    path("import/<int:pk>/", import_views.import_detail, name="import-detail"),
    path(
        "import/template/<str:case_type>.csv", import_views.import_template, name="import-template"
    ),
]
