"""Soak tests: the modem client and the integration against the simulator, under faults."""
