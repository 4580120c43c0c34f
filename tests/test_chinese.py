"""Numbers as written in lists and counts, shared by the proposals and themes stages."""

import pytest

from pipeline.chinese import parse_number


@pytest.mark.parametrize("value,expected", [
    ("三", 3), ("两", 2), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23),
    ("7", 7), ("１２", 12), ("", 0), (None, 0), ("百", 0),
])
def test_parse_number(value, expected):
    assert parse_number(value) == expected
