"""Lay the diagram corpus out with Graphviz ``dot`` too, and print both side by side.

``dot`` comes from the ``graphviz-pure`` wheel (a port of Graphviz with the
``dot`` command line); slidegen does not depend on it. Install it in any
environment and pass its command: ``--dot /path/to/graphviz-pure``.

For each corpus plan's current state, dot gets the same components (boxes
sized to their names at the minimum type size), zones as clusters,
connections with their labels, ``rankdir=LR`` and ``splines=ortho``. From its
JSON output this prints:

* time: wall time of the dot run (a process start included, a few ms);
* scale: how much the drawing must shrink to fit the full-width diagram
  area; below 1.00 its type falls under the minimum, so one slide cannot
  hold it legibly;
* crossings, ambiguous shared stretches (no common end), diagonal runs and
  runs through other boxes of dot's own routes. Its routes bend where dot
  chooses; an attached connector in Slides bends only halfway between its
  ends, so the routes cannot be kept as drawn, and these figures are the
  best that mapping could give.

Run: python benchmarks/compare_graphviz.py --dot graphviz-pure
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from architecture_plans import corpus, generated_state, plan_with

from slidegen.layout.context import Box
from slidegen.layout.diagram.geometry import Graph
from slidegen.layout.diagram.measures import crosses, runs_through, shared_length
from slidegen.layout.slides import architecture
from slidegen.units import EMU_PER_PT, inches

AREA = Box(inches(0.4), inches(1.1), inches(9.2), inches(3.9))
MIN_PT = 9


def quoted(text: str) -> str:
    """Return `text` as a DOT string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot_source(graph: Graph) -> str:
    """Return the DOT text of a diagram graph."""
    lines = [
        "digraph G {",
        "  rankdir=LR; splines=ortho; nodesep=0.15; ranksep=0.3;",
        f'  node [shape=box, style=rounded, fontname="Arial", fontsize={MIN_PT},',
        '        margin="0.1,0.05"];',
        f'  edge [fontname="Arial", fontsize={MIN_PT}];',
    ]
    for index, zone in enumerate(graph.zones):
        members = [n for n in graph.nodes if n.zone == zone.id]
        lines.append(f"  subgraph cluster_{index} {{ label={quoted(zone.name)}; fontsize={MIN_PT};")
        lines += [f"    {quoted(n.id)} [label={quoted(n.name)}];" for n in members]
        lines.append("  }")
    lines += [f"  {quoted(n.id)} [label={quoted(n.name)}];" for n in graph.nodes if n.zone is None]
    for edge in graph.edges:
        label = f" [xlabel={quoted(edge.label)}]" if edge.label else ""
        lines.append(f"  {quoted(edge.source)} -> {quoted(edge.target)}{label};")
    lines.append("}")
    return "\n".join(lines)


Point = tuple[float, float]


def edge_paths(layout: dict) -> list[tuple[str, str, list[Point]]]:  # type: ignore[type-arg]
    """Return (tail, head, polyline in points) of each edge of dot's JSON output."""
    names = {obj["_gvid"]: obj["name"] for obj in layout.get("objects", [])}
    paths = []
    for edge in layout.get("edges", []):
        points: list[Point] = []
        for op in edge.get("_draw_", []):
            if op.get("op") in ("b", "B", "L", "l"):
                points += [(float(x), float(y)) for x, y in op["points"]]
        # Bezier control points of an orthogonal route lie on its runs; keep the corners.
        corners = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
        paths.append((names[edge["tail"]], names[edge["head"]], corners))
    return paths


def node_boxes(layout: dict) -> dict[str, Box]:  # type: ignore[type-arg]
    """Return each node's box in points (EMU-free, y up as dot gives it)."""
    boxes = {}
    for obj in layout.get("objects", []):
        if "pos" not in obj or "width" not in obj:
            continue
        x, y = (float(v) for v in obj["pos"].split(","))
        width, height = float(obj["width"]) * 72, float(obj["height"]) * 72
        boxes[obj["name"]] = Box(
            round(x - width / 2), round(y - height / 2), round(width), round(height)
        )
    return boxes


def measures(layout: dict) -> dict[str, float]:  # type: ignore[type-arg]
    """Return dot's drawing measures: scale to fit, crossings, ambiguous, diagonal, through."""
    left, bottom, right, top = (float(v) for v in layout["bb"].split(","))
    width_pt, height_pt = right - left, top - bottom
    scale = min(AREA.width / EMU_PER_PT / width_pt, AREA.height / EMU_PER_PT / height_pt)
    paths = edge_paths(layout)
    boxes = node_boxes(layout)
    # Work in EMU so the deck measures' tolerances mean the same here.
    emu = [
        (tail, head, [(x * EMU_PER_PT, y * EMU_PER_PT) for x, y in points])
        for tail, head, points in paths
    ]
    emu_boxes = {
        name: Box(b.x * EMU_PER_PT, b.y * EMU_PER_PT, b.width * EMU_PER_PT, b.height * EMU_PER_PT)
        for name, b in boxes.items()
    }
    crossings = ambiguous = diagonal = through = 0
    for tail, head, points in emu:
        segments = list(itertools.pairwise(points))
        diagonal += sum(
            1 for a, b in segments if abs(a[0] - b[0]) > 1000 and abs(a[1] - b[1]) > 1000
        )
        for name, box in emu_boxes.items():
            if name not in (tail, head) and any(runs_through(s, box) for s in segments):
                through += 1
    for (t1, h1, p1), (t2, h2, p2) in itertools.combinations(emu, 2):
        first, second = list(itertools.pairwise(p1)), list(itertools.pairwise(p2))
        crossings += sum(crosses(a, b) for a, b in itertools.product(first, second))
        if t1 != t2 and h1 != h2:
            ambiguous += any(
                shared_length(a, b) > 1000 for a, b in itertools.product(first, second)
            )
    return {
        "scale": scale,
        "crossings": crossings,
        "ambiguous": ambiguous,
        "diagonal": diagonal,
        "through": through,
    }


def main() -> None:
    """Print dot's measures for every corpus plan."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dot", default="graphviz-pure", help="the dot command to run")
    options = parser.parse_args()
    columns = ("time ms", 8), ("scale", 6), ("cross", 5), ("ambig", 5), ("diag", 4), ("thruBox", 7)
    print(f"{'plan':>9} {'conn':>4} " + " ".join(f"{title:>{width}}" for title, width in columns))
    for name, topology in corpus():
        plan = plan_with({"current": generated_state(topology)})
        view = architecture.StateView("current", plan.architecture.current)
        graph = architecture.state_graph(plan.architecture, view)[0]
        started = time.perf_counter()
        result = subprocess.run(
            [options.dot, "-Tjson"],
            input=dot_source(graph),
            capture_output=True,
            text=True,
            check=True,
        )
        seconds = time.perf_counter() - started
        found = measures(json.loads(result.stdout))
        print(
            f"{name:>9} {len(graph.edges):>4} {seconds * 1000:8.1f} {found['scale']:6.2f} "
            f"{found['crossings']:>5} {found['ambiguous']:>5} {found['diagonal']:>4} "
            f"{found['through']:>7}"
        )


if __name__ == "__main__":
    main()
