"""Resources are public; the only rule is that a hidden one looks exactly like a missing one."""

from django.http import Http404

from alongside.resources.models import Resource


def access_resource(slug: str) -> Resource:
    resource = Resource.objects.select_related("category").filter(slug=slug, is_active=True).first()
    if resource is None:
        raise Http404
    return resource
