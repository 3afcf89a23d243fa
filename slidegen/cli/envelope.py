"""One JSON object on stdout for every outcome of a command run with ``--json``.

Every such object carries the same envelope, whatever the command and however
it ended, so a script reads ``ok`` and ``problems`` without knowing the command:

    command     the command as typed after ``slidegen`` ("build", "template inspect")
    ok          true when exit_code is 0
    exit_code   0 done, 1 something failed, 2 the command could not run (usage, setup)
    error       one line saying why it failed, or null
    hint        what to do about it, or null
    problems    every problem found, each {file, line, column, path, message}

The command's own fields sit beside these. ``output.schema.json`` next to this
module is the JSON Schema of every shape; ``docs/json-output.md`` describes it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any

import click

from slidegen.errors import BackendError, InputError, Problem, RequestError

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

ENVELOPE_KEYS = ("command", "ok", "exit_code", "error", "hint", "problems")


def problem_json(problem: Problem) -> dict[str, Any]:
    """Return one problem as its JSON object."""
    return {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "path": problem.path,
        "message": problem.message,
    }


def loose_problem(message: str, *, file: str | None = None, path: str = "") -> dict[str, Any]:
    """Return a problem that has no line in a file (a service failure, a bad option)."""
    return {"file": file, "line": None, "column": None, "path": path, "message": message}


def error_summary(error: BaseException) -> str:
    """Return the one line an envelope's ``error`` says about `error`, without its hint."""
    if isinstance(error, InputError):
        files = sorted({problem.file for problem in error.problems})
        count = len(error.problems)
        noun = "problem" if count == 1 else "problems"
        return f"{count} {noun} in {', '.join(files)}"
    if isinstance(error, BackendError):
        return error.message
    if isinstance(error, click.ClickException):
        return error.format_message()
    return str(error)


def error_problems(error: BaseException) -> list[dict[str, Any]]:
    """Return `error` as problem objects: each of an InputError's, else one."""
    if isinstance(error, InputError):
        return [problem_json(problem) for problem in error.problems]
    if isinstance(error, RequestError):
        path = "" if error.index is None else f"requests[{error.index}]"
        if error.request_kind:
            path += f".{error.request_kind}" if path else error.request_kind
        return [loose_problem(error.reason, path=path)]
    if isinstance(error, click.BadParameter):
        return [loose_problem(error.format_message(), path=usage_argument(error))]
    return [loose_problem(error_summary(error))]


def usage_argument(error: click.ClickException) -> str:
    """Return the argument or option a usage error is about ("--as-of", "PLANS"), or ""."""
    if isinstance(error, click.BadParameter):
        if error.param_hint is not None:
            hint = error.param_hint
            text = hint if isinstance(hint, str) else " / ".join(hint)
        elif error.param is not None and error.ctx is not None:
            text = error.param.get_error_hint(error.ctx)
        else:
            return ""
        return text.replace("'", "").replace('"', "")
    if isinstance(error, click.NoSuchOption):
        return error.option_name
    return ""


def error_hint(error: BaseException) -> str | None:
    """Return the advice `error` carries, if any."""
    return error.hint if isinstance(error, BackendError) else None


def envelope(
    command: str,
    *,
    exit_code: int = EXIT_OK,
    error: BaseException | str | None = None,
    problems: Iterable[Mapping[str, Any]] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """Return the JSON object a command prints: the envelope keys, then `fields`.

    `problems` defaults to those of `error`; give it explicitly when several
    things failed (one plan's problems after another's).
    """
    if isinstance(error, BaseException):
        summary: str | None = error_summary(error)
        hint = error_hint(error)
        found = list(problems) if problems is not None else error_problems(error)
    else:
        summary, hint = error, None
        found = list(problems or [])
        if error is not None and not found:
            found = [loose_problem(error)]
    clashes = set(fields) & set(ENVELOPE_KEYS)
    if clashes:
        raise ValueError(f"command fields may not reuse envelope keys: {sorted(clashes)}")
    return {
        "command": command,
        "ok": exit_code == EXIT_OK,
        "exit_code": exit_code,
        "error": summary,
        "hint": hint,
        "problems": [dict(problem) for problem in found],
        **fields,
    }


def emit(
    command: str,
    *,
    exit_code: int = EXIT_OK,
    error: BaseException | str | None = None,
    problems: Iterable[Mapping[str, Any]] | None = None,
    **fields: Any,
) -> None:
    """Print the command's one JSON object on stdout."""
    data = envelope(command, exit_code=exit_code, error=error, problems=problems, **fields)
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def output_schema() -> dict[str, Any]:
    """Return the JSON Schema every ``--json`` object conforms to."""
    text = resources.files("slidegen.cli").joinpath("output.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
