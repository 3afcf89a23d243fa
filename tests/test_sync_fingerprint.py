"""Fingerprints, plan keys, shards and the change summary."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from test_sync_support import make_plan, plan_data

from slidegen.config import Config, StyleConfig, SyncConfig
from slidegen.sync.changes import snapshot, summarize
from slidegen.sync.fingerprint import fingerprint, overdue_activities, plan_key, shard_of

TODAY = dt.date(2026, 11, 20)


def _fp(data: dict | None = None, config: Config | None = None, **kwargs: object) -> str:
    args: dict = {"template_revision": "rev1", "today": TODAY, "generator_version": "1.0"}
    args.update(kwargs)
    return fingerprint(make_plan(data), config or Config(), **args)


def test_fingerprint_is_stable_and_hex() -> None:
    first = _fp()
    assert first == _fp()
    assert len(first) == 64
    int(first, 16)


def test_fingerprint_follows_plan_template_version_and_rendering_config() -> None:
    changed = plan_data()
    changed["stakeholders"][0]["notes"] = "met at the summit"
    base = _fp()
    assert _fp(changed) != base
    assert _fp(template_revision="rev2") != base
    assert _fp(generator_version="1.1") != base
    assert _fp(config=Config(style=StyleConfig(body_font_pt=14))) != base


def test_fingerprint_ignores_settings_that_do_not_change_the_deck() -> None:
    quieter = Config(sync=SyncConfig(writes_per_minute=10, state_file="elsewhere.json"))
    assert _fp(config=quieter) == _fp()


def test_fingerprint_changes_only_on_the_day_an_activity_becomes_overdue() -> None:
    # "Proof of value" is due 2026-12-01; "Security review" 2026-12-15.
    before = _fp(today=dt.date(2026, 11, 25))
    assert _fp(today=dt.date(2026, 11, 30)) == before
    assert _fp(today=dt.date(2026, 12, 1)) == before
    on_the_day_after = _fp(today=dt.date(2026, 12, 2))
    assert on_the_day_after != before
    assert _fp(today=dt.date(2026, 12, 10)) == on_the_day_after
    assert overdue_activities(make_plan(), dt.date(2026, 12, 16)) == [1, 2]


def test_plan_key_is_relative_to_root_and_hashed_when_long(tmp_path: Path) -> None:
    plan = tmp_path / "plans" / "acme.yaml"
    assert plan_key(plan, tmp_path) == "plans/acme.yaml"
    assert plan_key(tmp_path / "plans" / ".." / "plans" / "acme.yaml", tmp_path) == (
        "plans/acme.yaml"
    )
    long_plan = tmp_path / ("x" * 120) / "acme.yaml"
    key = plan_key(long_plan, tmp_path)
    assert key.startswith("sha256:")
    assert len(key) <= 100
    assert key != plan_key(tmp_path / ("y" * 120) / "acme.yaml", tmp_path)


def test_shards_partition_keys_stably() -> None:
    keys = [f"plans/customer-{n}.yaml" for n in range(300)]
    shards = [shard_of(key, 3) for key in keys]
    assert set(shards) == {1, 2, 3}
    assert all(60 < shards.count(n) < 140 for n in (1, 2, 3))
    assert shards == [shard_of(key, 3) for key in keys]
    assert {shard_of(key, 1) for key in keys} == {1}


def _snap(data: dict, today: dt.date = TODAY, revision: str = "rev1") -> dict:
    return snapshot(make_plan(data), Config(), revision, today, "1.0")


def test_summary_names_what_changed() -> None:
    before = plan_data()
    after = plan_data()
    after["stakeholders"].append({"name": "Ash Ops", "role": "Influencer"})
    after["stakeholders"].append({"name": "Kim Sec", "role": "Coach"})
    after["win_plan"][1]["status"] = "done"
    after["risks"] = [risk for risk in after["risks"] if risk.get("id") != "R3"]
    after["business_outcomes"]["needs"][0]["need"] = "Ship daily"
    after["business_outcomes"]["needs"][1]["metric"] = "audit passed by Q2"
    phrases = summarize(_snap(before), _snap(after))
    assert phrases == [
        "2 business needs changed",
        "+2 stakeholders",
        "1 activity done",
        "risk R3 removed",
    ]


def test_summary_reports_overdue_closed_risks_and_template() -> None:
    after = plan_data()
    after["risks"][0]["status"] = "closed"
    after["risks"].append(
        {"id": "R9", "risk": "New competitor", "impact": "high", "likelihood": "high"}
    )
    phrases = summarize(
        _snap(plan_data()), _snap(after, today=dt.date(2026, 12, 5), revision="rev2")
    )
    assert phrases == [
        "1 activity now overdue",
        "risk R9 added",
        "risk R1 closed",
        "template updated",
    ]


def test_summary_is_empty_without_history_or_change() -> None:
    assert summarize(None, _snap(plan_data())) == []
    assert summarize(_snap(plan_data()), _snap(plan_data())) == []


def test_snapshot_hides_names_but_keeps_risk_ids() -> None:
    text = str(_snap(plan_data()))
    assert "Dana" not in text
    assert "Proof of value" not in text
    assert "R1" in text
