"""Messages (/messages/): the inbox, message requests, a conversation and its live updates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.accounts.access import access_member_for_user
from alongside.core.errors import ApplicationError
from alongside.core.fragments import fragment_key
from alongside.core.types import MemberRequest
from alongside.groups.access import access_group_for_user
from alongside.messaging import access, actions, selectors
from alongside.messaging.forms import MessageForm
from alongside.messaging.models import Conversation, Participant
from alongside.support.crisis import offer_support


def message_urls(conversation_id: int) -> dict[str, str]:
    """The start of every message's links, reversed once per page rather than for each
    message: `{{ message_urls.message }}<id>/edit/` (and `delete/`),
    `{{ message_urls.report }}<id>/`."""
    return {
        "message": reverse("messaging:message", args=[conversation_id, 1]).removesuffix("1/"),
        "report": reverse("moderation:report", args=["message", 1]).removesuffix("1/"),
    }


def _cursor(raw: str | None) -> int:
    raw = (raw or "")[:18]
    return int(raw) if raw.isascii() and raw.isdigit() else 0


@login_required
@require_GET
def inbox(request: MemberRequest) -> HttpResponse:
    context = {
        "entries": selectors.inbox(request.user),
        "requests": selectors.requests_for(request.user),
    }
    return render(request, "messaging/inbox.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def start(request: MemberRequest, handle: str) -> HttpResponse:
    """Write to a member: straight into the conversation if one exists, else a first message."""
    other = access_member_for_user(request.user, handle)
    if other.pk == request.user.pk:
        raise Http404
    existing = Conversation.objects.filter(
        pair_key=Conversation.key_for(request.user.pk, other.pk),
        participants__user=request.user,
    ).first()
    if existing is not None and request.method == "GET":
        return redirect("messaging:conversation", existing.pk)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            conversation = actions.start_conversation(user=request.user, other=other)
            actions.send_message(
                user=request.user, conversation=conversation, body=form.cleaned_data["body"]
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            offer_support(request, form.cleaned_data["body"])
            return redirect("messaging:conversation", conversation.pk)
    context = {
        "form": form,
        "other": other,
        "is_request": not access.may_write_freely(request.user, other),
    }
    return render(request, "messaging/start.html", context, status=400 if form.errors else 200)


def _seen(
    request: MemberRequest, found: access.ConversationAccess, page: selectors.MessagePage
) -> bool:
    """Whether the other person read the viewer's latest message (both share read state)."""
    own = [m.pk for m in page.messages if m.author_id == request.user.pk]
    return bool(own) and selectors.seen_by_other(found) >= own[-1]


def _conversation_page(
    request: MemberRequest, found: access.ConversationAccess, form: MessageForm | None = None
) -> HttpResponse:
    page = selectors.messages_page(request.user, found, before=_cursor(request.GET.get("before")))
    participant = found.participant
    read_through = participant.last_read_id if participant is not None else -1
    if page.last_id > read_through and not request.GET.get("before"):
        actions.mark_read(
            user=request.user, conversation=found.conversation, through_id=page.last_id
        )
    language, zone = translation.get_language(), timezone.get_current_timezone_name()
    urls = message_urls(found.conversation.pk)
    for message in page.messages:  # what each message's HTML depends on (core.fragments)
        message.fragment_key = fragment_key(  # type: ignore[attr-defined]
            language, zone, urls["message"], urls["report"], message.pk,
            message.author_id == request.user.pk, message.author.handle, message.created_at,
            message.edited_at, message.deleted_at, message.body_html,
        )  # fmt: skip
    context = {
        "found": found,
        "conversation": found.conversation,
        "page": page,
        "form": form or MessageForm(),
        "seen": _seen(request, found, page),
        "is_request_for_me": participant is not None
        and participant.state in (Participant.State.REQUESTED, Participant.State.IGNORED),
        "title": found.conversation.group.name if found.is_group else found.other.handle,  # type: ignore[union-attr]
        "message_urls": urls,
    }
    return render(
        request,
        "messaging/conversation.html",
        context,
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_GET
def conversation(request: MemberRequest, conversation_id: int) -> HttpResponse:
    found = access.access_conversation_for_user(request.user, conversation_id)
    return _conversation_page(request, found)


@login_required
@require_GET
def group_chat(request: MemberRequest, slug: str) -> HttpResponse:
    group_access = access_group_for_user(request.user, slug)
    if not group_access.is_member:
        raise Http404
    room = actions.group_room(group_access.group)
    return redirect("messaging:conversation", room.pk)


@login_required
@require_POST
def send(request: MemberRequest, conversation_id: int) -> HttpResponse:
    form = MessageForm(request.POST)
    if form.is_valid():
        # The action checks access itself, with the rows it changes locked: no check here.
        try:
            message = actions.send_message(
                user=request.user, conversation=conversation_id, body=form.cleaned_data["body"]
            )
        except actions.NoConversation as error:
            raise Http404 from error
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            flagged = offer_support(request, form.cleaned_data["body"])
            if request.headers.get("X-Requested-With") == "fetch":
                # 204: the page fetches what's new, as for others; 202: it reloads to show
                # the crisis resources waiting for the author.
                return HttpResponse(status=202 if flagged else 204)
            url = reverse("messaging:conversation", args=[conversation_id])
            return redirect(f"{url}#message-{message.pk}")
    found = access.access_conversation_for_user(request.user, conversation_id)
    return _conversation_page(request, found, form)


def _updates(request: MemberRequest, found: access.ConversationAccess, after: int) -> HttpResponse:
    new = selectors.messages_after(request.user, found, after)
    last = new[-1].pk if new else after
    if new:
        actions.mark_read(user=request.user, conversation=found.conversation, through_id=last)
    context = {
        "found": found,
        "conversation": found.conversation,
        "new": new,
        "last_id": last,
        "message_urls": message_urls(found.conversation.pk),
    }
    return render(request, "messaging/_updates.html", context)


@login_required
@require_GET
def updates(request: MemberRequest, conversation_id: int) -> HttpResponse:
    """New messages after `?after=<id>`: what a live page fetches when told, after a
    reconnect, or every few seconds when websockets are unavailable."""
    found = access.access_conversation_for_user(request.user, conversation_id)
    return _updates(request, found, _cursor(request.GET.get("after")))


@login_required
@require_GET
def message_fragment(request: MemberRequest, conversation_id: int, message_id: int) -> HttpResponse:
    found = access.access_conversation_for_user(request.user, conversation_id)
    message = access.access_message_for_user(request.user, found, message_id)
    context = {"message": message, "found": found, "message_urls": message_urls(conversation_id)}
    return render(request, "messaging/_message.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: MemberRequest, conversation_id: int, message_id: int) -> HttpResponse:
    found = access.access_conversation_for_user(request.user, conversation_id)
    message = access.access_own_message(request.user, found, message_id)
    form = MessageForm(request.POST or None, initial={"body": message.body})
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_message(user=request.user, message=message, body=form.cleaned_data["body"])
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            url = reverse("messaging:conversation", args=[conversation_id])
            return redirect(f"{url}#message-{message.pk}")
    context = {"form": form, "message": message, "conversation": found.conversation}
    return render(request, "messaging/edit.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def delete(request: MemberRequest, conversation_id: int, message_id: int) -> HttpResponse:
    found = access.access_conversation_for_user(request.user, conversation_id)
    message = access.access_own_message(request.user, found, message_id)
    actions.delete_message(user=request.user, message=message)
    messages.success(request, _("Message deleted."))
    return redirect("messaging:conversation", conversation_id)


@login_required
@require_POST
def respond(request: MemberRequest, conversation_id: int) -> HttpResponse:
    """Accept or ignore a message request (blocking is on the member's profile)."""
    found = access.access_conversation_for_user(request.user, conversation_id)
    if found.is_group:
        raise Http404  # group rooms have no requests to answer
    if request.POST.get("accept"):
        actions.accept_request(user=request.user, conversation=found.conversation)
        messages.success(request, _("Request accepted. You can write to each other now."))
        return redirect("messaging:conversation", conversation_id)
    actions.ignore_request(user=request.user, conversation=found.conversation)
    messages.success(request, _("Request ignored. They won't be told."))
    return redirect("messaging:inbox")


@login_required
@require_POST
def forget(request: MemberRequest, conversation_id: int) -> HttpResponse:
    found = access.access_conversation_for_user(request.user, conversation_id)
    actions.delete_for_me(user=request.user, conversation=found.conversation)
    messages.success(
        request, _("The conversation is deleted for you. The other person keeps their copy.")
    )
    return redirect("messaging:inbox")


@login_required
@require_POST
def read_state(request: MemberRequest, conversation_id: int) -> HttpResponse:
    found = access.access_conversation_for_user(request.user, conversation_id)
    if found.is_group:
        raise Http404
    on = request.POST.get("share") == "on"
    actions.set_read_state_sharing(user=request.user, conversation=found.conversation, on=on)
    messages.success(
        request,
        _("You'll both see when messages are read, if they turn it on too.")
        if on
        else _("Your read state is private again."),
    )
    return redirect("messaging:conversation", conversation_id)
