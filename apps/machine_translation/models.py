from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class MachineTranslation(models.Model):
    """One field of one piece of content, machine-translated into one language.

    `source_hash` is the SHA-256 of the text that was translated: when the text changes, the row no longer
    matches and is made again. A row whose `source_language` is its own `language` holds no text: the content
    was written in that language and needs no translation (so the provider is not asked again).
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(_("field"), max_length=40)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    source_language = models.CharField(_("source language"), max_length=8, blank=True)
    source_hash = models.CharField(max_length=64)
    text = models.TextField(_("translation"), blank=True)
    provider = models.CharField(_("provider"), max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("machine translation")
        verbose_name_plural = _("machine translations")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"], name="machine_translation_one_per_field"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "language"], name="mt_object_language")]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}.{self.field} → {self.language}"

    @property
    def is_same_language(self):
        return self.source_language == self.language
