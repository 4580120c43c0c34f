"""Numbers as written in lists and counts, shared by the proposals and themes stages; the t2s table."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.chinese import parse_number


@pytest.mark.parametrize("value,expected", [
    ("三", 3), ("两", 2), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23),
    ("7", 7), ("１２", 12), ("", 0), (None, 0), ("百", 0),
])
def test_parse_number(value, expected):
    assert parse_number(value) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.characters(), st.sampled_from(list("臺灣議會張國強說經濟發展乾隆鍾")),
                          st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)), max_size=60).map("".join))
def test_code_point_table_translates_as_the_character_dictionary(text):
    """The vectorised lookup gives ``str.translate`` with the one-to-one character dictionary, astral
    characters and lone surrogates included."""
    from pipeline.chinese import _code_point_table, _fast_tables, _translate_one_to_one

    table = _code_point_table()
    assert table is not None  # opencc-python-reimplemented's t2s maps every character to one
    assert _translate_one_to_one(text, table) == text.translate(_fast_tables()[4])
