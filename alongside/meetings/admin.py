from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from alongside.meetings.feed_import import sync
from alongside.meetings.models import DirectoryMeeting, FeedSource, Meeting


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "mode", "repeat", "start_date", "start_time", "timezone"]
    list_filter = ["mode", "repeat"]
    search_fields = ["name", "slug"]
    readonly_fields = ["slug", "rrule", "created_by", "created_at"]


@admin.register(FeedSource)
class FeedSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "location", "enabled", "republish", "last_synced_at", "last_status"]
    list_filter = ["enabled", "republish", "last_status"]
    search_fields = ["name", "location"]
    readonly_fields = ["last_synced_at", "last_status", "last_error", "summary", "problem_list"]
    exclude = ["last_summary", "problems"]
    actions = ["sync_now"]

    @admin.display(description=_("last import"))
    def summary(self, source: FeedSource) -> str:
        return ", ".join(f"{count} {what}" for what, count in (source.last_summary or {}).items())

    @admin.display(description=_("problems, meeting by meeting"))
    def problem_list(self, source: FeedSource) -> str:
        rows = format_html_join(
            "",
            "<li><strong>{}</strong> ({}): {}: {}</li>",
            (
                (p.get("slug", ""), p.get("name", ""), p.get("field", ""), p.get("message", ""))
                for p in (source.problems or [])[:500]
            ),
        )
        return format_html("<ul>{}</ul>", rows) if source.problems else "-"

    @admin.action(description=_("Import the selected feeds now"))
    def sync_now(self, request: HttpRequest, queryset: QuerySet[FeedSource]) -> None:
        for source in queryset:
            result = sync(source)
            if result.error:
                self.message_user(request, f"{source.name}: {result.error}", level=messages.ERROR)
            else:
                summary = ", ".join(f"{n} {what}" for what, n in result.summary().items())
                self.message_user(request, f"{source.name}: {summary}")


@admin.register(DirectoryMeeting)
class DirectoryMeetingAdmin(admin.ModelAdmin):
    list_display = ["name", "source", "day", "time", "timezone", "attendance"]
    list_filter = ["source", "attendance", "day"]
    search_fields = ["name", "slug", "formatted_address"]
    readonly_fields = [f.name for f in DirectoryMeeting._meta.fields]
