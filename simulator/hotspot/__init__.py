"""A simulated mobile hotspot router (Huawei HiLink or ZTE goform) on loopback HTTP."""

from .simulator import FAMILIES, HotspotSimulator, hotspot_control_app

__all__ = ["FAMILIES", "HotspotSimulator", "hotspot_control_app"]
