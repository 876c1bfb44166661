"""Charts with axes: waves placed by their year, a value axis, meaning without colour."""

from __future__ import annotations

from leeftui.present.charts import line_chart, lines_chart, stacked_classes, year_positions


def test_waves_are_placed_by_their_year() -> None:
    pos = year_positions([2002, 2008, 2012, 2014, 2024], 45)
    assert pos[0] == 0 and pos[-1] == 44
    assert pos[1] - pos[0] == 3 * (pos[3] - pos[2])  # six years against two
    assert year_positions([2020], 10) == [5]


def test_line_chart_has_a_value_axis_and_year_labels() -> None:
    text = line_chart([2014, 2016, 2024], [4.0, 4.1, 4.2], width=30, height=5).plain
    lines = text.splitlines()
    assert lines[0].startswith("4.200 ┤") and lines[-3].startswith("4.000 ┤") and "4.100 ┤" in lines[2]
    assert lines[-1].split() == ["'14", "'16", "'24"]  # 2014 and 2016 too close for four digits each
    assert line_chart([2002, 2012, 2024], [1.0, 2.0, 3.0], width=40).plain.splitlines()[-1].split() == [
        "2002", "2012", "2024"]
    assert text.count("●") == 3
    flat = line_chart([2020, 2022], [4.117, 4.117], width=20, height=5).plain
    assert flat.count("4.117") == 1  # one value: one label, not an invented range


def test_several_lines_carry_their_number() -> None:
    text = lines_chart([2014, 2024], [("1", "red", [4.0, 4.2]), ("2", "blue", [4.1, None])], width=20).plain
    assert text.count("1") >= 2 and "2" in text


def test_stacked_classes_write_their_digits() -> None:
    text = stacked_classes([2014, 2024], [{1: 0.5, 9: 0.5}, {5: 1.0}], width=20, height=4).plain
    rows = [line for line in text.splitlines() if "│" in line]
    assert rows[0].split("│")[1].startswith("99") and rows[-1].split("│")[1].startswith("11")
    assert all("55" in r for r in rows)
