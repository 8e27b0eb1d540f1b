"""Entry options into library objects, and what happens when they cannot be used."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.data_balance.const import (
    CONF_CARRIER,
    CONF_EXPIRY_DAYS,
    CONF_LOW_BALANCE,
    CONF_LOW_DATA_MB,
    CONF_LOW_DATA_PERCENT,
    CONF_RENEWAL,
    CONF_RENEWAL_ANCHOR,
    CONF_RENEWAL_DAYS,
    CONF_UNLIMITED,
    CONF_USSD_CODE,
    DOMAIN,
)
from custom_components.data_balance.models import CarrierState
from custom_components.data_balance.plan import EveryNDays, MonthlyRenewal, NonExpiring
from custom_components.data_balance.settings import SettingsError, entry_settings
from simulator.control import Simulator
from tests.conftest import US_OPTIONS

TODAY = date(2026, 11, 25)


def settings_for(**changes: Any) -> Any:
    """Entry settings for the US options with some changed."""
    return entry_settings({**US_OPTIONS, **changes}, "America/New_York", TODAY)


def test_renewals_and_sizes() -> None:
    assert settings_for().plan.renewal == MonthlyRenewal(day=5)
    every = settings_for(
        **{
            CONF_RENEWAL: "every_n_days",
            CONF_RENEWAL_DAYS: 28,
            CONF_RENEWAL_ANCHOR: "2026-11-01",
        }
    )
    assert every.plan.renewal == EveryNDays(days=28, anchor=date(2026, 11, 1))
    bucket = settings_for(**{CONF_RENEWAL: "non_expiring", CONF_UNLIMITED: True})
    assert bucket.plan.renewal == NonExpiring(start=TODAY)
    assert bucket.plan.size is None
    assert settings_for().plan.size == 10_000_000_000
    assert settings_for().device_poll == timedelta(minutes=5)


def test_thresholds_zero_means_off() -> None:
    thresholds = settings_for(
        **{
            CONF_LOW_DATA_PERCENT: 0,
            CONF_LOW_DATA_MB: 0,
            CONF_EXPIRY_DAYS: 0,
            CONF_LOW_BALANCE: 0,
        }
    ).summary.thresholds
    assert thresholds.remaining_percent_below is None
    assert thresholds.remaining_bytes_below is None
    assert thresholds.expiring_within is None
    assert thresholds.balance_below is None
    assert settings_for().summary.thresholds.balance_below == Decimal(2)


def test_custom_carrier_reads_dates_the_local_way() -> None:
    """Regression: a custom carrier read the US "12/05/2026" as 12 May."""
    text = "Your balance is $7.20. Plan renews 12/05/2026."
    us = entry_settings(US_OPTIONS, "America/New_York", TODAY, "US").profile.parse(text)
    assert us is not None
    assert us.expires == date(2026, 12, 5)
    german = entry_settings(US_OPTIONS, "Europe/Berlin", TODAY, "DE").profile.parse(
        text
    )
    assert german is not None
    assert german.expires == date(2026, 5, 12)


def test_carriers() -> None:
    assert settings_for(**{CONF_CARRIER: "tmobile_us"}).profile.id == "tmobile_us"
    with pytest.raises(SettingsError):
        settings_for(**{CONF_CARRIER: "no_such_carrier"})
    with pytest.raises(SettingsError):
        settings_for(**{CONF_USSD_CODE: ""})  # custom without any request
    with pytest.raises(SettingsError, match="not a date"):
        settings_for(**{CONF_RENEWAL: "every_n_days", CONF_RENEWAL_ANCHOR: "soon"})


def test_stored_carrier_state_round_trip_and_corruption() -> None:
    assert CarrierState.from_json({"received": "yesterday"}) is None
    assert (
        CarrierState.from_json(
            {"received": "2026-11-25T12:00:00+00:00", "balance": "x"}
        )
        is None
    )


async def test_corrupt_store_starts_counting_again(
    hass: HomeAssistant,
    enable_custom_integrations: None,
    hass_storage: dict[str, Any],
    mock_config_entry: MockConfigEntry,
    modem_simulator: Simulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    hass_storage[f"{DOMAIN}.{mock_config_entry.entry_id}"] = {
        "version": 1,
        "key": f"{DOMAIN}.{mock_config_entry.entry_id}",
        "data": {"plan_state": {"version": 99}, "carrier": {"received": "not a time"}},
    }
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert mock_config_entry.state is ConfigEntryState.LOADED
    assert "could not be read; counting starts again" in caplog.text


async def test_options_change_reloads(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    coordinator = init_integration.runtime_data.coordinator
    hass.config_entries.async_update_entry(
        init_integration, options={**US_OPTIONS, CONF_LOW_DATA_PERCENT: 50}
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    assert init_integration.runtime_data.coordinator is not coordinator
    assert (
        init_integration.runtime_data.coordinator.settings.summary.thresholds.remaining_percent_below
        == 50
    )
