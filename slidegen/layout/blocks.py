"""Text blocks that always fit: fitted text boxes, empty-section panels and stacks of cards."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from slidegen.config import Config
from slidegen.layout import text as metrics
from slidegen.layout.context import Box, BuildContext, PageContent, Request, TextStyle
from slidegen.layout.shapes import BoxStyle, Span, clean_text, text_box, utf16_length
from slidegen.units import pt

ELLIPSIS = "…"
CARD_GAP = pt(4)


def tint(hex_colour: str, share: float) -> str:
    """Return `hex_colour` mixed with white, keeping `share` of the colour (0..1)."""
    value = hex_colour.lstrip("#")
    channels = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return "#" + "".join(f"{round(255 - (255 - c) * share):02X}" for c in channels)


def truncate_lines(
    lines: list[str],
    max_lines: int,
    width: int,
    font_pt: float,
    bold: bool,
    family: str | None = None,
) -> str:
    """Return the first `max_lines` of `lines`, the last ending in an ellipsis that fits `width`."""
    kept = lines[: max(1, max_lines)]
    last = kept[-1]
    limit = width * metrics.WIDTH_SAFETY
    while last and metrics.text_width(last + ELLIPSIS, font_pt, bold, family) > limit:
        last = last[:-1].rstrip()
    kept[-1] = last + ELLIPSIS
    return "\n".join(kept)


@dataclass
class Fitted:
    """Requests for a text block plus the full text when it had to be cut."""

    requests: list[Request]
    font_pt: float
    cut: str | None = None


def fitted_text(
    object_id: str,
    page_id: str,
    box: Box,
    text: str,
    style: BoxStyle,
    min_pt: float,
    *,
    max_pt: float | None = None,
    spans: Sequence[Span] = (),
) -> Fitted:
    """Return a text box showing `text` at the largest size that fits, cut with '…' if none does.

    The size starts from `max_pt` (by default the style's own size) and
    never goes below `min_pt`.
    """
    text = clean_text(text)
    look = style.text
    # Bold spans are measured as if the whole text were bold: never too small a box.
    measure_bold = look.bold or any(span.bold for span in spans)
    top = max(min_pt, look.font_pt if max_pt is None else max_pt)
    family = look.font_family
    fit = metrics.fit_text(
        text, box.width, box.height, top, min_pt, bold=measure_bold, family=family
    )
    cut: str | None = None
    shown = text
    if not fit.fits:
        inner_height = box.height - 2 * metrics.INSET_Y
        max_lines = max(1, inner_height // metrics.line_height_for(text, fit.font_pt))
        shown = truncate_lines(
            fit.lines,
            max_lines,
            box.width - 2 * metrics.INSET_X,
            fit.font_pt,
            measure_bold,
            family,
        )
        cut = text
        limit = utf16_length(shown) - 1
        spans = [replace(s, end=min(s.end, limit)) for s in spans if s.start < limit]
    requests = text_box(
        object_id, page_id, box, shown, style.restyled(font_pt=fit.font_pt), spans=spans
    )
    return Fitted(requests, fit.font_pt, cut)


@dataclass(frozen=True)
class Card:
    """A titled block of text: a need, an initiative with its features."""

    title: str
    body: str = ""
    label: str = ""


@dataclass(frozen=True)
class PlacedCard:
    """A card with its box and the text it shows (possibly cut)."""

    card: Card
    box: Box
    title: str
    body: str


@dataclass
class CardStack:
    """Cards of one column split into pages at a common font size."""

    pages: list[list[PlacedCard]]
    font_pt: float
    cut: list[str] = field(default_factory=list)


def card_text(title: str, body: str) -> tuple[str, list[Span]]:
    """Return the text of a card and the span that makes its title bold."""
    title = clean_text(title)
    body = clean_text(body)
    text = f"{title}\n{body}" if body else title
    return text, [Span(0, utf16_length(title), bold=True)]


def card_height(card: Card, width: int, font_pt: float, family: str | None = None) -> int:
    """Return the height a card needs at `font_pt` in `family` (title bold, body regular)."""
    inner = max(1, width - 2 * metrics.INSET_X)
    lines = len(metrics.wrap(clean_text(card.title), inner, font_pt, True, family))
    if card.body:
        lines += len(metrics.wrap(clean_text(card.body), inner, font_pt, False, family))
    line = metrics.line_height_for(card.title + card.body, font_pt)
    return lines * line + 2 * metrics.INSET_Y


def _cut_card(
    card: Card, width: int, height: int, font_pt: float, family: str | None
) -> tuple[str, str]:
    """Return title and body shortened so the card fits `height`."""
    inner = max(1, width - 2 * metrics.INSET_X)
    line = metrics.line_height_for(card.title + card.body, font_pt)
    max_lines = max(1, (height - 2 * metrics.INSET_Y) // line)
    title_lines = metrics.wrap(clean_text(card.title), inner, font_pt, True, family)
    if len(title_lines) >= max_lines:
        return truncate_lines(title_lines, max_lines, inner, font_pt, True, family), ""
    body_lines = metrics.wrap(clean_text(card.body), inner, font_pt, False, family)
    room = max_lines - len(title_lines)
    body = truncate_lines(body_lines, room, inner, font_pt, False, family)
    return "\n".join(title_lines), body


def stack_columns(
    columns: Sequence[Sequence[Card]],
    boxes: Sequence[Box],
    max_pt: float,
    min_pt: float,
    gap: int = CARD_GAP,
    step: float = 0.5,
    family: str | None = None,
) -> tuple[list[CardStack], float]:
    """Return each column's cards, set in `family`, stacked in its box at one font size.

    The largest size at which every column fits on one page wins; otherwise
    all columns use `min_pt` and continue onto further pages. A card taller
    than its whole box is cut, its full text reported in ``cut``.
    """
    # A card's words stay whole: a size that would break one inside does not fit.
    widest = [_widest_word(cards, family) for cards in columns]
    size = max_pt
    while True:
        fits = all(
            sum(card_height(c, box.width, size, family) for c in cards)
            + gap * max(0, len(cards) - 1)
            <= box.height
            and metrics.keeps_words_whole(word, max(1, box.width - 2 * metrics.INSET_X), size)
            for cards, box, word in zip(columns, boxes, widest, strict=True)
        )
        if fits or size <= min_pt:
            break
        size = max(min_pt, round(size - step, 4))
    stacks = [
        _stack(cards, box, size, gap, family) for cards, box in zip(columns, boxes, strict=True)
    ]
    return stacks, size


def _widest_word(cards: Sequence[Card], family: str | None) -> float:
    """Return the reference width of the widest word no line of `cards` may break inside."""
    return max(
        (
            max(
                metrics.widest_ordinary_word(clean_text(card.title), True, family),
                metrics.widest_ordinary_word(clean_text(card.body), False, family),
            )
            for card in cards
        ),
        default=0.0,
    )


def _stack(
    cards: Sequence[Card], box: Box, font_pt: float, gap: int, family: str | None
) -> CardStack:
    stack = CardStack([[]], font_pt)
    y = box.y
    for card in cards:
        height = card_height(card, box.width, font_pt, family)
        title, body = card.title, card.body
        if height > box.height:
            title, body = _cut_card(card, box.width, box.height, font_pt, family)
            height = box.height
            stack.cut.append(
                f"{card.label or card.title}: {card.body}" if card.body else card.title
            )
        if stack.pages[-1] and y + height > box.bottom:
            stack.pages.append([])
            y = box.y
        stack.pages[-1].append(PlacedCard(card, Box(box.x, y, box.width, height), title, body))
        y += height + gap
    return stack


def card_requests(
    object_id: str,
    page_id: str,
    placed: PlacedCard,
    style: TextStyle,
    font_pt: float,
    *,
    fill: str | None,
    outline: str | None = None,
    title_colour: str | None = None,
    body_colour: str | None = None,
) -> list[Request]:
    """Return the requests drawing one placed card."""
    text, spans = card_text(placed.title, placed.body)
    if title_colour is not None:
        spans = [replace(span, colour=title_colour) for span in spans]
    title_end = spans[0].end
    if body_colour is not None and utf16_length(text) > title_end + 1:
        spans.append(Span(title_end + 1, utf16_length(text), colour=body_colour))
    look = BoxStyle(
        replace(style, font_pt=font_pt, bold=False),
        fill=fill,
        outline=outline,
        shape_type="RECTANGLE",
    )
    return text_box(object_id, page_id, placed.box, text, look, spans=spans)


EMPTY_OUTLINE_SHARE = 0.4
"""How much of the muted colour an empty section's panel outline keeps."""


def empty_panel(
    object_id: str, page_id: str, box: Box, headline: str, config: Config
) -> list[Request]:
    """Return the one panel every empty section shows: a short headline, centred in `box`.

    Every empty section looks the same whatever its region's style, so a
    customer reads them as one kind of thing: work still in progress. What
    the plan's author should add goes to the speaker notes, not here.
    """
    palette = config.style.palette
    min_pt = config.style.min_font_pt
    text_style = TextStyle(
        font_family=config.style.font_family,
        font_pt=max(config.style.body_font_pt, min_pt) * 1.2,
        colour=palette.muted,
        alignment="CENTER",
    )
    look = BoxStyle(
        text_style,
        fill=palette.surface,
        outline=tint(palette.muted, EMPTY_OUTLINE_SHARE),
        vertical="MIDDLE",
        shape_type="RECTANGLE",
    )
    return fitted_text(object_id, page_id, box, headline, look, min_pt).requests


def empty_page(ctx: BuildContext, box: Box, headline: str, hint: str) -> PageContent:
    """Return a role's only page when its section is empty: the panel, and `hint` in the notes."""
    panel = empty_panel(ctx.content_id(0, "empty"), ctx.page_id(0), box, headline, ctx.config)
    return PageContent(requests=panel, notes=[hint])


def spanning(first: Box, second: Box) -> Box:
    """Return the smallest box holding both boxes."""
    left, top = min(first.x, second.x), min(first.y, second.y)
    right, bottom = max(first.right, second.right), max(first.bottom, second.bottom)
    return Box(left, top, right - left, bottom - top)
