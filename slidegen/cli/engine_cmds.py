"""The `apply` command: run a batchUpdate body against a deck JSON offline."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from slidegen.backends.offline.engine import OfflineDeck
from slidegen.errors import InputError, RequestError
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
def apply_body(deck: Path, body: Path, output: Path | None) -> None:
    """Apply the batchUpdate BODY to the presentation DECK offline, as the Slides API would.

    DECK is a presentations.get resource as JSON. BODY is a batchUpdate body,
    {"requests": [...], "writeControl": {...}}, or a bare list of requests.
    The response (replies and new revision) is printed as JSON. A rejected
    request prints the API's error (request index and reason) on stderr, exits
    with 1 and writes nothing: batches are atomic.

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
        click.echo(json.dumps(api_error(error), ensure_ascii=False, indent=2), err=True)
        where = "the body" if error.index is None else f"request {error.index}"
        kind = f" ({error.request_kind})" if error.request_kind else ""
        click.echo(f"error: {where}{kind} was rejected; nothing was written", err=True)
        sys.exit(1)
    if output is not None:
        text = json.dumps(offline.presentation, ensure_ascii=False, indent=2) + "\n"
        write_text_atomically(output, text)
    click.echo(json.dumps(response, ensure_ascii=False, indent=2))


def register(group: click.Group) -> None:
    """Add this module's commands to `group`."""
    group.add_command(apply_body)
