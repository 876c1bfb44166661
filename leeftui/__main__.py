"""`python -m leeftui` runs the same entry point as the `leeftui` command."""

from leeftui.cli import main

if __name__ == "__main__":
    main()
