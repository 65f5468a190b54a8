from django.contrib import admin

from alongside.groups.models import Group, Membership, Tag


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "joined_at"]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    """Operators can rescue a group (e.g. name a facilitator when the last one left). Group
    discussions are not here: they belong to the group's members."""

    list_display = ["name", "visibility", "join_policy", "language", "created_at"]
    list_filter = ["visibility", "join_policy", "language"]
    search_fields = ["name", "slug"]
    readonly_fields = ["slug", "board", "join_key", "created_by", "created_at"]
    inlines = [MembershipInline]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
