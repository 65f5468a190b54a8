"""Writes to the directory outside the admin (the demo data, imports, tests). Every one runs
the model's validation, so a javascript: link is refused here exactly as in the admin."""

from typing import Any

from django.db import transaction
from django.utils.text import slugify

from alongside.resources.models import Category, Resource


@transaction.atomic
def save_category(
    *, name: str, slug: str = "", description: str = "", position: int = 0
) -> Category:
    """Create the category, or update the one with this slug."""
    slug = slug or slugify(name)
    category = Category.objects.filter(slug=slug).first() or Category(slug=slug)
    category.name, category.description, category.position = name, description, position
    category.full_clean()
    category.save()
    return category


@transaction.atomic
def save_resource(*, name: str, category: Category, slug: str = "", **fields: Any) -> Resource:
    """Create the resource, or update the one with this slug. Raises ValidationError."""
    slug = slug or slugify(name)[:120]
    resource = Resource.objects.filter(slug=slug).first() or Resource(slug=slug)
    resource.name, resource.category = name, category
    for field, value in fields.items():
        setattr(resource, field, value)
    resource.full_clean()
    resource.save()
    return resource


def hide_resource(*, resource: Resource) -> None:
    Resource.objects.filter(pk=resource.pk).update(is_active=False)
