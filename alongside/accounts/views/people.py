"""Members finding and connecting with each other: the informal side of peer support."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts import access, actions, selectors
from alongside.accounts.forms import ConnectionRequestForm, MemberSearchForm
from alongside.core.errors import ApplicationError
from alongside.core.sections import sections_for
from alongside.core.types import MemberRequest


@login_required
def directory(request: MemberRequest) -> HttpResponse:
    form = MemberSearchForm(request.GET)
    query, after = "", None
    if form.is_valid():
        query, after = form.cleaned_data["q"], form.cleaned_data["after"] or None
    page = selectors.member_directory(request.user, query=query, after=after)
    return render(request, "accounts/directory.html", {"form": form, "page": page, "query": query})


@login_required
def member_profile(request: MemberRequest, handle: str) -> HttpResponse:
    member = access.access_member_for_user(request.user, handle)
    relationship = selectors.relationship_between(request.user, member)
    context = {
        "member": member,
        "relationship": relationship,
        "fields": selectors.visible_profile_fields(member, relationship),
        "connect_form": ConnectionRequestForm(),
        "sections": sections_for(
            "profile", viewer=request.user, member=member, relationship=relationship
        ),
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
def connect(request: MemberRequest, handle: str) -> HttpResponse:
    member = access.access_member_for_user(request.user, handle)
    form = ConnectionRequestForm(request.POST)
    if not form.is_valid():
        relationship = selectors.relationship_between(request.user, member)
        context = {
            "member": member,
            "relationship": relationship,
            "fields": selectors.visible_profile_fields(member, relationship),
            "connect_form": form,
        }
        return render(request, "accounts/profile.html", context, status=400)
    try:
        from alongside.moderation.rules import check_can

        check_can(request.user, "connections")
        connection = actions.request_connection(
            requester=request.user, addressee=member, message=form.cleaned_data["message"]
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if connection.status == connection.Status.ACCEPTED:
            messages.success(request, _("You're connected with %(h)s.") % {"h": member.handle})
        else:
            messages.success(request, _("Request sent to %(h)s.") % {"h": member.handle})
    return redirect("people:profile", handle=member.handle)


@login_required
@require_POST
def disconnect(request: MemberRequest, handle: str) -> HttpResponse:
    member = access.access_member_for_user(request.user, handle)
    actions.remove_connection(user=request.user, other=member)
    messages.success(request, _("You're no longer connected with %(h)s.") % {"h": member.handle})
    return redirect("people:profile", handle=member.handle)


@login_required
def confirm_block(request: MemberRequest, handle: str) -> HttpResponse:
    member = access.access_member_for_user(request.user, handle)
    if member == request.user:
        raise Http404
    if request.method == "POST":
        actions.block_member(blocker=request.user, blocked=member)
        messages.success(
            request,
            _("You blocked %(h)s. They can't see you, contact you or find you.")
            % {"h": member.handle},
        )
        return redirect("settings:blocked")
    return render(request, "accounts/confirm_block.html", {"member": member})


@login_required
def connections(request: MemberRequest) -> HttpResponse:
    overview = selectors.connections_overview(request.user)
    return render(request, "accounts/connections.html", {"overview": overview})


@login_required
@require_POST
def respond_to_request(request: MemberRequest, connection_id: int) -> HttpResponse:
    connection = access.access_incoming_request_for_user(request.user, connection_id)
    if request.POST.get("answer") == "accept":
        actions.accept_connection(user=request.user, connection=connection)
        messages.success(
            request,
            _("You're connected with %(h)s.") % {"h": connection.requester.handle},
        )
    else:
        actions.decline_connection(user=request.user, connection=connection)
        messages.info(request, _("Request declined. They won't be told."))
    return redirect("people:connections")


@login_required
@require_POST
def withdraw_request(request: MemberRequest, connection_id: int) -> HttpResponse:
    connection = access.access_outgoing_request_for_user(request.user, connection_id)
    actions.withdraw_connection_request(user=request.user, connection=connection)
    messages.info(request, _("Request withdrawn."))
    return redirect("people:connections")
