from django.contrib import admin
from django.http import HttpRequest

from alongside.notifications.models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """For operators: is email and push getting out? No notification text is shown here."""

    list_display = ["id", "channel", "status", "attempts", "deliver_after", "sent_at", "last_error"]
    list_filter = ["status", "channel"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
