"""Tests of the simulated modem and hotspot."""
