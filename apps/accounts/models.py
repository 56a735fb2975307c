from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from apps.core.backends import RulePermissionsMixin

nickname_validator = RegexValidator(
    r"^[A-Za-z0-9_]{3,30}$",
    _("3 to 30 characters: letters, digits and underscores only."),
)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("The e-mail address must be set")
        email = self.normalize_email(email)
        user = self.model(email=email, **extra)
        if not user.nickname:
            from .nicknames import unique_nickname

            user.nickname = unique_nickname(user.display_name or email.split("@")[0])
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(RulePermissionsMixin, AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    nickname = models.CharField(
        _("nickname"),
        max_length=30,
        unique=True,
        validators=[nickname_validator],
        help_text=_("Your public @handle. Letters, digits and underscores."),
    )
    language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    # Set and lifted by moderation's block services only (apps/moderation/services.py), which keep the history.
    blocked_at = models.DateTimeField(_("blocked at"), null=True, blank=True)
    blocked_reason = models.TextField(_("reason for the block"), blank=True)

    terms_version = models.CharField(_("accepted terms version"), max_length=40, blank=True)
    terms_accepted_at = models.DateTimeField(_("terms accepted at"), null=True, blank=True)

    # Consent to the organisers' newsletters (apps/newsletters): off until the person ticks it, at sign-up or in
    # their settings; the one-click unsubscribe link in every newsletter turns it off.
    newsletter_opt_in = models.BooleanField(_("receive the newsletter"), default=False)
    newsletter_opt_in_at = models.DateTimeField(_("newsletter consent given at"), null=True, blank=True)

    # Read by the processes' postal-code eligibility; the other optional answers live in Demographics.
    postal_code = models.CharField(_("postal code or district"), max_length=40, blank=True)

    # Identity checks before a vote (apps/budgets): how and when this account was last verified, and the birth
    # date it gave (the minimum age to vote).
    class VerificationMethod(models.TextChoices):
        NONE = "", _("Not verified")
        CENSUS = "census", _("Census of residents")
        POSTAL_CODE = "postal_code", _("Census of postal codes")
        DECLARATION = "declaration", _("Declaration on honour")
        IN_PERSON = "in_person", _("In person, by a voting assistant")

    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    verification_method = models.CharField(
        _("verification method"), max_length=20, choices=VerificationMethod.choices, default="", blank=True
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("nickname"),
                name="accounts_user_nickname_ci_unique",
                violation_error_message=_("This nickname is already taken."),
            ),
        ]

    def __str__(self):
        return self.public_name

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    @property
    def is_blocked(self):
        return self.blocked_at is not None

    def get_session_auth_hash(self):
        # Blocking changes the hash, so Django ends the blocked person's open sessions on their next request.
        base = super().get_session_auth_hash()
        return base if self.blocked_at is None else salted_hmac("pbplatform.blocked", base).hexdigest()

    @property
    def public_name(self):
        if self.is_deleted:
            return str(_("Deleted participant"))
        return self.display_name or self.nickname

    def get_full_name(self):
        return self.public_name

    def get_short_name(self):
        return self.public_name


class Demographics(models.Model):
    """A participant's optional answers, used only in aggregated statistics (never shown one by one).

    No row means nothing was given; erasing them deletes the row.
    """

    class Gender(models.TextChoices):
        WOMAN = "woman", _("Woman")
        MAN = "man", _("Man")
        NON_BINARY = "non_binary", _("Non-binary")
        UNDISCLOSED = "undisclosed", _("Prefer not to say")

    class SocioProfessionalCategory(models.TextChoices):
        # INSEE's PCS groups
        FARMER = "farmer", _("Farmer")
        CRAFTS = "crafts", _("Craftsperson, shopkeeper, business owner")
        EXECUTIVE = "executive", _("Executive, higher intellectual profession")
        INTERMEDIATE = "intermediate", _("Intermediate profession")
        EMPLOYEE = "employee", _("Employee")
        WORKER = "worker", _("Manual worker")
        RETIRED = "retired", _("Retired")
        STUDENT = "student", _("Student")
        UNEMPLOYED = "unemployed", _("Other, without professional activity")

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="demographics", verbose_name=_("user"), primary_key=True
    )
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    socio_professional_category = models.CharField(
        _("socio-professional category"), max_length=20, choices=SocioProfessionalCategory.choices, blank=True
    )

    class Meta:
        verbose_name = _("demographics")
        verbose_name_plural = _("demographics")

    def __str__(self):
        return str(_("Demographics"))
