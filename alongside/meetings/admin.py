from django.contrib import admin

from alongside.meetings.models import Meeting


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "mode", "repeat", "start_date", "start_time", "timezone"]
    list_filter = ["mode", "repeat"]
    search_fields = ["name", "slug"]
    readonly_fields = ["slug", "rrule", "created_by", "created_at"]
