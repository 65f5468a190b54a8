from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str]:
    return {"SITE_NAME": settings.SITE_NAME, "ORGANIZATION_NAME": settings.ORGANIZATION_NAME}
