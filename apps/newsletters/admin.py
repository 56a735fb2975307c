from django.contrib import admin

from .models import Delivery, Newsletter


@admin.register(Newsletter)
class NewsletterAdmin(admin.ModelAdmin):
    """Read-only here: newsletters are written and sent from the back-office (services check who may)."""

    list_display = ("subject", "segment", "status", "recipients_count", "sent_at")
    list_filter = ("status", "segment")
    search_fields = ("subject",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("newsletter", "user", "status", "attempts", "sent_at")
    list_filter = ("status",)
    raw_id_fields = ("newsletter", "user")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
