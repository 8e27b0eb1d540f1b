"""A fake AT modem and hotspot with a scriptable carrier, for tests and the demo."""
