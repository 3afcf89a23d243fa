"""The `apply` command: run a batchUpdate body against a deck JSON offline."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from slidegen.backends.offline.engine import OfflineDeck
from slidegen.cli.envelope import EXIT_FAILED, emit, error_problems
from slidegen.cli.options import json_option
from slidegen.errors import InputError, RequestError, unreadable_json
from slidegen.files import write_text_atomically


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as problem:
        raise InputError.single(path, f"cannot read the file: {problem.strerror}") from None
    except json.JSONDecodeError as problem:
        raise InputError.single(
            path, f"not valid JSON: {problem.msg}", problem.lineno, problem.colno
        ) from None
    except (RecursionError, ValueError) as problem:
        raise InputError.single(
            path, f"cannot be read as JSON: {unreadable_json(problem)}"
        ) from None


def api_error(error: RequestError) -> dict[str, Any]:
    """Return a rejected request as the body of the API's HTTP 400 answer."""
    return {"error": {"code": 400, "message": error.reason, "status": "INVALID_ARGUMENT"}}


@click.command("apply")
@click.argument("deck", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.argument("body", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the updated deck JSON [default: write nothing, only check].",
)
@json_option
def apply_body(deck: Path, body: Path, output: Path | None, as_json: bool) -> None:
    """Apply the batchUpdate BODY to the presentation DECK offline, as the Slides API would.

    DECK is a presentations.get resource as JSON. BODY is a batchUpdate body,
    {"requests": [...], "writeControl": {...}}, or a bare list of requests.
    The response (replies and new revision) is printed as JSON. A rejected
    request prints the API's error (request index and reason) on stderr, exits
    with 1 and writes nothing: batches are atomic. With --json the response,
    or the rejection, is inside the one object slidegen's other commands print.

    \b
    Example:
      slidegen apply build/acme.json fix.json -o build/acme-fixed.json
      slidegen apply template.json requests.json        # check only
    """
    presentation = _read_json(deck)
    if not isinstance(presentation, dict):
        raise InputError.single(deck, "a presentation must be a JSON object")
    batch = _read_json(body)
    if isinstance(batch, list):
        batch = {"requests": batch}
    if not isinstance(batch, dict):
        raise InputError.single(body, "a batchUpdate body must be a JSON object or list")
    offline = OfflineDeck(presentation)
    try:
        response = offline.batch_update(batch)
    except RequestError as error:
        where = "the body" if error.index is None else f"request {error.index}"
        kind = f" ({error.request_kind})" if error.request_kind else ""
        summary = f"{where}{kind} was rejected; nothing was written"
        if as_json:
            emit(
                "apply",
                exit_code=EXIT_FAILED,
                error=summary,
                problems=[{**problem, "file": str(body)} for problem in error_problems(error)],
                api_error=api_error(error)["error"],
            )
        else:
            click.echo(json.dumps(api_error(error), ensure_ascii=False, indent=2), err=True)
            click.echo(f"error: {summary}", err=True)
        sys.exit(EXIT_FAILED)
    if output is not None:
        text = json.dumps(offline.presentation, ensure_ascii=False, indent=2) + "\n"
        write_text_atomically(output, text)
    if as_json:
        emit("apply", response=response, path=None if output is None else str(output))
    else:
        click.echo(json.dumps(response, ensure_ascii=False, indent=2))


def register(group: click.Group) -> None:
    """Add this module's commands to `group`."""
    group.add_command(apply_body)
