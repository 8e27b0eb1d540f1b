"""Fuzzing: hypothesis over every parser that reads what a modem or a carrier sends."""
