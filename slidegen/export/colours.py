"""Colours of the Slides API (RGB floats, theme colours) as PowerPoint RGB."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import BaseOxmlElement

log = logging.getLogger(__name__)

# Slides maps these theme colour names onto the scheme's dark/light pairs.
_THEME_ALIASES = {
    "TEXT1": "DARK1",
    "BACKGROUND1": "LIGHT1",
    "TEXT2": "DARK2",
    "BACKGROUND2": "LIGHT2",
}


def rgb_from_api(rgb: dict[str, Any]) -> RGBColor:
    """Return an API RgbColor (floats 0..1, absent components are 0) as RGBColor."""

    def channel(name: str) -> int:
        value = float(rgb.get(name, 0.0))
        return max(0, min(255, round(value * 255)))

    return RGBColor(channel("red"), channel("green"), channel("blue"))


# Slides' stock "Simple Light" theme, for decks whose master declares no scheme.
_STOCK_THEME = {
    "DARK1": RGBColor(0x00, 0x00, 0x00),
    "LIGHT1": RGBColor(0xFF, 0xFF, 0xFF),
    "DARK2": RGBColor(0x59, 0x59, 0x59),
    "LIGHT2": RGBColor(0xEE, 0xEE, 0xEE),
    "ACCENT1": RGBColor(0x42, 0x85, 0xF4),
    "ACCENT2": RGBColor(0x21, 0x21, 0x21),
    "ACCENT3": RGBColor(0x78, 0x90, 0x9C),
    "ACCENT4": RGBColor(0xFF, 0xAB, 0x40),
    "ACCENT5": RGBColor(0x00, 0x97, 0xA7),
    "ACCENT6": RGBColor(0xEE, 0xFF, 0x41),
    "HYPERLINK": RGBColor(0x00, 0x97, 0xA7),
    "FOLLOWED_HYPERLINK": RGBColor(0x00, 0x97, 0xA7),
}


@dataclass
class ColourScheme:
    """A master's theme colours, used to resolve `themeColor` references."""

    colours: dict[str, RGBColor] = field(default_factory=dict)
    built: dict[bytes | str, Any] = field(default_factory=dict, compare=False, repr=False)
    """XML already built under this scheme, by what it was built from (see export.text)."""

    @classmethod
    def from_page(cls, page: dict[str, Any] | None) -> ColourScheme:
        """Return the colour scheme a master page declares (empty when it has none)."""
        scheme = ((page or {}).get("pageProperties") or {}).get("colorScheme") or {}
        colours = {
            entry["type"]: rgb_from_api(entry.get("color") or {})
            for entry in scheme.get("colors", [])
            if "type" in entry
        }
        return cls(colours)

    def theme(self, name: str) -> RGBColor | None:
        """Return theme colour `name`, following Slides' aliases, or None if unknown."""
        if name in self.colours:
            return self.colours[name]
        alias = _THEME_ALIASES.get(name)
        if alias is not None and alias in self.colours:
            return self.colours[alias]
        reverse = {v: k for k, v in _THEME_ALIASES.items()}.get(name)
        if reverse is not None and reverse in self.colours:
            return self.colours[reverse]
        return _STOCK_THEME.get(_THEME_ALIASES.get(name, name))

    def resolve(self, colour: dict[str, Any] | None) -> RGBColor | None:
        """Return an OpaqueColor (rgbColor or themeColor) as RGB, or None if unset."""
        if not colour:
            return None
        if "rgbColor" in colour:
            return rgb_from_api(colour["rgbColor"] or {})
        if "themeColor" in colour:
            resolved = self.theme(colour["themeColor"])
            if resolved is None:
                log.warning("unknown theme colour %s; using black", colour["themeColor"])
                return RGBColor(0, 0, 0)
            return resolved
        return None

    def resolve_optional(self, optional: dict[str, Any] | None) -> RGBColor | None:
        """Return an OptionalColor ({opaqueColor: …}) as RGB, or None when transparent."""
        if not optional:
            return None
        return self.resolve(optional.get("opaqueColor"))


def set_alpha(fill_parent: BaseOxmlElement, alpha: float | None) -> None:
    """Give the colour inside a solidFill element an `a:alpha` when not fully opaque."""
    if alpha is None or alpha >= 1.0:
        return
    solid = (
        fill_parent if fill_parent.tag == qn("a:solidFill") else fill_parent.find(qn("a:solidFill"))
    )
    if solid is None or len(solid) == 0:
        return
    colour_element = solid[0]
    for old in colour_element.findall(qn("a:alpha")):
        colour_element.remove(old)
    alpha_element = colour_element.makeelement(qn("a:alpha"), {})
    alpha_element.set("val", str(max(0, min(100_000, round(alpha * 100_000)))))
    colour_element.append(alpha_element)


DASH_PRESETS = {
    "SOLID": "solid",
    "DOT": "sysDot",
    "DASH": "dash",
    "DASH_DOT": "dashDot",
    "LONG_DASH": "lgDash",
    "LONG_DASH_DOT": "lgDashDot",
}
"""Slides DashStyle → DrawingML preset dash."""
