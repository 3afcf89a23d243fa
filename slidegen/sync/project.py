"""Where a sync's project lives, so the folder it is started from does not matter.

Plan keys, a relative ``sync.state_file`` and a relative ``deck.output_dir``
are all taken from the project folder: the folder holding ``config/`` when the
configuration is ``<project>/config/slidegen.yaml``, else the folder holding
the configuration file. Without ``--config``, the configuration is looked for
in the plans' folders and their parents (then the current directory), the way
git finds its repository. With no configuration at all, the nearest folder
above the plans that holds the state file is the project, else the current
directory when the plans are inside it, else the plans' own folder.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from slidegen.plan.loader import DEFAULT_CONFIG_PATH


def _start(path: Path) -> Path:
    absolute = Path(os.path.abspath(path))
    return absolute if absolute.is_dir() else absolute.parent


def find_config(paths: Sequence[Path]) -> Path | None:
    """Return the ``config/slidegen.yaml`` nearest above the plans (or the cwd), if any."""
    starts = [_start(path) for path in paths] + [Path.cwd()]
    for start in starts:
        for folder in (start, *start.parents):
            candidate = folder / DEFAULT_CONFIG_PATH
            if candidate.is_file():
                return candidate
    return None


def project_folder(config_path: Path | None, paths: Sequence[Path], state_file: str) -> Path:
    """Return the folder plan keys and relative sync paths are taken from."""
    if config_path is not None:
        folder = Path(os.path.abspath(config_path)).parent
        if folder.name == DEFAULT_CONFIG_PATH.parent.name:
            return folder.parent
        return folder
    starts = [_start(path) for path in paths]
    if not starts:
        return Path.cwd()
    plans_root = Path(os.path.commonpath([str(start) for start in starts]))
    if not Path(state_file).is_absolute():
        for folder in (plans_root, *plans_root.parents):
            if (folder / state_file).is_file():
                return folder
    cwd = Path.cwd()
    if plans_root == cwd or cwd in plans_root.parents:
        return cwd
    return plans_root
