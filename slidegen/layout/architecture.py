"""The Notional Architecture slide: current and proposed states as editable diagrams."""

from __future__ import annotations

from slidegen.layout.context import Box, BuildContext, PageContent, Region, TextStyle
from slidegen.layout.shapes import text_box
from slidegen.layout.text import fit_text, line_height
from slidegen.plan.model import ArchitectureState

EMPTY_TEXT = {
    "current": "No current-state architecture recorded",
    "proposed": "No proposed-state architecture recorded",
}
STATE_TITLES = {"current": "Current state", "proposed": "Proposed state"}


def _summary_requests(
    ctx: BuildContext, page: int, name: str, region: Region, state: ArchitectureState
) -> list[dict[str, object]]:
    """Return the requests placing a state's title and summary text in its region."""
    style = ctx.config.style
    palette = style.palette
    title_pt = style.body_font_pt + 2
    title_height = line_height(title_pt) + 2 * 45720
    box = region.box
    title_box = Box(box.x, box.y, box.width, min(title_height, box.height))
    text_style = TextStyle(
        font_family=style.font_family, font_pt=style.body_font_pt, colour=palette.text
    )
    requests = text_box(
        ctx.content_id(page, name, "title"),
        ctx.page_id(page),
        title_box,
        STATE_TITLES[name],
        text_style,
        font_pt=title_pt,
        bold=True,
        colour=palette.primary,
    )
    body = Box(box.x, title_box.bottom, box.width, max(0, box.bottom - title_box.bottom))
    text = state.summary or EMPTY_TEXT[name]
    fitted = fit_text(text, body.width, body.height, style.body_font_pt, style.min_font_pt)
    requests += text_box(
        ctx.content_id(page, name, "summary"),
        ctx.page_id(page),
        body,
        text,
        text_style,
        font_pt=fitted.font_pt,
    )
    return requests


def build(ctx: BuildContext) -> list[PageContent]:
    """Return the architecture slide's content: both states' summaries in their regions."""
    page = PageContent()
    for name in ("current", "proposed"):
        state = getattr(ctx.plan.architecture, name)
        page.requests += _summary_requests(ctx, 0, name, ctx.region(name), state)
    return [page]
