"""Google commands: sign-in, template inspect/pull/push, and the local emulator."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import click

from slidegen.backends.google.auth import (
    DEFAULT_SCOPES,
    NARROW_SCOPES,
    Identity,
    load_identity,
    login,
    logout,
    token_path,
)
from slidegen.backends.google.backend import GoogleBackend
from slidegen.backends.google.client import EMULATOR_ENV, build_services, emulator_host
from slidegen.cli.envelope import EXIT_FAILED, EXIT_OK, emit, loose_problem
from slidegen.cli.options import config_option
from slidegen.config import Config
from slidegen.errors import AuthError, BackendError, InputError
from slidegen.files import write_text_atomically
from slidegen.templates import push_default_template
from slidegen.templates.inspection import inspect_template

DEFAULT_TEMPLATE_FILE_ID = "slidegen-default-template"

json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON object instead of text."
)


def _config(path: Path | None) -> Config:
    from slidegen.plan.loader import load_config

    return load_config(path)


def _emit(as_json: bool, data: dict[str, Any], text: str) -> None:
    """Print `text`, or with --json the command's one object: `data` in the envelope.

    A template's tag problems (strings) become the envelope's problem objects,
    and a template that is not usable is a failure (exit status 1).
    """
    if not as_json:
        click.echo(text)
        return
    fields = dict(data)
    tag_problems = fields.pop("problems", [])
    problems = [loose_problem(problem, path=problem.partition(":")[0]) for problem in tag_problems]
    failed = fields.get("usable") is False
    if failed:
        missing = [
            f"slidegen:{role}.{region}"
            for role, regions in fields["missing"].items()
            for region in regions
        ]
        problems += [loose_problem(f"missing region {tag}") for tag in missing]
        if fields.get("layout_error"):
            problems.append(loose_problem(str(fields["layout_error"])))
    context = click.get_current_context()
    emit(
        context.command_path.partition(" ")[2],
        exit_code=EXIT_FAILED if failed else EXIT_OK,
        error="template is NOT usable yet" if failed else None,
        problems=problems,
        **fields,
    )


# -- auth ------------------------------------------------------------------------------


@click.group("auth")
def auth_group() -> None:
    """Sign in to Google, show who slidegen acts as, or sign out.

    \b
    Example:
      slidegen auth login
      slidegen auth status
    """


def _headless(environ: Mapping[str, str]) -> bool:
    """Return True when no browser can open here (an SSH session, a container)."""
    if environ.get("SSH_CONNECTION") or environ.get("SSH_TTY"):
        return True
    if sys.platform.startswith("linux"):
        return not (environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))
    return False


@auth_group.command("login")
@click.option(
    "--narrow",
    is_flag=True,
    help="Ask only for drive.file: enough when the template was made by `slidegen template push`.",
)
@click.option(
    "--no-browser",
    is_flag=True,
    help="Sign in from a machine without a browser (SSH, containers): print the address "
    "to open anywhere, then paste back the address the browser lands on "
    "[default when no display is found].",
)
@config_option
def auth_login(narrow: bool, no_browser: bool, config_path: Path | None) -> None:
    """Sign in with your Google account and save the token (mode 0600).

    Needs a Desktop OAuth client's JSON file in google.client_secrets or
    $SLIDEGEN_CLIENT_SECRETS. Over SSH or in a container, open the printed
    address on any machine, sign in, and paste the address the browser
    ends on (it does not load; that is expected) back into the terminal.

    \b
    Example:
      SLIDEGEN_CLIENT_SECRETS=~/Downloads/client_secret.json slidegen auth login
      slidegen auth login --no-browser          # over SSH: paste the redirected address
    """
    from slidegen.backends.google.auth import run_browser_flow, run_console_flow

    config = _config(config_path)
    if config.google.auth != "oauth":
        raise AuthError(
            f"google.auth is {config.google.auth}: that sign-in needs no login",
            hint="`slidegen auth status` shows which account is used",
        )

    def account_of(credentials: Any) -> str | None:
        return GoogleBackend(build_services(credentials)).account_email()

    def console_flow(secrets: Path, scopes: Sequence[str]) -> Any:
        return run_console_flow(
            secrets,
            scopes,
            ask=lambda prompt: str(click.prompt(prompt, err=True)),
            tell=lambda text: click.echo(text, err=True),
        )

    if not no_browser and _headless(os.environ):
        click.echo("No display found: signing in by pasting (--no-browser).", err=True)
        no_browser = True
    identity = login(
        config.google,
        scopes=NARROW_SCOPES if narrow else DEFAULT_SCOPES,
        flow=console_flow if no_browser else run_browser_flow,
        account_lookup=account_of,
    )
    click.echo(f"Signed in as {identity.describe()}; token saved to {identity.source}")


def _status_data(identity: Identity) -> dict[str, Any]:
    expiry = getattr(identity.credentials, "expiry", None)
    return {
        "method": identity.method,
        "account": identity.account,
        "scopes": identity.scopes,
        "source": identity.source,
        "expires": expiry.isoformat() + "Z" if expiry else None,
    }


@auth_group.command("status")
@json_option
@config_option
def auth_status(as_json: bool, config_path: Path | None) -> None:
    """Show the account, scopes and token location slidegen would use.

    \b
    Example:
      slidegen auth status --json
    """
    config = _config(config_path)
    host = emulator_host()
    if host is not None:
        data: dict[str, Any] = {
            "method": "emulator",
            "account": None,
            "scopes": [],
            "source": host,
        }
        _emit(as_json, data, f"Using the emulator at {host} ({EMULATOR_ENV}); no sign-in needed")
        return
    data = _status_data(load_identity(config.google))
    lines = [
        f"method:  {data['method']}",
        f"account: {data['account'] or 'unknown'}",
        f"scopes:  {', '.join(data['scopes']) or 'default for the credentials'}",
        f"from:    {data['source']}",
    ]
    if data["expires"]:
        lines.append(f"access token valid until {data['expires']} (refreshed automatically)")
    _emit(as_json, data, "\n".join(lines))


@auth_group.command("logout")
@click.option("--revoke", is_flag=True, help="Also revoke the token at Google.")
def auth_logout(revoke: bool) -> None:
    """Delete the saved sign-in token.

    \b
    Example:
      slidegen auth logout --revoke
    """
    removed = logout(revoke=revoke)
    if removed is None:
        click.echo(f"Not signed in (no token at {token_path()})")
    else:
        click.echo(f"Removed {removed}" + (" and revoked it" if revoke else ""))


# -- template --------------------------------------------------------------------------


def _inspect_text(report: dict[str, Any]) -> str:
    lines = [f"{report['title']} ({report['presentation_id']})"]
    for slide in report["slides"]:
        tags = ", ".join(slide["tags"]) or "no tags"
        lines.append(f"  slide {slide['number']:>2} {slide['object_id']}: {tags}")
    for role, regions in report["missing"].items():
        wanted = ", ".join(f"slidegen:{role}.{region}" for region in regions)
        lines.append(f"missing for {role}: {wanted}")
    lines.extend(f"problem: {problem}" for problem in report["problems"])
    if report["layout_error"]:
        lines.append(f"layout: {report['layout_error']}")
    lines.append("template is usable" if report["usable"] else "template is NOT usable yet")
    return "\n".join(lines)


@click.group("template")
def template_group() -> None:
    """Check, download or create a Google Slides template.

    \b
    Example:
      slidegen template inspect 1AbC...xyz
    """


@template_group.command("inspect")
@click.argument("template_id")
@json_option
@config_option
def template_inspect(template_id: str, as_json: bool, config_path: Path | None) -> None:
    """List a template's slides, the tagged regions found, and what is missing.

    Exits with status 1 when the template lacks a role or region.

    \b
    Example:
      slidegen template inspect 1AbC...xyz --json
    """
    backend = GoogleBackend.from_config(_config(config_path), template_id=template_id)
    report = inspect_template(backend.get_deck(template_id))
    report["url"] = backend.deck_url(template_id)
    _emit(as_json, report, _inspect_text(report))
    if not report["usable"]:
        raise SystemExit(1)


@template_group.command("pull")
@click.argument("template_id")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("template.json"),
    show_default=True,
    help="Where to write the presentation JSON.",
)
@json_option
@config_option
def template_pull(template_id: str, output: Path, as_json: bool, config_path: Path | None) -> None:
    """Save a Google template as presentation JSON, for offline builds (template.path).

    \b
    Example:
      slidegen template pull 1AbC...xyz -o config/template.json
    """
    backend = GoogleBackend.from_config(_config(config_path), template_id=template_id)
    deck = backend.get_deck(template_id)
    write_text_atomically(output, json.dumps(deck, indent=2, ensure_ascii=False) + "\n")
    data = {
        "presentation_id": template_id,
        "url": backend.deck_url(template_id),
        "path": str(output),
    }
    _emit(as_json, data, f"Wrote {output} ({len(deck.get('slides', []))} slides)")


@template_group.command("push")
@click.option(
    "--name",
    default="slidegen template",
    show_default=True,
    help="Title of the new template deck.",
)
@json_option
@config_option
def template_push(name: str, as_json: bool, config_path: Path | None) -> None:
    """Create the bundled default template as a new Google Slides deck.

    Tag your own copy of it, or point template.google_id at it as it is.

    \b
    Example:
      slidegen template push --name "ACME TOP template" --json
    """
    backend = GoogleBackend.from_config(_config(config_path))
    presentation_id = push_default_template(backend, name)
    url = backend.deck_url(presentation_id)
    data = {"presentation_id": presentation_id, "url": url, "name": name}
    _emit(as_json, data, f"Created template {presentation_id}\n{url}")


@template_group.command("export")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("template.json"),
    show_default=True,
    help="Where to write the presentation JSON.",
)
@json_option
def template_export(output: Path, as_json: bool) -> None:
    """Write the bundled template as presentation JSON, without Google.

    The file is what `template pull` would save: build offline with
    --template, check request bodies against it with `apply`, or edit it.

    \b
    Example:
      slidegen template export -o template.json
      slidegen build plan_inputs/acme.yaml --template template.json --requests-out body.json
      slidegen apply template.json body.json -o filled.json
    """
    from slidegen.templates import load_default_template

    deck = load_default_template()
    write_text_atomically(output, json.dumps(deck, indent=2, ensure_ascii=False) + "\n")
    data = {
        "presentation_id": deck["presentationId"],
        "revision_id": deck["revisionId"],
        "path": str(output),
        "slides": len(deck.get("slides", [])),
    }
    _emit(as_json, data, f"Wrote {output} ({data['slides']} slides)")


# -- emulator --------------------------------------------------------------------------


@click.group("emulator")
def emulator_group() -> None:
    """Run a local stand-in for Google Drive and Slides.

    \b
    Example:
      slidegen emulator serve --port 8089
    """


@emulator_group.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8089, show_default=True, help="Port (0 picks a free one).")
@click.option(
    "--template",
    "template_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Presentation JSON to serve as the template (default: the bundled template).",
)
@click.option(
    "--deck",
    "deck_paths",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Presentation JSON to serve as an existing deck, under its file name without "
    ".json (repeatable; for trying --into).",
)
def emulator_serve(
    host: str, port: int, template_path: Path | None, deck_paths: tuple[Path, ...]
) -> None:
    """Serve the Drive and Slides calls slidegen makes, on a loopback port.

    The template is stored under the ID slidegen-default-template; each --deck
    under its file name (opportunity-plan.json → opportunity-plan). Decks live
    in memory until the server stops.

    \b
    Example:
      slidegen emulator serve --port 8089 &
      export SLIDEGEN_EMULATOR_HOST=127.0.0.1:8089
      slidegen build plan_inputs/example.yaml --backend google \\
          --template-id slidegen-default-template
      slidegen emulator serve --deck opportunity-plan.json &
      slidegen build plan_inputs/example.yaml --backend google --into opportunity-plan
    """
    from slidegen.emulator import EmulatorServer

    if template_path is not None:
        try:
            template = json.loads(template_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise InputError.single(template_path, f"cannot read the template: {error}") from None
    else:
        from slidegen.templates import load_default_template

        template = load_default_template()
    try:
        server = EmulatorServer(host, port)
    except OSError as error:
        raise BackendError(
            f"cannot listen on {host}:{port}: {error.strerror}",
            hint="pick another port with --port (0 picks a free one)",
        ) from None
    server.add_presentation(template, name="slidegen template", file_id=DEFAULT_TEMPLATE_FILE_ID)
    for deck_path in deck_paths:
        deck = json.loads(deck_path.read_text(encoding="utf-8"))
        deck_id = server.add_presentation(deck, file_id=deck_path.stem)
        click.echo(f"deck ID: {deck_id}", err=True)
    click.echo(f"export {EMULATOR_ENV}={server.address}")
    click.echo(f"template ID: {DEFAULT_TEMPLATE_FILE_ID}  (Ctrl-C stops)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    finally:
        server.stop()


def register(group: click.Group) -> None:
    """Add this module's commands to `group`."""
    for command in (auth_group, template_group, emulator_group):
        group.add_command(command)
