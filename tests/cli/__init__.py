"""Command-line tests: typer's runner and real subprocesses."""
