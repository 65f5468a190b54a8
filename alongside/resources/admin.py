from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from alongside.resources.models import Category, Resource


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "area", "phone", "position", "is_active", "updated_at"]
    list_editable = ["position", "is_active"]
    list_filter = ["category", "area", "is_active", "state"]
    list_select_related = ["category"]
    search_fields = ["name", "description", "city"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "category", "description", "is_active", "position"]}),
        (_("Contact"), {"fields": ["url", "phone", "sms", "sms_keyword", "hours", "languages"]}),
        (_("Place"), {"fields": ["area", "address", "city", "state"]}),
        (None, {"fields": ["updated_at"]}),
    ]
