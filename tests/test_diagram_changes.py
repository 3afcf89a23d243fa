from __future__ import annotations

from typing import Any

from slidegen.layout.diagram.changes import architecture_changes, replacement_name
from slidegen.plan.model import Architecture


def architecture(current: list[dict[str, Any]], proposed: list[dict[str, Any]]) -> Architecture:
    return Architecture.model_validate(
        {"current": {"components": current}, "proposed": {"components": proposed}}
    )


def jenkins_replaced() -> Architecture:
    return architecture(
        [
            {"id": "jira", "name": "Jira"},
            {"id": "jenkins", "name": "Jenkins", "status": "retiring", "replaced_by": "ci"},
            {"id": "svn", "name": "Subversion"},
        ],
        [
            {"id": "jira", "name": "Jira Cloud"},
            {"id": "ci", "name": "GitLab CI/CD", "status": "new"},
        ],
    )


def test_added_retired_and_kept_are_matched_by_id() -> None:
    changes = architecture_changes(jenkins_replaced())
    assert changes.added == ("GitLab CI/CD",)
    assert changes.retired == ("Jenkins → GitLab CI/CD", "Subversion")
    assert changes.kept == ("Jira Cloud",)
    assert changes.lines() == [
        "Added (1): GitLab CI/CD",
        "Retired (2): Jenkins → GitLab CI/CD, Subversion",
        "Kept (1): Jira Cloud",
    ]


def test_a_proposed_component_absent_today_is_added_even_without_status() -> None:
    changes = architecture_changes(architecture([], [{"id": "k8s", "name": "EKS"}]))
    assert changes.added == ("EKS",)
    assert not changes.is_empty


def test_a_component_retiring_in_the_proposed_state_is_retired() -> None:
    changes = architecture_changes(
        architecture(
            [{"id": "vm", "name": "VMs"}],
            [{"id": "vm", "name": "VMs", "status": "retiring"}],
        )
    )
    assert changes.retired == ("VMs",)
    assert changes.kept == ()


def test_empty_states_have_no_changes() -> None:
    changes = architecture_changes(Architecture())
    assert changes.is_empty
    assert changes.lines() == []


def test_replacement_names_come_from_either_state() -> None:
    arch = architecture(
        [
            {"id": "a", "name": "Old A", "status": "retiring", "replaced_by": "b"},
            {"id": "b", "name": "B now"},
        ],
        [{"id": "c", "name": "C"}],
    )
    assert replacement_name(arch, "b") == "B now"
    assert replacement_name(arch, "c") == "C"
    assert replacement_name(arch, "zzz") == "zzz"


def test_briefer_forms_name_what_is_retired_then_only_count() -> None:
    changes = architecture_changes(jenkins_replaced())
    assert changes.briefer_lines() == [
        ["Retired (2): Jenkins, Subversion", "Added 1, kept 1"],
        ["Added 1, retired 2, kept 1"],
    ]


def test_with_nothing_retired_the_briefer_form_only_counts() -> None:
    changes = architecture_changes(
        architecture([{"id": "jira", "name": "Jira"}], [{"id": "jira", "name": "Jira"}])
    )
    assert changes.briefer_lines() == [["Kept 1"]]
