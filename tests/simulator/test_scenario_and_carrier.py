"""Scenario files and the carrier model behind the simulated modem."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
import json
from pathlib import Path

import pytest

from simulator.carrier import CarrierModel, UssdReply
from simulator.scenario import ScenarioError, available_scenarios, load_scenario


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        """Start at zero."""
        self.now = 0.0

    def __call__(self) -> float:
        """The current reading."""
        return self.now


def test_shipped_scenarios_load() -> None:
    assert available_scenarios() == ["generic_us", "huawei_eu", "ucs2_ru"]
    for name in available_scenarios():
        scenario = load_scenario(name)
        assert scenario.name == name
        assert scenario.description
        assert scenario.carrier.requests
    huawei = load_scenario("huawei_eu")
    assert huawei.modem.ussd_mode == "packed_hex"
    assert huawei.modem.noise[0].line == "^RSSI: {rssi}"


def test_scenario_errors(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="no scenario 'nowhere'"):
        load_scenario("nowhere")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"broken\.json"):
        load_scenario(broken)
    incomplete = tmp_path / "incomplete.json"
    incomplete.write_text(
        json.dumps({"modem": {"manufacturer": "x"}, "carrier": {}}), encoding="utf-8"
    )
    with pytest.raises(ScenarioError, match="malformed"):
        load_scenario(incomplete)
    custom = tmp_path / "custom.json"
    raw = json.loads(
        (Path("simulator/scenarios/generic_us.json")).read_text(encoding="utf-8")
    )
    raw.pop("name")
    custom.write_text(json.dumps(raw), encoding="utf-8")
    assert load_scenario(custom).name == "custom"


START = date(2031, 2, 20)  # any day: scenario dates count from the simulator's start


def test_scenario_dates_count_from_the_start() -> None:
    spec = load_scenario("generic_us").carrier
    assert spec.expires_in_days == 10
    for today in (date(2024, 2, 25), START, date(2099, 12, 30)):
        carrier = CarrierModel(spec, FakeClock(), today=today)
        assert carrier.expires == today + timedelta(days=10)
    forever = replace(spec, expires_in_days=None)
    assert CarrierModel(forever, FakeClock(), today=START).expires is None


def test_absolute_dates_are_refused(tmp_path: Path) -> None:
    raw = json.loads(
        (Path("simulator/scenarios/generic_us.json")).read_text(encoding="utf-8")
    )
    raw["carrier"]["expires"] = "2026-12-05"
    dated = tmp_path / "dated.json"
    dated.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ScenarioError, match="expires_in_days"):
        load_scenario(dated)


def test_drain_rate_and_floor() -> None:
    clock = FakeClock()
    carrier = CarrierModel(load_scenario("generic_us").carrier, clock, today=START)
    assert carrier.remaining_bytes == 6_500_000_000
    carrier.set_drain_rate(1_000_000_000)
    clock.now = 1800  # half an hour
    assert carrier.used_bytes == 4_000_000_000
    clock.now = 3600 * 100
    assert carrier.remaining_bytes == 0  # never below zero
    carrier.use_data(5)
    assert carrier.used_bytes == carrier.plan_bytes


def test_top_up_extends_from_today_when_expired() -> None:
    carrier = CarrierModel(
        load_scenario("generic_us").carrier, FakeClock(), today=START
    )
    later = START + timedelta(days=40)  # the plan ran out 30 days ago
    sms = carrier.top_up(today=later, days=30, money=Decimal(5))
    assert carrier.expires == later + timedelta(days=30)
    assert sms.sender == "6399"
    assert "$12.20" in sms.text


def test_wording_follows_the_carrier() -> None:
    german = CarrierModel(load_scenario("huawei_eu").carrier, FakeClock(), today=START)
    expires = (START + timedelta(days=36)).strftime("%d.%m.%Y")
    outcome = german.handle_ussd("*100#")
    assert outcome.replies == (
        UssdReply(
            status=0,
            text=f"Guthaben: 3,40 EUR. Datenvolumen: noch 3,75 GB. Gültig bis {expires}.",
        ),
    )
    assert german.requests_seen == 1
    assert german.handle_sms("55222", " guthaben ")[0].text.startswith(
        "Ihr Guthaben beträgt 3,40 EUR."
    )
    assert german.handle_sms("55222", "HELLO") == ()
    assert german.handle_ussd("*106#").replies[0].status == 1
    assert german.menu_open
    assert german.handle_ussd("9").replies == (
        UssdReply(status=0, text="Invalid choice."),
    )
    no_expiry = CarrierModel(
        load_scenario("huawei_eu").carrier, FakeClock(), today=START
    )
    no_expiry.expires = None
    assert no_expiry.render("{expires}") == "-"
