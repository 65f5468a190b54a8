from django.contrib import admin

from alongside.support.models import CrisisLine


@admin.register(CrisisLine)
class CrisisLineAdmin(admin.ModelAdmin):
    list_display = ["name", "phone", "text", "hours", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["name", "description"]
