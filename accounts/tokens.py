from rest_framework.authtoken.models import Token

from accounts.models import User


def api_token_issue(*, user: User) -> str:
    """A fresh API token for `user`; any earlier token stops working."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user).key
