"""leeftui: the terminal explorer for the Dutch Leefbaarometer."""

__version__ = "0.1.0"
