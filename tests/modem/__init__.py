"""Tests of the modem library: codecs, PDUs, reassembly and the AT client."""
