"""How numbers read in the explorer: never '=' for a change that is not zero, one bar scale for all areas."""

from __future__ import annotations

from leeftui.present import fmt


def test_a_small_change_keeps_its_direction() -> None:
    assert fmt.delta(-0.0035)[0] == "▼-0.004"
    assert fmt.delta(-0.0004)[0] == "▼<0.001"  # too small to show, but not "no change"
    assert fmt.delta(0.0004)[0] == "▲<0.001"
    assert fmt.delta(0.0)[0] == "=0"
    assert fmt.delta(None)[0] == fmt.NA


def test_scores_show_three_decimals() -> None:
    assert fmt.score(3.9964) == "3.996"  # never "4.00" beside a filter "score < 4"


def test_one_bar_scale_for_every_area() -> None:
    assert fmt.zero_bar(0.15, half=4) == "    │██  "  # half of ±0.3, whatever else the area has
    assert fmt.zero_bar(-0.3, half=4) == "████│    "
    assert fmt.zero_bar(0.45, half=4) == "    │███▸"  # beyond the scale: a full half and an arrow
    assert fmt.zero_bar(-0.45, half=4) == "◂███│    "
    assert fmt.zero_bar(None, half=4) == "    ┊    "
    assert fmt.zero_bar(0.01, half=4) == "    │▏   " and fmt.zero_bar(-0.01, half=4) == "   ▕│    "  # tiny, not nothing
    assert fmt.zero_bar(0.0, half=4) == "    │    "
