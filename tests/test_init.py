"""The integration package loads in Home Assistant."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.loader import async_get_integration
from homeassistant.setup import async_setup_component

from custom_components.data_balance.const import DOMAIN


async def test_integration_loads(
    hass: HomeAssistant, enable_custom_integrations: None
) -> None:
    integration = await async_get_integration(hass, DOMAIN)
    assert integration.name == "Data Balance"
    assert integration.config_flow is True
    assert integration.integration_type == "device"
    assert integration.requirements == ["serialx>=1.15.0"]
    assert integration.pkg_path == "custom_components.data_balance"
    assert await async_setup_component(hass, DOMAIN, {})
    assert DOMAIN in hass.config.components
