"""The command line loads only what the command it runs needs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

EXAMPLE_PLAN = Path(__file__).resolve().parents[1] / "plan_inputs" / "example.yaml"
GOOGLE_PACKAGES = ("google", "googleapiclient", "google_auth_oauthlib", "httplib2", "requests")

_RUN_AND_LIST_MODULES = """
import json, sys
from slidegen.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
finally:
    sys.stdout.flush()
    print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _modules_after(*arguments: str) -> set[str]:
    """Return the modules loaded after running `slidegen ARGUMENTS` in a fresh interpreter."""
    finished = subprocess.run(
        [sys.executable, "-c", _RUN_AND_LIST_MODULES, *arguments],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(finished.stderr.strip().splitlines()[-1]))


def _top_level(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_an_offline_build_loads_no_google_client_library(tmp_path: Path) -> None:
    modules = _modules_after(
        "build", str(EXAMPLE_PLAN), "-o", str(tmp_path / "deck.pptx"), "--as-of", "2026-11-26"
    )

    assert (tmp_path / "deck.pptx").is_file()
    assert "slidegen.export.pptx" in modules
    assert not _top_level(modules) & set(GOOGLE_PACKAGES)


def test_validate_loads_no_backend_or_exporter() -> None:
    modules = _modules_after("validate", str(EXAMPLE_PLAN))

    assert "slidegen.plan.loader" in modules
    assert not {m for m in modules if m.startswith(("slidegen.backends", "slidegen.export"))}
    assert not _top_level(modules) & {*GOOGLE_PACKAGES, "pptx"}


def test_version_loads_no_command() -> None:
    modules = _modules_after("--version")

    assert not {m for m in modules if m.startswith("slidegen.cli.")}
    assert not _top_level(modules) & {*GOOGLE_PACKAGES, "pptx", "pydantic", "yaml"}
