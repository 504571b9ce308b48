"""Helpers the tests share: imported by name (pytest's pythonpath has tests/), never a test
module importing another."""
