"""Whatever bytes a plan file holds, loading it either succeeds or raises InputError."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slidegen.errors import InputError
from slidegen.plan.loader import load_config, load_plan
from slidegen.plan.model import Plan

EXAMPLE_LINES = (
    (Path(__file__).parents[1] / "plan_inputs" / "example.yaml")
    .read_text(encoding="utf-8")
    .splitlines(keepends=True)
)

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Fragments that tend to break YAML or the model in interesting ways.
YAML_SNIPPETS = [
    "\t",
    ":",
    "- ",
    "&a ",
    "*a",
    "<<: *a\n",
    "!!python/object:os.system ",
    "!x ",
    "'",
    '"',
    "[",
    "{",
    "}",
    "]",
    "---\n",
    "...\n",
    "? ",
    "|\n",
    ">-\n",
    "~",
    "null",
    "2026-02-30",
    "yes",
    "1e309",
    "0x1F",
    "\x00",
    "\x07",
    "\ufeff",
    "é",
    "\udcff",
    "  ",
    "\n  ",
    "#",
]


# Text built from YAML fragments and arbitrary characters, so it is often nearly YAML.
yaml_ish_text = st.lists(st.sampled_from(YAML_SNIPPETS) | st.text(max_size=6), max_size=60).map(
    "".join
)


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


def check(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    try:
        plan = load_plan(path)
    except InputError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.file == str(path)
            assert problem.message and "\n" not in problem.message
            assert problem.line is None or problem.line >= 1
            assert problem.column is None or problem.column >= 1
    else:
        assert isinstance(plan, Plan)


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(workdir: Path, data: bytes) -> None:
    check(workdir / "bytes.yaml", data)


@FUZZ
@given(yaml_ish_text)
def test_random_yaml_ish_text(workdir: Path, text: str) -> None:
    check(workdir / "text.yaml", text.encode("utf-8", errors="surrogatepass"))


@st.composite
def mutated_example(draw: st.DrawFn) -> str:
    lines = list(EXAMPLE_LINES)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "splice", "indent"]))
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "insert":
            lines.insert(index, draw(st.sampled_from(YAML_SNIPPETS)) + "\n")
        elif action == "splice":
            line = lines[index]
            cut = draw(st.integers(min_value=0, max_value=len(line)))
            lines[index] = line[:cut] + draw(st.sampled_from(YAML_SNIPPETS)) + line[cut:]
        else:
            lines[index] = draw(st.sampled_from([" ", "  ", "\t", ""])) + lines[index].lstrip()
        if not lines:
            lines.append("")
    return "".join(lines)


@FUZZ
@given(mutated_example())
def test_mutated_example_plan(workdir: Path, text: str) -> None:
    check(workdir / "mutated.yaml", text.encode("utf-8", errors="surrogatepass"))


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(yaml_ish_text)
def test_random_config_text(workdir: Path, text: str) -> None:
    path = workdir / "config.yaml"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    try:
        load_config(path)
    except InputError as error:
        assert error.problems
