"""What a hotspot router reports, in the library's own terms (bytes, dBm, dates)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from custom_components.data_balance.modem import AccessTechnology, Signal, SimState


@dataclass(frozen=True, slots=True, kw_only=True)
class HotspotInfo:
    """Identity of the router and its SIM; empty strings where the router does not say."""

    manufacturer: str
    model: str
    firmware: str
    serial_number: str
    imei: str
    imsi: str
    iccid: str
    own_number: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class HotspotTraffic:
    """The router's own data counters and data-plan settings.

    Attributes:
        month_download: bytes received in the router's current statistics month.
        month_upload: bytes sent in that month.
        month_cleared: when the router last cleared the month counters, if it says.
        total_download: bytes received since the counters were last reset (a reboot
            or a "clear statistics" resets them; the caller detects that).
        total_upload: bytes sent since then.
        plan_start_day: the day of the month the router's plan starts, if set.
        data_limit: the router's monthly data limit in bytes, if one is set.
        alert_percent: the router's own usage warning threshold, if set.
    """

    month_download: int
    month_upload: int
    total_download: int
    total_upload: int
    month_cleared: date | None = None
    plan_start_day: int | None = None
    data_limit: int | None = None
    alert_percent: int | None = None

    @property
    def month_total(self) -> int:
        """Both directions this month."""
        return self.month_download + self.month_upload


@dataclass(frozen=True, slots=True, kw_only=True)
class HotspotSignal(Signal):
    """Signal as a router reports it: a `modem.Signal` plus the LTE figures.

    `rssi_dbm` and `ber` keep their meaning (`ber` is always None: routers do not
    report it), so code written for a modem's signal reads this one too.
    """

    rsrp_dbm: int | None = None
    rsrq_db: float | None = None
    sinr_db: float | None = None
    bars: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class HotspotNetwork:
    """Connection and SIM state.

    Attributes:
        connected: the mobile data connection is up.
        sim_state: what the router says about the SIM.
        operator: the network's name, if known.
        access_technology: GSM/UMTS/LTE/NR, if known.
        roaming: the SIM is roaming.
        battery_percent: charge of a battery-powered hotspot, if it has one.
        unread_messages: unread texts in the router's inbox, if it says.
    """

    connected: bool
    sim_state: SimState
    operator: str | None = None
    access_technology: AccessTechnology | None = None
    roaming: bool = False
    battery_percent: int | None = None
    unread_messages: int | None = None
