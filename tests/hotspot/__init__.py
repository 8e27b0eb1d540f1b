"""Tests of the hotspot library against the simulated routers."""
