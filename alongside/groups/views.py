"""Groups: the directory, a group's page, joining and leaving, and running a group."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alongside.accounts.access import access_member_for_user
from alongside.accounts.models import User
from alongside.core.errors import ApplicationError
from alongside.core.types import MemberRequest
from alongside.discussions.selectors import threads_page
from alongside.groups import access, actions, selectors
from alongside.groups.forms import DirectoryForm, GroupForm, InviteForm, JoinRequestForm
from alongside.groups.models import Group, JoinRequest, Membership
from alongside.meetings.selectors import upcoming_for_group


@login_required
def directory(request: MemberRequest) -> HttpResponse:
    form = DirectoryForm(request.GET)
    query = tag = ""
    after = None
    if form.is_valid():
        query, tag = form.cleaned_data["q"].strip(), form.cleaned_data["tag"]
        after = form.cleaned_data["after"] or None
    context = {
        "form": form,
        "page": selectors.directory(request.user, query=query, tag=tag, after=after),
        "tags": selectors.all_tags(),
        "tag": tag,
        "query": query,
        "invitations": selectors.pending_invitations(request.user),
        "may_create": access.may_create_groups(request.user),
    }
    return render(request, "groups/directory.html", context)


@login_required
def activity(request: MemberRequest) -> HttpResponse:
    """Everything new in the member's groups, a page at a time."""
    threads, cursor = selectors.activity_in_my_groups(
        request.user, after=request.GET.get("after"), limit=20
    )
    return render(request, "groups/activity.html", {"threads": threads, "cursor": cursor})


@login_required
@require_http_methods(["GET", "POST"])
def create(request: MemberRequest) -> HttpResponse:
    if not access.may_create_groups(request.user):
        messages.info(
            request, _("Facilitators and staff can start groups. Ask one to start it with you.")
        )
        return redirect("groups:directory")
    form = GroupForm(request.POST or None, initial={"timezone": request.user.timezone})
    if request.method == "POST" and form.is_valid():
        try:
            group = actions.create_group(
                user=request.user, tags=form.tag_list(), **form.group_fields()
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your group is ready. Welcome people in and set the tone."))
            return redirect("groups:detail", slug=group.slug)
    return render(request, "groups/form.html", {"form": form}, status=400 if form.errors else 200)


def _detail_page(
    request: MemberRequest,
    found: access.GroupAccess,
    *,
    key: str,
    join_form: JoinRequestForm | None = None,
    status: int = 200,
) -> HttpResponse:
    group, viewer = found.group, request.user
    context = {
        "group": group,
        "topics": selectors.topics(group),
        "access": found,
        "facilitators": selectors.facilitators_of(group, viewer),
        "join_form": join_form or JoinRequestForm(),
        "key": key if not found.is_member else "",
    }
    if found.is_member:
        context["threads"] = threads_page(
            group.board,
            viewer,
            after=request.GET.get("after"),
            moderator=access.moderates(viewer, found),
        )
        context["meetings"] = upcoming_for_group(group, viewer)
    return render(request, "groups/detail.html", context, status=status)


@login_required
def detail(request: MemberRequest, slug: str) -> HttpResponse:
    key = request.GET.get("key", "")
    found = access.access_group_for_user(request.user, slug, key=key)
    return _detail_page(request, found, key=key)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: MemberRequest, slug: str) -> HttpResponse:
    group = access.access_group_as_facilitator(request.user, slug).group
    form = GroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_group(
                user=request.user, group=group, tags=form.tag_list(), **form.group_fields()
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The group is updated."))
            return redirect("groups:detail", slug=group.slug)
    if request.method == "POST":
        group.refresh_from_db()
    return render(
        request,
        "groups/form.html",
        {"form": form, "group": group},
        status=400 if form.errors else 200,
    )


def _back(slug: str, key: str = "") -> HttpResponse:
    response = redirect("groups:detail", slug=slug)
    if key:
        response["Location"] += f"?key={key}"
    return response


@login_required
@require_POST
def join(request: MemberRequest, slug: str) -> HttpResponse:
    key = request.POST.get("key", "")
    found = access.access_group_for_user(request.user, slug, key=key)
    try:
        actions.join_group(user=request.user, group=found.group)
    except ApplicationError as error:
        messages.error(request, error.message)
        return _back(slug, key)
    messages.success(request, _("Welcome to %(group)s.") % {"group": found.group.name})
    return _back(slug)


@login_required
@require_POST
def ask(request: MemberRequest, slug: str) -> HttpResponse:
    key = request.POST.get("key", "")
    found = access.access_group_for_user(request.user, slug, key=key)
    form = JoinRequestForm(request.POST)
    if not form.is_valid():  # the page again, with the note kept and the error beside it
        return _detail_page(request, found, key=key, join_form=form, status=400)
    try:
        actions.request_to_join(
            user=request.user, group=found.group, message=form.cleaned_data["message"]
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return _back(slug, key)
    messages.success(request, _("Request sent. A facilitator will welcome you soon."))
    return _back(slug)


@login_required
@require_POST
def withdraw(request: MemberRequest, slug: str) -> HttpResponse:
    found = access.access_group_for_user(request.user, slug)
    actions.withdraw_request(user=request.user, group=found.group)
    messages.info(request, _("Request withdrawn."))
    return redirect("groups:directory")


@login_required
@require_POST
def decline_invitation(request: MemberRequest, slug: str) -> HttpResponse:
    found = access.access_group_for_user(request.user, slug)
    actions.decline_invitation(user=request.user, group=found.group)
    messages.info(request, _("Invitation declined. Nobody is told."))
    return redirect("groups:directory")


@login_required
@require_POST
def leave(request: MemberRequest, slug: str) -> HttpResponse:
    found = access.access_group_for_user(request.user, slug)
    try:
        actions.leave_group(user=request.user, group=found.group)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("groups:detail", slug=slug)
    messages.info(
        request,
        _("You left %(group)s. You're welcome back any time.") % {"group": found.group.name},
    )
    return redirect("groups:directory")


@login_required
@require_http_methods(["GET", "POST"])
def manage(request: MemberRequest, slug: str) -> HttpResponse:
    """Facilitators: requests, invitations, members and roles, the private link."""
    group = access.access_group_as_facilitator(request.user, slug).group
    invite_form = InviteForm(request.POST if request.POST.get("action") == "invite" else None)
    if request.method == "POST":
        try:
            done = _manage_action(request, group, invite_form)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            if done:
                messages.success(request, done)
                return redirect("groups:manage", slug=slug)
    context = {
        "group": group,
        "requests": selectors.pending_requests(group, request.user),
        "members": selectors.members_of(group, request.user),
        "invite_form": invite_form,
        "private_link": request.build_absolute_uri(f"/groups/{group.slug}/?key={group.join_key}"),
    }
    return render(request, "groups/manage.html", context, status=400 if invite_form.errors else 200)


def _invite(user: User, group: Group, form: InviteForm) -> str:
    """Problems are errors on the form; an unknown handle and a block read the same."""
    if not form.is_valid():
        return ""
    try:
        invitee = access_member_for_user(user, form.cleaned_data["handle"].strip())
    except Http404:
        form.add_error("handle", actions.no_such_member_message())
        return ""
    try:
        actions.invite(user=user, group=group, invitee=invitee)
    except ApplicationError as error:
        form.add_error("handle", error.message)
        return ""
    return _("Invitation sent to %(handle)s.") % {"handle": invitee.handle}


def _number(raw: str | None) -> int:
    return int(raw) if raw and raw.isascii() and raw.isdigit() else 0


def _manage_action(request: MemberRequest, group: Group, invite_form: InviteForm) -> str:
    action = request.POST.get("action")
    user = request.user
    if action in ("approve", "decline"):
        join_request = (
            JoinRequest.objects.filter(group=group, pk=_number(request.POST.get("request")))
            .select_related("user")
            .first()
        )
        if join_request is None:
            return _("That request was already answered.")
        if action == "approve":
            actions.approve_request(user=user, request=join_request)
            return _("%(handle)s is now a member.") % {"handle": join_request.user.handle}
        actions.decline_request(user=user, request=join_request)
        return _("Request declined. They won't be told.")
    if action == "invite":
        return _invite(user, group, invite_form)
    membership = (
        Membership.objects.filter(group=group, pk=_number(request.POST.get("membership")))
        .select_related("user")
        .first()
    )
    if action in ("remove", "facilitator", "member") and membership is None:
        return _("That person is no longer a member.")
    if action == "remove" and membership is not None:
        actions.remove_member(user=user, group=group, member=membership.user)
        return _("%(handle)s was removed from the group.") % {"handle": membership.user.handle}
    if action in ("facilitator", "member") and membership is not None:
        actions.set_role(user=user, group=group, member=membership.user, role=action)
        return _("Roles updated.")
    if action == "new_link":
        actions.new_private_link(user=user, group=group)
        return _("A new private link is ready. The old one no longer works.")
    return ""
