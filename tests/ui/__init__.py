"""Pilot tests of the explorer, and its snapshots."""
