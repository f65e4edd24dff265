from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import territories_in_scope


class MeSerializer(serializers.Serializer):
    email = serializers.EmailField()
    role = serializers.CharField()
    organisation = serializers.CharField(source="organisation.name", allow_null=True, default=None)
    territories = serializers.ListField(child=serializers.CharField())


class MeView(APIView):
    """Who the credentials belong to: lets an integrator check a token before pushing cases."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        user = request.user
        data = {
            "email": user.email,
            "role": user.role,
            "organisation": user.organisation,
            "territories": territories_in_scope(user),
        }
        return Response(MeSerializer(data).data)
