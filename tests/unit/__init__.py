"""Unit tests of the data layer on tiny databases built in tmp_path."""
