"""Affine transforms of the Slides API and their PowerPoint equivalents."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from slidegen.units import EMU_PER_PT, magnitude_emu


@dataclass(frozen=True)
class Affine:
    """A Slides AffineTransform: x' = a·x + c·y + tx, y' = b·x + d·y + ty (EMU)."""

    a: float = 1.0
    b: float = 0.0
    c: float = 0.0
    d: float = 1.0
    tx: float = 0.0
    ty: float = 0.0

    @classmethod
    def from_api(cls, transform: dict[str, Any] | None) -> Affine:
        """Return the transform a Slides `transform` object describes."""
        if not transform:
            return cls()
        # Translations follow the transform's unit; scale and shear are unitless.
        per_unit = EMU_PER_PT if transform.get("unit") == "PT" else 1.0
        return cls(
            a=float(transform.get("scaleX", 0.0)),
            b=float(transform.get("shearY", 0.0)),
            c=float(transform.get("shearX", 0.0)),
            d=float(transform.get("scaleY", 0.0)),
            tx=float(transform.get("translateX", 0.0)) * per_unit,
            ty=float(transform.get("translateY", 0.0)) * per_unit,
        )

    def then(self, outer: Affine) -> Affine:
        """Return the transform that applies this one and then `outer`."""
        return Affine(
            a=outer.a * self.a + outer.c * self.b,
            b=outer.b * self.a + outer.d * self.b,
            c=outer.a * self.c + outer.c * self.d,
            d=outer.b * self.c + outer.d * self.d,
            tx=outer.a * self.tx + outer.c * self.ty + outer.tx,
            ty=outer.b * self.tx + outer.d * self.ty + outer.ty,
        )

    def apply(self, x: float, y: float) -> tuple[float, float]:
        """Return the page position of the local point (x, y)."""
        return (self.a * x + self.c * y + self.tx, self.b * x + self.d * y + self.ty)


@dataclass(frozen=True)
class Placement:
    """Where PowerPoint puts a shape: unrotated box, rotation about its centre, flips."""

    left: int
    top: int
    width: int
    height: int
    rotation: float = 0.0
    flip_h: bool = False
    flip_v: bool = False


def element_size(element: dict[str, Any]) -> tuple[float, float]:
    """Return the intrinsic (width, height) of a page element in EMU."""
    size = element.get("size") or {}
    return magnitude_emu(size.get("width")), magnitude_emu(size.get("height"))


def placement(width: float, height: float, transform: Affine) -> Placement:
    """Return the PowerPoint placement of a (width × height) box under `transform`.

    Shear cannot be expressed in PowerPoint; what remains after taking out
    rotation and scale is dropped.
    """
    a, b, c, d = transform.a, transform.b, transform.c, transform.d
    if width < 0:
        # A negative size mirrors the box, exactly like a negative scale.
        width, a, b = -width, -a, -b
    if height < 0:
        height, c, d = -height, -c, -d
    transform = Affine(a, b, c, d, transform.tx, transform.ty)
    centre_x, centre_y = transform.apply(width / 2, height / 2)
    if b == 0 and c == 0:
        scale_x, scale_y, rotation = abs(a), abs(d), 0.0
        flip_h, flip_v = a < 0, d < 0
    else:
        angle = math.atan2(b, a)
        scale_x = math.hypot(a, b)
        signed_y = d * math.cos(angle) - c * math.sin(angle)
        scale_y, flip_h, flip_v = abs(signed_y), False, signed_y < 0
        rotation = math.degrees(angle) % 360.0
    box_w = scale_x * width
    box_h = scale_y * height
    return Placement(
        left=round(centre_x - box_w / 2),
        top=round(centre_y - box_h / 2),
        width=round(box_w),
        height=round(box_h),
        rotation=rotation,
        flip_h=flip_h,
        flip_v=flip_v,
    )


def line_endpoints(
    width: float, height: float, transform: Affine
) -> tuple[tuple[int, int], tuple[int, int]]:
    """Return the page start and end points of a line whose local box is width × height."""
    start = transform.apply(0.0, 0.0)
    end = transform.apply(width, height)
    return (round(start[0]), round(start[1])), (round(end[0]), round(end[1]))


def drawn_transform(where: Placement) -> Affine:
    """Return the transform by which PowerPoint draws the local points of a box at `where`.

    DrawingML flips the box about its centre, then turns it clockwise about its centre.
    """
    cos, sin = _turn(where.rotation)
    sign_x = -1.0 if where.flip_h else 1.0
    sign_y = -1.0 if where.flip_v else 1.0
    a, b, c, d = cos * sign_x, sin * sign_x, -sin * sign_y, cos * sign_y
    half_w, half_h = where.width / 2, where.height / 2
    # The local centre lands on the box's centre.
    return Affine(
        a=a,
        b=b,
        c=c,
        d=d,
        tx=where.left + half_w - (a * half_w + c * half_h),
        ty=where.top + half_h - (b * half_w + d * half_h),
    )


def turned_line_placement(
    start: tuple[float, float], end: tuple[float, float], rotation: float
) -> Placement:
    """Return the placement of a line turned by `rotation` degrees that runs from start to end."""
    cos, sin = _turn(rotation)
    run_x, run_y = end[0] - start[0], end[1] - start[1]
    # The run in the line's own frame is the page run turned back; its signs are the flips.
    along_x, along_y = cos * run_x + sin * run_y, cos * run_y - sin * run_x
    sign_x = -1.0 if along_x < 0 else 1.0
    sign_y = -1.0 if along_y < 0 else 1.0
    transform = Affine(
        a=cos * sign_x, b=sin * sign_x, c=-sin * sign_y, d=cos * sign_y, tx=start[0], ty=start[1]
    )
    return placement(abs(along_x), abs(along_y), transform)


def _turn(degrees: float) -> tuple[float, float]:
    """Return the cosine and sine of a clockwise turn, exact for quarter turns."""
    radians = math.radians(degrees)
    # math.cos(π/2) is 6e-17, not 0: a quarter turn must stay one for placement().
    return round(math.cos(radians), 12), round(math.sin(radians), 12)
