"""The loopback emulator speaks the REST shapes the real services use."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from slidegen.backends.google.client import SessionHttp
from slidegen.emulator import EmulatorServer, Fault
from slidegen.emulator.faults import TIMEOUT_MARKER
from slidegen.emulator.server import DriveFile, query_matcher

pytest_plugins = ["conftest_google"]


def url(emulator: EmulatorServer, path: str) -> str:
    """Return the emulator URL of `path`."""
    return f"http://{emulator.address}{path}"


def call(emulator: EmulatorServer, verb: str, path: str, **kwargs: Any) -> requests.Response:
    """Send one request to the emulator."""
    return requests.request(verb, url(emulator, path), timeout=5, **kwargs)


def test_presentations_create_makes_a_deck_with_one_slide(emulator: EmulatorServer) -> None:
    reply = call(emulator, "POST", "/v1/presentations", json={"title": "T"})

    deck = reply.json()
    assert reply.status_code == 200
    assert deck["title"] == "T"
    assert [s["objectId"] for s in deck["slides"]] == ["p"]
    assert deck["revisionId"]
    assert emulator.files[deck["presentationId"]].name == "T"


def test_a_rejected_batch_answers_in_googles_error_shape(
    emulator: EmulatorServer, template_id: str
) -> None:
    body = {"requests": [{"deleteObject": {"objectId": "nothing_here"}}]}

    reply = call(emulator, "POST", f"/v1/presentations/{template_id}:batchUpdate", json=body)

    error = reply.json()["error"]
    assert reply.status_code == 400
    assert error["code"] == 400
    assert error["status"] == "INVALID_ARGUMENT"
    assert error["message"].startswith("Invalid requests[0]")


def test_a_stale_revision_is_refused_as_a_failed_precondition(
    emulator: EmulatorServer, template_id: str
) -> None:
    body = {"requests": [], "writeControl": {"requiredRevisionId": "not-the-revision"}}

    reply = call(emulator, "POST", f"/v1/presentations/{template_id}:batchUpdate", json=body)

    assert reply.status_code == 400
    assert reply.json()["error"]["status"] == "FAILED_PRECONDITION"


def test_unknown_files_and_endpoints_are_404(emulator: EmulatorServer) -> None:
    assert call(emulator, "GET", "/drive/v3/files/nope").json()["error"]["code"] == 404
    assert call(emulator, "GET", "/v1/presentations/nope").status_code == 404
    assert call(emulator, "GET", "/v2/whatever").status_code == 404


def test_app_properties_over_the_limit_are_refused(
    emulator: EmulatorServer, template_id: str
) -> None:
    reply = call(
        emulator,
        "PATCH",
        f"/drive/v3/files/{template_id}",
        json={"appProperties": {"k": "v" * 124}},
    )

    assert reply.status_code == 400
    assert emulator.files[template_id].app_properties == {"template": "yes"}


def test_a_null_property_value_removes_the_property(
    emulator: EmulatorServer, template_id: str
) -> None:
    call(emulator, "PATCH", f"/drive/v3/files/{template_id}", json={"appProperties": {"a": "1"}})
    call(
        emulator,
        "PATCH",
        f"/drive/v3/files/{template_id}",
        json={"appProperties": {"template": None}},
    )

    assert emulator.files[template_id].app_properties == {"a": "1"}


def test_files_list_pages_through_matches(emulator: EmulatorServer, template_id: str) -> None:
    for number in range(5):
        call(
            emulator,
            "POST",
            f"/drive/v3/files/{template_id}/copy",
            json={"name": f"c{number}", "appProperties": {"batch": "x"}},
        )
    query = "appProperties has { key='batch' and value='x' } and trashed = false"

    first = call(emulator, "GET", "/drive/v3/files", params={"q": query, "pageSize": 3}).json()
    second = call(
        emulator,
        "GET",
        "/drive/v3/files",
        params={"q": query, "pageSize": 3, "pageToken": first["nextPageToken"]},
    ).json()

    assert len(first["files"]) == 3
    assert len(second["files"]) == 2
    assert "nextPageToken" not in second


def test_query_forms() -> None:
    matcher = query_matcher(
        "appProperties has { key='who' and value='O\\'Brien' } and trashed=false and "
        "mimeType = 'application/vnd.google-apps.presentation' and 'folder1' in parents"
    )
    match = DriveFile("a", "n", parents=["folder1"], app_properties={"who": "O'Brien"})
    assert matcher(match)
    assert not matcher(DriveFile("b", "n", parents=["folder1"], app_properties={"who": "O"}))
    assert not matcher(DriveFile("c", "n", parents=["folder2"], app_properties={"who": "O'Brien"}))
    assert not matcher(
        DriveFile("d", "n", parents=["folder1"], app_properties={"who": "O'Brien"}, trashed=True)
    )


def test_unsupported_queries_are_refused(emulator: EmulatorServer) -> None:
    reply = call(emulator, "GET", "/drive/v3/files", params={"q": "name contains 'x'"})

    assert reply.status_code == 400


def test_faults_fire_in_order_once_each(emulator: EmulatorServer, template_id: str) -> None:
    emulator.inject("files.get", Fault.status(500), Fault.quota(retry_after=9))
    path = f"/drive/v3/files/{template_id}"

    first = call(emulator, "GET", path)
    second = call(emulator, "GET", path)
    third = call(emulator, "GET", path)

    assert (first.status_code, second.status_code, third.status_code) == (500, 429, 200)
    assert second.headers["Retry-After"] == "9"
    assert second.json()["error"]["status"] == "RESOURCE_EXHAUSTED"
    assert emulator.pending_faults("files.get") == 0
    assert emulator.received == ["files.get"] * 3
    assert emulator.applied["files.get"] == 1


def test_a_lost_response_still_changes_the_state(
    emulator: EmulatorServer, template_id: str
) -> None:
    emulator.inject("files.copy", Fault.response_lost())

    with pytest.raises(requests.ConnectionError):
        call(emulator, "POST", f"/drive/v3/files/{template_id}/copy", json={"name": "c"})

    assert len(emulator.live_files()) == 2


def test_a_reset_before_the_work_changes_nothing(
    emulator: EmulatorServer, template_id: str
) -> None:
    emulator.inject("files.copy", Fault.reset())

    with pytest.raises(requests.ConnectionError):
        call(emulator, "POST", f"/drive/v3/files/{template_id}/copy", json={"name": "c"})

    assert emulator.live_files() == [template_id]


def test_a_timeout_fault_answers_at_once_with_a_marker_the_client_turns_into_a_timeout(
    emulator: EmulatorServer, template_id: str
) -> None:
    emulator.inject("files.copy", Fault.timeout(after_apply=True), Fault.timeout())
    path = f"/drive/v3/files/{template_id}/copy"

    first = call(emulator, "POST", path, json={"name": "c"})
    http = SessionHttp(requests.Session(), 30.0, emulated_faults=True)
    with pytest.raises(requests.ReadTimeout):
        http.request(url(emulator, path), "POST", body="{}")
    http.close()

    assert first.status_code == 504
    assert first.headers[TIMEOUT_MARKER] == "timeout"
    assert len(emulator.live_files()) == 2


def test_injecting_an_unknown_method_is_an_error(emulator: EmulatorServer) -> None:
    with pytest.raises(ValueError, match="does not serve"):
        emulator.inject("files.export", Fault.status(500))


def test_permissions_are_validated(emulator: EmulatorServer, template_id: str) -> None:
    path = f"/drive/v3/files/{template_id}/permissions"

    assert call(emulator, "POST", path, json={"type": "user", "role": "boss"}).status_code == 400
    created = call(emulator, "POST", path, json={"type": "anyone", "role": "reader"})
    assert created.status_code == 200
    assert emulator.files[template_id].permissions == [created.json()]
