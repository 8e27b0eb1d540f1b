"""Tests of the Data Balance integration, its libraries and its simulator."""
