"""Markdown for problem statements, rendered and then sanitised (statements are written by experts in the admin)."""

from __future__ import annotations

import markdown
import nh3

_TAGS = {"p", "br", "strong", "em", "code", "pre", "ul", "ol", "li", "blockquote", "h3", "h4", "h5", "table",
         "thead", "tbody", "tr", "th", "td", "a", "hr", "sub", "sup"}


def render_markdown(text: str) -> str:
    html = markdown.markdown(text or "", extensions=["fenced_code", "tables"], output_format="html")
    return nh3.clean(html, tags=_TAGS, attributes={"a": {"href", "title"}}, url_schemes={"http", "https", "mailto"},
                     link_rel="noopener noreferrer nofollow")
