"""Meeting words that suggest danger with resources, at once, on the page the person is on.

Screening for moderators happens in event handlers (so every way of writing is covered);
this is the other half: the author sees warm words and the crisis lines right away. Nothing
they wrote is blocked, hidden or echoed back (#chatsafe).
"""

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

CRISIS_TAG = "crisis"


def offer_support(request: HttpRequest, *texts: str) -> bool:
    """If `texts` suggest someone may be in danger, show crisis resources; True if shown."""
    from alongside.support.detector import assess

    if not assess("\n\n".join(t for t in texts if t)).flagged:
        return False
    messages.warning(
        request,
        _(
            "It sounds like things are really hard right now. You don't have to face this "
            "alone: call or text 988 any time, or call 911 if you're in danger."
        ),
        extra_tags=CRISIS_TAG,
    )
    return True
