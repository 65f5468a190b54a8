"""Thread pages and the writes on them; the board's owner (a group, the forum) links here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alongside.accounts.models import User
from alongside.core.errors import ApplicationError
from alongside.core.fragments import fragment_key
from alongside.core.links import url_for_each
from alongside.core.types import MemberRequest
from alongside.discussions import access, actions, selectors
from alongside.discussions.forms import EditForm, ReplyForm, ThreadForm
from alongside.discussions.models import Post
from alongside.discussions.policies import allows_anonymous, policy_for
from alongside.moderation.rules import check_can
from alongside.support.crisis import offer_support


@login_required
@require_http_methods(["GET", "POST"])
def new_thread(request: MemberRequest, board_id: int) -> HttpResponse:
    board = access.access_board_for_user(request.user, board_id)
    policy = policy_for(board)
    form = ThreadForm(request.POST or None)
    if not allows_anonymous(board):
        del form.fields["anonymous"]
    identifying = False
    if request.method == "POST" and form.is_valid():
        identifying = _asks_first(request, form.cleaned_data["title"], form.cleaned_data["body"])
    if request.method == "POST" and form.is_valid() and not identifying:
        try:
            check_can(request.user, "posts")
            thread = actions.start_thread(user=request.user, board=board, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            offer_support(request, form.cleaned_data["title"], form.cleaned_data["body"])
            return redirect("discussions:thread", thread_id=thread.pk)
    context = {
        "form": form,
        "board": board,
        "where": policy.title(board),
        "back": policy.url(board),
        "first_post": _first_post(request.user),
        "identifying": identifying,
    }
    return render(
        request,
        "discussions/new_thread.html",
        context,
        status=400 if form.errors or identifying else 200,
    )


def _first_post(user) -> bool:
    return not Post.objects.filter(author=user).exists()


def _asks_first(request: MemberRequest, *texts: str) -> bool:
    """Anti-doxxing: text that looks like it names or locates someone gets an "are you
    sure?" once; posting anyway is allowed (and flagged for a moderator by moderation)."""
    from alongside.moderation.rules import identifying_details

    if request.POST.get("confirm_identifying") == "1":
        return False
    return bool(identifying_details("\n".join(texts)))


def _thread_context(
    request: MemberRequest,
    thread_id: int,
    reply_form: ReplyForm | None = None,
    identifying: bool = False,
) -> dict:
    viewer = request.user
    found = access.access_thread_page(viewer, thread_id)
    thread, rights = found.thread, found.rights
    policy = policy_for(thread.board)
    after = request.GET.get("after", "")
    page = selectors.thread_posts(
        thread,
        viewer,
        after=int(after) if after.isascii() and after.isdigit() else None,
        moderator=rights.moderate,
    )
    actions.mark_read(user=viewer, thread=thread, last_read=thread.read_at)  # type: ignore[attr-defined]
    _for_display(page.items, viewer, moderator=rights.moderate)
    return {
        "thread": thread,
        "following": thread.following,  # type: ignore[attr-defined]
        "bookmarked": thread.bookmarked,  # type: ignore[attr-defined]
        "page": page,
        "where": policy.title(thread.board),
        "back": policy.url(thread.board),
        "may_post": rights.post,
        "may_moderate": rights.moderate,
        "reply_form": reply_form or ReplyForm(),
        "first_post": not thread.has_posted,  # type: ignore[attr-defined]
        "identifying": identifying,
    }


def _for_display(posts: list[Post], viewer: User, *, moderator: bool) -> None:
    """What the thread template shows of each post, worked out once here rather than by the
    template's tags post by post; and `fragment_key`, everything a post's rendering depends
    on (see core.fragments), so a post rendered for one reader is reused for the next."""
    react, edit = url_for_each("discussions:react"), url_for_each("discussions:edit")
    delete, report = url_for_each("discussions:delete"), url_for_each("moderation:report", "post")
    language, report_label = translation.get_language(), _("this post by %(who)s")
    for post in posts:
        post.mine = post.author_id == viewer.pk  # type: ignore[attr-defined]
        post.when_iso = timezone.localtime(post.created_at).isoformat()  # type: ignore[attr-defined]
        post.react_url, post.edit_url = react(post.pk), edit(post.pk)  # type: ignore[attr-defined]
        post.delete_url, post.report_url = delete(post.pk), report(post.pk)  # type: ignore[attr-defined]
        post.report_label = report_label % {"who": post.author_label}  # type: ignore[attr-defined]
        post.fragment_key = fragment_key(  # type: ignore[attr-defined]
            language, moderator, post.pk, post.mine, post.when_iso, post.edited_at,  # type: ignore[attr-defined]
            post.deleted_at, post.hidden_at, post.held, post.author_label, post.reaction_list,  # type: ignore[attr-defined]
            post.body_html,
        )  # fmt: skip


@login_required
def thread_page(request: MemberRequest, thread_id: int) -> HttpResponse:
    return render(request, "discussions/thread.html", _thread_context(request, thread_id))


@login_required
@require_POST
def reply(request: MemberRequest, thread_id: int) -> HttpResponse:
    thread = access.access_thread_for_user(request.user, thread_id)
    form = ReplyForm(request.POST)
    identifying = form.is_valid() and _asks_first(request, form.cleaned_data["body"])
    if form.is_valid() and not identifying:
        try:
            check_can(request.user, "posts")
            post = actions.reply(user=request.user, thread=thread, body=form.cleaned_data["body"])
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            offer_support(request, form.cleaned_data["body"])
            return redirect(reverse("discussions:thread", args=[thread.pk]) + f"#post-{post.pk}")
    context = _thread_context(request, thread_id, reply_form=form, identifying=identifying)
    return render(request, "discussions/thread.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: MemberRequest, post_id: int) -> HttpResponse:
    post = access.access_post_for_user(request.user, post_id)
    if post.author_id != request.user.pk:
        raise Http404
    initial = {"body": post.body, "title": post.thread.title}
    form = EditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_post(
                user=request.user,
                post=post,
                body=form.cleaned_data["body"],
                title=form.cleaned_data["title"] if post.is_opening else None,
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your post is updated."))
            offer_support(request, form.cleaned_data["body"])
            return redirect(
                reverse("discussions:thread", args=[post.thread_id]) + f"#post-{post.pk}"
            )
    context = {"form": form, "post": post}
    return render(request, "discussions/edit.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: MemberRequest, post_id: int) -> HttpResponse:
    post = access.access_post_for_user(request.user, post_id)
    thread = post.thread
    if request.method == "POST":
        try:
            actions.delete_post(user=request.user, post=post)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("discussions:thread", thread_id=thread.pk)
        messages.success(request, _("Deleted."))
        if post.is_opening:
            return redirect(policy_for(thread.board).url(thread.board))
        return redirect("discussions:thread", thread_id=thread.pk)
    policy = policy_for(thread.board)
    if post.author_id != request.user.pk and not policy.may_moderate(request.user, thread.board):
        raise Http404
    return render(request, "discussions/delete.html", {"post": post})


@login_required
@require_POST
def react(request: MemberRequest, post_id: int) -> HttpResponse:
    post = access.access_post_for_user(request.user, post_id)
    try:
        actions.toggle_reaction(user=request.user, post=post, kind=request.POST.get("kind", ""))
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect(reverse("discussions:thread", args=[post.thread_id]) + f"#post-{post.pk}")


@login_required
@require_POST
def moderate(request: MemberRequest, thread_id: int, what: str) -> HttpResponse:
    thread = access.access_thread_for_user(request.user, thread_id)
    on = request.POST.get("on") == "1"
    try:
        if what == "pin":
            actions.set_pinned(user=request.user, thread=thread, pinned=on)
        else:
            actions.set_locked(user=request.user, thread=thread, locked=on)
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("discussions:thread", thread_id=thread.pk)


@login_required
@require_POST
def toggle(request: MemberRequest, thread_id: int, what: str) -> HttpResponse:
    """Follow or keep (bookmark) a thread; the same button undoes it."""
    thread = access.access_thread_for_user(request.user, thread_id)
    if what == "follow":
        on = actions.toggle_follow(user=request.user, thread=thread)
        messages.success(
            request,
            _("You'll hear about new replies.") if on else _("You won't hear about new replies."),
        )
    else:
        on = actions.toggle_bookmark(user=request.user, thread=thread)
        messages.success(
            request, _("Kept in your bookmarks.") if on else _("Removed from your bookmarks.")
        )
    return redirect("discussions:thread", thread_id=thread.pk)


@login_required
def bookmarks(request: MemberRequest) -> HttpResponse:
    return render(
        request, "discussions/bookmarks.html", {"threads": selectors.bookmarked(request.user)}
    )
