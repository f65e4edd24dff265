from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.emails import email_normalise, email_validate
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

    @classmethod
    def normalize_email(cls, email):
        return email_normalise(email or "")

    def get_by_natural_key(self, username):
        # Signing in works under any case of the address, as it was stored lower-cased.
        return self.get(email=email_normalise(username or ""))

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in, with one role and the scope that role needs.

    A caseworker belongs to one organisation, a national coordinator to one territory;
    the database refuses a user whose role lacks its scope.
    """

    email = models.EmailField(_("e-mail address"), unique=True, validators=[email_validate])
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
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # When the last activation link went out; part of the link's hash, so a newer link
    # (or a send rolled back) leaves no older link working. The link itself is never kept.
    activation_sent_at = models.DateTimeField(_("activation sent at"), null=True, blank=True)
    # The language the user last chose: it follows them to every browser (languages/choice.py).
    language = models.CharField(
        _("language"), max_length=16, choices=settings.LANGUAGES, blank=True, default=""
    )

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
            # Look-alike accounts differing only in case cannot exist side by side.
            models.CheckConstraint(
                name="user_email_is_lower_case", condition=Q(email=Lower("email"))
            ),
            models.UniqueConstraint(Lower("email"), name="user_email_unique_without_case"),
        ]

    def __str__(self):
        return self.email

    def clean(self):
        super().clean()
        self.email = email_normalise(self.email)

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


class AccessGrant(models.Model):
    """A role and scope given to a user, and what became of it.

    A role that sees cases (or a wider scope for one) is only asked for by an administrator:
    it takes effect when a regional coordinator confirms it, and until then the user sees
    no case. Other grants, and the operator's (`provision_user`), take effect at once and are
    recorded confirmed. The user's own `role`, `organisation` and `territory` always hold
    the access in effect; a grant is the request and its decision.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        REFUSED = "refused", _("Refused")
        SUPERSEDED = "superseded", _("Replaced by a later request")

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.PROTECT, related_name="access_grants"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    territory = models.CharField(
        _("territory"), max_length=2, choices=Territory.choices, blank=True
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    # None: the operator, on the server (`provision_user`).
    requested_by = models.ForeignKey(
        User,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        ordering = ["-requested_at", "-pk"]
        permissions = [("confirm_accessgrant", "Can confirm or refuse an access grant")]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status="pending"),
                name="accessgrant_one_pending_per_user",
            ),
            models.CheckConstraint(
                name="accessgrant_decided_unless_pending",
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False)),
            ),
        ]

    def __str__(self):
        return f"{self.user_id} {self.role} ({self.status})"

    def scope_display(self) -> str:
        if self.organisation_id:
            return str(self.organisation)
        return self.get_territory_display() if self.territory else ""
