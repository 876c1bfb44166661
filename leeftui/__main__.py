"""`python -m leeftui` runs the same entry point as the `leeftui` command."""

from leeftui.entry import main

if __name__ == "__main__":
    main()
