"""Read plan and configuration files, reporting every problem with its position."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final, TypeVar

from pydantic import BaseModel, ValidationError

from slidegen.config import Config
from slidegen.errors import InputError, Problem, unreadable_kind
from slidegen.plan.model import REFERENCES_CHECKED, Plan
from slidegen.plan.positions import LocatedDocument, parse_yaml
from slidegen.plan.problems import (
    reference_problems,
    sort_problems,
    validation_problems,
)
from slidegen.plan.references import plan_issues

MAX_FILE_BYTES: Final = 1_000_000
"""Largest plan or config file read; anything bigger is not a hand-written plan."""

DEFAULT_CONFIG_PATH: Final = Path("config") / "slidegen.yaml"

ModelT = TypeVar("ModelT", bound=BaseModel)

_UTF16_BOMS: Final = (b"\xff\xfe", b"\xfe\xff")


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 13))
    # A stray control character in text is a YAML error with a position, not "binary".
    return b"\x00" in sample or (len(sample) >= 32 and controls * 4 > len(sample))


def read_text(path: Path, what: str = "file") -> str:
    """Return the UTF-8 text of `path`, or raise InputError saying why it can't be read."""
    file = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError.single(file, f"{what} not found") from None
    except OSError as error:
        raise InputError.single(file, f"cannot read {what}: {error.strerror or error}") from None
    problem = unreadable_kind(info.st_mode, what)
    if problem is not None:
        raise InputError.single(file, problem)
    if info.st_size > MAX_FILE_BYTES:
        raise InputError.single(file, _too_large(info.st_size, what))
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise InputError.single(file, f"cannot read {what}: {error.strerror or error}") from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError.single(file, _too_large(len(data), what))
    return decode_text(data, file, what)


def _too_large(size: int, what: str) -> str:
    return (
        f"{what} is {size / 1_000_000:.1f} MB ({size:,} bytes); "
        f"the limit is {MAX_FILE_BYTES // 1_000_000} MB"
    )


def decode_text(data: bytes, file: str, what: str = "file") -> str:
    """Return `data` decoded as UTF-8 (a leading BOM is dropped), or raise InputError."""
    if data.startswith(_UTF16_BOMS):
        raise InputError.single(file, f"{what} is UTF-16 text; save it as UTF-8")
    if _looks_binary(data):
        raise InputError.single(file, f"binary data, not a YAML {what}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _byte_position(data, error.start)
        byte = data[error.start]
        raise InputError.single(
            file,
            f"not UTF-8 text: byte 0x{byte:02X} cannot be decoded; save the {what} as UTF-8",
            line=line,
            column=column,
        ) from None
    return text.removeprefix("\ufeff")


def _document(
    text: str, file: str, what: str, empty_ok: bool = False
) -> tuple[LocatedDocument, list[Problem]]:
    """Return the parsed top-level mapping of `text`, or raise InputError."""
    document, problems = parse_yaml(text, file)
    if document.data is None and empty_ok:
        document.data = {}
    if document.data is None:
        raise InputError.single(file, f"{what} is empty: nothing but blank lines or comments")
    if not isinstance(document.data, dict):
        position = document.value_position(())
        kind = "a list" if isinstance(document.data, list) else "a single value"
        raise InputError.single(
            file,
            f"the top level of a {what} must be a mapping of sections (key: value), not {kind}",
            line=position.line if position else None,
            column=position.column if position else None,
        )
    return document, problems


def _validate(
    model: type[ModelT],
    document: LocatedDocument,
    file: str,
    context: dict[str, Any],
    problems: list[Problem],
) -> ModelT:
    """Return the validated model, or raise InputError with `problems` and any new ones."""
    try:
        result = model.model_validate(document.data, context=context)
    except ValidationError as error:
        problems = problems + validation_problems(error.errors(), document, file, model)
        raise InputError(sort_problems(problems)) from None
    if problems:
        raise InputError(sort_problems(problems))
    return result


def parse_plan(text: str, file: str, config: Config | None = None) -> Plan:
    """Return the plan written in `text` (read from `file`), or raise InputError."""
    document, problems = _document(text, file, "plan")
    issues = plan_issues(document.data)
    problems = problems + reference_problems(issues, document, file)
    context = {"config": config or Config(), REFERENCES_CHECKED: True}
    return _validate(Plan, document, file, context, problems)


def load_plan(path: Path, config: Config | None = None) -> Plan:
    """Return the plan in `path`, checked against `config` (defaults when None).

    Raises InputError listing every problem found, each at its line and column.
    """
    return parse_plan(read_text(path, "plan"), str(path), config)


def parse_config(text: str, file: str) -> Config:
    """Return the configuration written in `text` (read from `file`), or raise InputError."""
    # A config whose every line is commented out means "all defaults".
    document, problems = _document(text, file, "config", empty_ok=True)
    return _validate(Config, document, file, {}, problems)


def load_config(path: Path | None = None) -> Config:
    """Return the configuration in `path`.

    With no path, read ``config/slidegen.yaml`` under the current directory if
    it exists, else return the defaults. Raises InputError.
    """
    if path is None:
        if not DEFAULT_CONFIG_PATH.exists():
            return Config()
        path = DEFAULT_CONFIG_PATH
    return parse_config(read_text(path, "config"), str(path))
