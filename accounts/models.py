from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import ADMIN_ROLES, Role
from accounts.territories import Territory
from casework.formulas import refuse_formula


class Organisation(models.Model):
    class Kind(models.TextChoices):
        POLICE = "police", _("Police")
        BORDER_POLICE = "border_police", _("Border police")
        MINISTRY = "ministry", _("Ministry")
        SOCIAL_SERVICES = "social_services", _("Social services")
        NGO = "ngo", _("NGO")
        INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")

    name = models.CharField(_("name"), max_length=200, unique=True, validators=[refuse_formula])
    territory = models.CharField(_("territory"), max_length=2, choices=Territory.choices)
    # Blank only until an administrator sets it (provisioning scripts may not know it).
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, blank=True)

    class Meta:
        ordering = ["territory", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return f"{self.name} ({self.territory})"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in, with one role and the scope that role needs.

    A caseworker belongs to one organisation, a national coordinator to one territory;
    the database refuses a user whose role lacks its scope.
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    territory = models.CharField(
        _("territory"), max_length=2, choices=Territory.choices, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    must_change_password = models.BooleanField(_("must change password"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["role"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="user_caseworker_has_organisation",
                condition=~Q(role=Role.CASEWORKER) | Q(organisation__isnull=False),
            ),
            models.CheckConstraint(
                name="user_national_coordinator_has_territory",
                condition=~Q(role=Role.NATIONAL_COORDINATOR) | ~Q(territory=""),
            ),
            models.CheckConstraint(name="user_role_is_known", condition=Q(role__in=Role.values)),
        ]

    def __str__(self):
        return self.email

    @property
    def is_staff(self) -> bool:
        """Admin access follows from the role; it is never set by hand."""
        return self.is_active and self.role in ADMIN_ROLES

    def has_role(self, *roles: str) -> bool:
        return self.is_active and self.role in roles


class ApiToken(models.Model):
    """An API token, kept only as the SHA-256 of its key (`accounts.tokens`): the key itself is
    shown once, when it is issued, and a copy of the database lets no one call the API."""

    digest = models.CharField(_("digest"), max_length=64, unique=True)
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"API token of user {self.user_id}, {self.created:%Y-%m-%d}"
