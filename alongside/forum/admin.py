from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from alongside.forum.models import Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    """Categories are managed here; each gets its discussions board when it is created."""

    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}
    exclude = ["board"]

    def save_model(self, request: HttpRequest, obj: Category, form: Any, change: bool) -> None:
        from alongside.discussions.models import Board

        if not change:
            obj.board = Board.objects.create(kind="forum")
        super().save_model(request, obj, form, change)
