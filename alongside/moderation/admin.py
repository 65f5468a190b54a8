from django.contrib import admin

from alongside.moderation.models import ModAction, ReviewItem


class ReadOnly(admin.ModelAdmin):
    """Decisions are made in /moderation/, where they are audited; the admin only reads."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ModAction)
class ModActionAdmin(ReadOnly):
    list_display = ["created_at", "kind", "moderator", "member", "until", "reversed_at"]
    list_filter = ["kind"]
    list_select_related = ["moderator", "member"]


@admin.register(ReviewItem)
class ReviewItemAdmin(ReadOnly):
    list_display = ["created_at", "kind", "reason", "target_type", "status", "outcome"]
    list_filter = ["kind", "status", "reason"]
