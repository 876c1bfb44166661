"""Rebuild tests: source files in, a database out."""
