"""What leeftui's figures are, without a database or a screen: releases, areas, the columns a view can show and
the measures behind them, the conditions that filter rows (with an Arrow and an SQL back end), reports and
profiles as values.

The store computes these values, the presentation layer draws them, the explorer and the CLI pass them on. This
package imports neither DuckDB nor Textual nor Rich (an import contract checks it): only pyarrow, lazily where it
computes.
"""
