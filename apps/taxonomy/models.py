from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.spaces.models import Process


class Theme(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="themes", verbose_name=_("process"))
    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("info page"), blank=True, help_text=_("Rich text (HTML is sanitised)."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [models.UniqueConstraint(fields=["process", "slug"], name="unique_theme_slug")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("taxonomy:theme_detail", kwargs={"slug": self.process.slug, "theme_slug": self.slug})


class Category(models.Model):
    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="categories", verbose_name=_("process")
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, null=True, blank=True, related_name="categories", verbose_name=_("theme")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent category"),
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    color = models.CharField(
        _("colour"),
        max_length=7,
        blank=True,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a hex colour such as #1d70b8."))],
    )
    icon = models.CharField(_("icon"), max_length=40, blank=True, help_text=_("An emoji or a short symbol."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name

    def clean(self):
        errors = {}
        if self.parent_id:
            if self.pk and self.parent_id == self.pk:
                errors["parent"] = _("A category cannot be its own parent.")
            elif self.parent.parent_id:
                errors["parent"] = _("Sub-categories cannot have their own sub-categories.")
            elif self.process_id and self.parent.process_id != self.process_id:
                errors["parent"] = _("The parent category must belong to the same process.")
            elif self.pk and self.children.exists():
                errors["parent"] = _("This category has sub-categories, so it cannot become a sub-category itself.")
        if self.theme_id and self.process_id and self.theme.process_id != self.process_id:
            errors["theme"] = _("The theme must belong to the same process.")
        if errors:
            raise ValidationError(errors)
