"""The presentation layer: how leeftui's values read on a terminal, for the explorer and the CLI alike — numbers
and classes (:mod:`~leeftui.present.fmt`, :mod:`~leeftui.present.cells`), tables, charts, the choropleth, area
profiles and reports. Rich and pyarrow only: no Textual, no DuckDB, no store (import contracts check it)."""
