"""A small, safe Markdown: paragraphs, emphasis, lists, quotes, code and links. No images, no
raw HTML; whatever the renderer produces is sanitised again with nh3."""

import nh3
from markdown_it import MarkdownIt

_renderer = (
    MarkdownIt("commonmark", {"html": False, "linkify": True, "breaks": True})
    .enable("linkify")
    .disable("image")
)
TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre", "hr"}


def render(text: str) -> str:
    html = _renderer.render(text)
    return nh3.clean(
        html,
        tags=TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer ugc",
    )
