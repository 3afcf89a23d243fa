"""GoogleBackend through the real google-api-python-client against the loopback emulator."""

from __future__ import annotations

import email.utils
from typing import Any

import pytest

from slidegen.backends.base import DeckBackend
from slidegen.backends.google.backend import (
    BUILD_TOKEN_KEY,
    GoogleBackend,
    created_object_ids,
    properties_query,
)
from slidegen.backends.google.retry import RetryPolicy
from slidegen.config import Config, ShareEntry
from slidegen.emulator import EmulatorServer, Fault
from slidegen.errors import AuthError, BackendError, RequestError
from slidegen.units import dimension, inches

pytest_plugins = ["conftest_google"]


def slide_requests(tag: str = "a") -> list[dict[str, Any]]:
    """Return a batch that adds one slide with a text box on it."""
    slide, box = f"sgs1_test_{tag}", f"sgc1_test_{tag}_box"
    return [
        {"createSlide": {"objectId": slide, "insertionIndex": 1}},
        {
            "createShape": {
                "objectId": box,
                "shapeType": "TEXT_BOX",
                "elementProperties": {
                    "pageObjectId": slide,
                    "size": {"width": dimension(inches(4)), "height": dimension(inches(1))},
                    "transform": {
                        "scaleX": 1,
                        "scaleY": 1,
                        "translateX": inches(1),
                        "translateY": inches(1),
                        "unit": "EMU",
                    },
                },
            }
        },
        {"insertText": {"objectId": box, "text": f"Hello {tag}", "insertionIndex": 0}},
    ]


def slide_ids(emulator: EmulatorServer, presentation_id: str) -> list[str]:
    """Return the slide IDs of a stored deck, in order."""
    return [slide["objectId"] for slide in emulator.presentation(presentation_id)["slides"]]


def new_files(emulator: EmulatorServer, template_id: str) -> list[str]:
    """Return the live files other than the template."""
    return [file_id for file_id in emulator.live_files() if file_id != template_id]


def test_backend_satisfies_the_protocol(backend: GoogleBackend) -> None:
    assert isinstance(backend, DeckBackend)


def test_fresh_deck_costs_one_copy_one_read_and_one_write(
    backend: GoogleBackend, emulator: EmulatorServer, template_id: str
) -> None:
    deck_id = backend.copy_template(template_id, "ACME plan", {"plan": "acme"})
    deck = backend.get_deck(deck_id)
    result = backend.batch_update(deck_id, slide_requests(), deck["revisionId"])

    assert backend.calls.counts == {
        "files.copy": 1,
        "presentations.get": 1,
        "presentations.batchUpdate": 1,
    }
    assert emulator.received == ["files.copy", "presentations.get", "presentations.batchUpdate"]
    assert slide_ids(emulator, deck_id) == ["p", "sgs1_test_a"]
    assert result.revision_id == emulator.presentation(deck_id)["revisionId"] != deck["revisionId"]
    assert len(result.replies) == 3
    assert backend.deck_url(deck_id) == f"https://docs.google.com/presentation/d/{deck_id}/edit"


def test_copy_goes_to_the_folder_with_explicit_properties_and_a_build_token(
    backend: GoogleBackend, emulator: EmulatorServer, template_id: str, config: Config
) -> None:
    deck_id = backend.copy_template(template_id, "ACME plan", {"plan": "acme"})

    stored = emulator.files[deck_id]
    assert stored.name == "ACME plan"
    assert stored.parents == [config.google.folder_id]
    assert set(stored.app_properties) == {"plan", BUILD_TOKEN_KEY}
    assert stored.app_properties["plan"] == "acme"
    _method, query, _body = emulator.log[0]
    assert query["supportsAllDrives"] == ["true"]


def test_each_copy_gets_its_own_build_token(
    backend: GoogleBackend, emulator: EmulatorServer, template_id: str
) -> None:
    first = backend.copy_template(template_id, "one")
    second = backend.copy_template(template_id, "two")

    tokens = {emulator.files[i].app_properties[BUILD_TOKEN_KEY] for i in (first, second)}
    assert len(tokens) == 2


@pytest.mark.parametrize(
    "fault",
    [Fault.response_lost(), Fault.status_after_apply(503), Fault.timeout(after_apply=True)],
    ids=["response-lost", "503-after-copy", "timeout-after-copy"],
)
def test_copy_whose_answer_was_lost_is_found_by_its_token(
    backend: GoogleBackend, emulator: EmulatorServer, template_id: str, fault: Fault
) -> None:
    emulator.inject("files.copy", fault)

    deck_id = backend.copy_template(template_id, "ACME plan")

    assert new_files(emulator, template_id) == [deck_id]
    assert backend.calls.counts["files.copy"] == 1
    assert any("found the copy" in note for note in backend.recoveries)


@pytest.mark.parametrize(
    "fault",
    [Fault.reset(), Fault.status(500), Fault.status(502), Fault.timeout()],
    ids=["reset", "500", "502", "timeout"],
)
def test_copy_that_never_happened_is_made_once_on_retry(
    backend: GoogleBackend, emulator: EmulatorServer, template_id: str, fault: Fault
) -> None:
    emulator.inject("files.copy", fault)

    deck_id = backend.copy_template(template_id, "ACME plan")

    assert new_files(emulator, template_id) == [deck_id]
    assert backend.calls.counts["files.copy"] == 2


def test_copy_answered_429_waits_as_retry_after_says(
    backend: GoogleBackend, emulator: EmulatorServer, template_id: str, sleeps: list[float]
) -> None:
    emulator.inject("files.copy", Fault.quota(retry_after=7))

    backend.copy_template(template_id, "ACME plan")

    assert sleeps == [7.0]
    assert len(new_files(emulator, template_id)) == 1
    # A 429 is a clean refusal: nothing to look for.
    assert "files.list" not in backend.calls.counts


def test_retry_after_as_an_http_date_is_honoured(
    backend: GoogleBackend,
    emulator: EmulatorServer,
    template_id: str,
    sleeps: list[float],
    policy: RetryPolicy,
) -> None:
    when = email.utils.formatdate(policy.clock() + 12, usegmt=True)
    emulator.inject("presentations.get", Fault.status(503, retry_after=when))

    backend.get_deck(template_id)

    assert sleeps == [12.0]


@pytest.mark.parametrize(
    "fault",
    [
        Fault.status_after_apply(500),
        Fault.status_after_apply(503),
        Fault.response_lost(),
        Fault.timeout(after_apply=True),
    ],
    ids=["500-after-apply", "503-after-apply", "response-lost", "timeout-after-apply"],
)
def test_batch_applied_despite_an_error_is_never_sent_again(
    backend: GoogleBackend, emulator: EmulatorServer, template_id: str, fault: Fault
) -> None:
    deck_id = backend.copy_template(template_id, "ACME plan")
    revision = backend.get_deck(deck_id)["revisionId"]
    emulator.inject("presentations.batchUpdate", fault)

    result = backend.batch_update(deck_id, slide_requests(), revision)

    assert emulator.received.count("presentations.batchUpdate") == 1
    assert slide_ids(emulator, deck_id) == ["p", "sgs1_test_a"]
    assert result.revision_id == emulator.presentation(deck_id)["revisionId"]
    assert any("had been applied" in note for note in backend.recoveries)


@pytest.mark.parametrize(
    "fault",
    [Fault.reset(), Fault.status(503), Fault.status(504), Fault.timeout(), Fault.quota()],
    ids=["reset", "503", "504", "timeout", "429"],
)
def test_batch_that_never_landed_is_applied_exactly_once(
    backend: GoogleBackend, emulator: EmulatorServer, template_id: str, fault: Fault
) -> None:
    deck_id = backend.copy_template(template_id, "ACME plan")
    revision = backend.get_deck(deck_id)["revisionId"]
    emulator.inject("presentations.batchUpdate", fault)

    result = backend.batch_update(deck_id, slide_requests(), revision)

    assert emulator.received.count("presentations.batchUpdate") == 2
    assert emulator.applied["presentations.batchUpdate"] == 1
    assert slide_ids(emulator, deck_id) == ["p", "sgs1_test_a"]
    assert len(result.replies) == 3


def test_batch_without_a_revision_is_pinned_before_it_is_repeated(
    backend: GoogleBackend, emulator: EmulatorServer, template_id: str
) -> None:
    deck_id = backend.copy_template(template_id, "ACME plan")
    revision = backend.get_deck(deck_id)["revisionId"]
    emulator.inject("presentations.batchUpdate", Fault.status(503))

    backend.batch_update(deck_id, slide_requests())

    bodies = [body for method, _q, body in emulator.log if method == "presentations.batchUpdate"]
    assert "writeControl" not in bodies[0]
    assert bodies[1]["writeControl"] == {"requiredRevisionId": revision}
    assert slide_ids(emulator, deck_id) == ["p", "sgs1_test_a"]


def test_quota_used_up_says_which_quota_and_when_to_retry(
    backend: GoogleBackend, emulator: EmulatorServer, template_id: str, sleeps: list[float]
) -> None:
    deck_id = backend.copy_template(template_id, "ACME plan")
    revision = backend.get_deck(deck_id)["revisionId"]
    emulator.inject("presentations.batchUpdate", *[Fault.quota(retry_after=30)] * 4)

    with pytest.raises(BackendError) as caught:
        backend.batch_update(deck_id, slide_requests(), revision)

    assert caught.value.status == 429
    assert "per-minute" in str(caught.value)
    assert "in 30 s" in str(caught.value)
    assert sleeps == [30.0, 30.0, 30.0]
    assert emulator.presentation(deck_id)["revisionId"] == revision


def test_a_concurrent_edit_is_refused_not_overwritten(
    backend: GoogleBackend, emulator: EmulatorServer, template_id: str
) -> None:
    deck_id = backend.copy_template(template_id, "ACME plan")
    revision = backend.get_deck(deck_id)["revisionId"]
    backend.batch_update(deck_id, slide_requests("someone"), revision)

    with pytest.raises(BackendError, match="changed by someone else"):
        backend.batch_update(deck_id, slide_requests("ours"), revision)

    assert slide_ids(emulator, deck_id) == ["p", "sgs1_test_someone"]


def test_an_invalid_request_reports_its_index(
    backend: GoogleBackend, emulator: EmulatorServer, template_id: str
) -> None:
    deck_id = backend.copy_template(template_id, "ACME plan")
    requests = [
        *slide_requests(),
        {"insertText": {"objectId": "no_such_box", "text": "x", "insertionIndex": 0}},
    ]

    with pytest.raises(RequestError) as caught:
        backend.batch_update(deck_id, requests)

    assert caught.value.index == 3
    assert slide_ids(emulator, deck_id) == ["p"]
    assert backend.calls.counts["presentations.batchUpdate"] == 1


def test_fill_failing_for_good_leaves_no_copy_behind(
    backend: GoogleBackend, emulator: EmulatorServer, template_id: str
) -> None:
    deck_id = backend.copy_template(template_id, "ACME plan")
    revision = backend.get_deck(deck_id)["revisionId"]
    emulator.inject("presentations.batchUpdate", *[Fault.status(503)] * 4)
    emulator.inject("files.delete", Fault.status(503))

    with pytest.raises(BackendError, match="kept failing"):
        backend.batch_update(deck_id, slide_requests(), revision)
    backend.delete_deck(deck_id)

    assert emulator.live_files() == [template_id]


def test_delete_refused_falls_back_to_the_trash(
    backend: GoogleBackend, emulator: EmulatorServer, template_id: str
) -> None:
    deck_id = backend.copy_template(template_id, "ACME plan")
    emulator.inject("files.delete", Fault.status(403, message="Insufficient permissions"))

    backend.delete_deck(deck_id)

    assert emulator.files[deck_id].trashed
    assert emulator.live_files() == [template_id]
    assert backend.find_decks({}) == []


def test_deleting_a_deck_already_gone_is_quiet(
    backend: GoogleBackend, emulator: EmulatorServer, template_id: str
) -> None:
    deck_id = backend.copy_template(template_id, "ACME plan")
    emulator.inject("files.delete", Fault.response_lost())

    backend.delete_deck(deck_id)

    assert emulator.live_files() == [template_id]
    assert backend.calls.counts["files.delete"] == 2


def test_a_deck_that_cannot_be_removed_is_named_with_its_link(
    backend: GoogleBackend, emulator: EmulatorServer, template_id: str
) -> None:
    deck_id = backend.copy_template(template_id, "ACME plan")
    emulator.inject("files.delete", Fault.status(403))
    emulator.inject("files.update", Fault.status(403))

    with pytest.raises(BackendError) as caught:
        backend.delete_deck(deck_id)

    assert deck_id in str(caught.value)
    assert backend.deck_url(deck_id) in str(caught.value)


def test_properties_merge_and_find_live_decks_by_all_of_them(
    backend: GoogleBackend, emulator: EmulatorServer, template_id: str
) -> None:
    first = backend.copy_template(template_id, "one", {"plan": "acme", "team": "emea"})
    second = backend.copy_template(template_id, "two", {"plan": "acme", "team": "amer"})
    third = backend.copy_template(template_id, "three", {"plan": "acme", "team": "emea"})
    backend.set_properties(first, {"digest": "d" * 64})
    backend.delete_deck(third)

    assert backend.get_properties(first)["digest"] == "d" * 64
    assert backend.get_properties(first)["team"] == "emea"
    assert backend.find_decks({"plan": "acme", "team": "emea"}) == [first]
    assert sorted(backend.find_decks({"plan": "acme"})) == sorted([first, second])


def test_quotes_in_property_values_survive_the_query(
    backend: GoogleBackend, template_id: str
) -> None:
    deck_id = backend.copy_template(template_id, "one", {"customer": "O'Brien \\ Sons"})

    assert backend.find_decks({"customer": "O'Brien \\ Sons"}) == [deck_id]
    assert backend.find_decks({"customer": "O'Brien"}) == []


def test_a_property_over_124_bytes_is_refused_before_any_call(backend: GoogleBackend) -> None:
    with pytest.raises(BackendError, match="124"):
        backend.set_properties("any", {"digest": "é" * 60})
    with pytest.raises(BackendError, match="124"):
        backend.copy_template("any", "x", {"k": "v" * 124})

    assert backend.calls.total == 0


def test_share_adds_one_permission_per_entry(
    backend: GoogleBackend, emulator: EmulatorServer, template_id: str
) -> None:
    deck_id = backend.copy_template(template_id, "ACME plan")
    entries = [
        ShareEntry(type="user", email="ae@example.com", role="writer"),
        ShareEntry(type="domain", domain="example.com", role="reader"),
    ]

    assert backend.share(deck_id, entries, notify=True) == 2

    permissions = emulator.files[deck_id].permissions
    assert [(p["type"], p["role"]) for p in permissions] == [
        ("user", "writer"),
        ("domain", "reader"),
    ]
    assert permissions[0]["emailAddress"] == "ae@example.com"
    queries = [q for method, q, _b in emulator.log if method == "permissions.create"]
    assert queries[0]["sendNotificationEmail"] == ["true"]
    assert "sendNotificationEmail" not in queries[1]
    assert backend.calls.counts["permissions.create"] == 2


def test_missing_template_names_the_id_and_the_account(
    backend: GoogleBackend, emulator: EmulatorServer
) -> None:
    with pytest.raises(BackendError) as caught:
        backend.copy_template("1MissingTemplate", "ACME plan")

    message = str(caught.value)
    assert "1MissingTemplate" in message
    assert f"emulator at {emulator.address}" in message
    assert "share the template" in message


def test_service_account_without_storage_is_explained(
    backend: GoogleBackend, emulator: EmulatorServer, template_id: str
) -> None:
    emulator.inject(
        "files.copy",
        Fault.status(
            403,
            message="Service Accounts do not have storage quota. Leverage shared drives.",
            reason="storageQuotaExceeded",
        ),
    )

    with pytest.raises(BackendError) as caught:
        backend.copy_template(template_id, "ACME plan")

    assert caught.value.hint is not None
    assert "Shared Drive" in caught.value.hint
    assert "google.subject" in caught.value.hint
    assert new_files(emulator, template_id) == []


def test_a_token_without_the_scope_names_the_scope(
    backend: GoogleBackend, emulator: EmulatorServer, template_id: str
) -> None:
    emulator.inject(
        "files.copy",
        Fault.status(
            403,
            message="Request had insufficient authentication scopes.",
            reason="insufficientPermissions",
        ),
    )

    with pytest.raises(AuthError) as caught:
        backend.copy_template(template_id, "ACME plan")

    assert "files.copy needs the drive or " in str(caught.value)
    assert "drive.file" in str(caught.value)


def test_refused_credentials_point_to_login(
    backend: GoogleBackend, emulator: EmulatorServer, template_id: str
) -> None:
    emulator.inject("presentations.get", Fault.status(401))

    with pytest.raises(AuthError, match="slidegen auth login"):
        backend.get_deck(template_id)


def test_properties_query_quotes_and_excludes_trash() -> None:
    assert properties_query({"b": "it's", "a": "x"}) == (
        "appProperties has { key='a' and value='x' } and "
        "appProperties has { key='b' and value='it\\'s' } and trashed = false"
    )


def test_created_ids_are_what_the_batch_leaves_in_place() -> None:
    requests = [
        {"duplicateObject": {"objectId": "proto", "objectIds": {"proto": "sgs2_r", "a": "sgd2_a"}}},
        {"deleteObject": {"objectId": "sgd2_a"}},
        {"createTable": {"objectId": "sgc2_t", "rows": 2, "columns": 2}},
        {"insertText": {"objectId": "sgc2_t", "text": "x"}},
    ]

    assert created_object_ids(requests) == {"sgs2_r", "sgc2_t"}


def test_a_write_that_landed_after_the_check_is_recognised_on_the_repeat(
    backend: GoogleBackend, emulator: EmulatorServer, template_id: str, mocker: Any
) -> None:
    deck_id = backend.copy_template(template_id, "ACME plan")
    stale = backend.get_deck(deck_id)
    emulator.inject("presentations.batchUpdate", Fault.status_after_apply(503))
    real_get = backend.get_deck
    reads = iter([stale])
    # The first re-read still shows the old revision, as a lagging read can.
    mocker.patch.object(backend, "get_deck", side_effect=lambda i: next(reads, None) or real_get(i))

    backend.batch_update(deck_id, slide_requests(), stale["revisionId"])

    assert emulator.received.count("presentations.batchUpdate") == 2
    assert emulator.applied["presentations.batchUpdate"] == 1
    assert slide_ids(emulator, deck_id) == ["p", "sgs1_test_a"]


def test_an_unprovable_ambiguous_write_is_reported_not_repeated(
    backend: GoogleBackend, emulator: EmulatorServer, template_id: str
) -> None:
    deck_id = backend.copy_template(template_id, "ACME plan")
    revision = backend.get_deck(deck_id)["revisionId"]
    revision = backend.batch_update(deck_id, slide_requests(), revision).revision_id
    emulator.inject("presentations.batchUpdate", Fault.status_after_apply(500))

    with pytest.raises(BackendError, match="cannot tell"):
        backend.batch_update(deck_id, [{"deleteObject": {"objectId": "sgs1_test_a"}}], revision)

    assert emulator.received.count("presentations.batchUpdate") == 2
