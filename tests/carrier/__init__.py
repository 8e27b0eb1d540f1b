"""Tests of the carrier library: reply parsing, catalogue and correlation."""
