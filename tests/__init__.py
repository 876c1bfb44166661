"""leeftui's test suite, a package: helpers are imported as ``tests.…`` (``tests.tinydb``, ``tests.realdata``,
``tests.ui.uihelpers``), never through ``sys.path``."""
