"""Decoding and reading inputs: every encoding a Chinese report comes in, and every way a file can be bad."""

from __future__ import annotations

import codecs
import json

import pytest

from pipeline.io import DecodeError, decode, iter_documents, read_file, read_jsonl

SIMPLIFIED = "北京市政协召开“优化产业结构”专题协商会。\r\n王委员建议：一、加大科技创新力度。\r第二段\n"
TRADITIONAL = "臺灣省議會召開會議，張委員說：一、發展經濟。\r\n二是加強創新。\n"
EXPECTED_S = SIMPLIFIED.replace("\r\n", "\n").replace("\r", "\n")
EXPECTED_T = TRADITIONAL.replace("\r\n", "\n").replace("\r", "\n")


@pytest.mark.parametrize(("data", "expected", "encoding"), [
    (SIMPLIFIED.encode("utf-8"), EXPECTED_S, "utf-8"),
    (codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), EXPECTED_S, "utf-8-sig"),
    (SIMPLIFIED.encode("gbk"), EXPECTED_S, "gb18030"),
    ((SIMPLIFIED + "𠀀").encode("gb18030"), EXPECTED_S + "𠀀", "gb18030"),
    (TRADITIONAL.encode("big5"), EXPECTED_T, "big5"),
    (SIMPLIFIED.encode("utf-16"), EXPECTED_S, "utf-16"),
    (SIMPLIFIED.encode("utf-16-le"), EXPECTED_S, "utf-16-le"),
    (SIMPLIFIED.encode("utf-16-be"), EXPECTED_S, "utf-16-be"),
    (TRADITIONAL.encode("utf-16-le"), EXPECTED_T, "utf-16-le"),
    (TRADITIONAL.encode("utf-16-be"), EXPECTED_T, "utf-16-be"),
    (codecs.BOM_UTF16_BE + TRADITIONAL.encode("utf-16-be"), EXPECTED_T, "utf-16"),
    (SIMPLIFIED.encode("utf-32"), EXPECTED_S, "utf-32"),
    ("hello world\r\n".encode("utf-16-le"), "hello world\n", "utf-16-le"),
    # short texts, where a detector alone takes GBK for Big5 and back
    ("王委员".encode("gbk"), "王委员", "gb18030"),
    ("張委員".encode("big5"), "張委員", "big5"),
    ("1月,習".encode("big5"), "1月,習", "big5"),
    ("但保险、".encode("utf-16-be"), "但保险、", "utf-16-be"),
    (b"", "", "utf-8"),
])
def test_decodes_chinese_encodings(data, expected, encoding):
    text, found = decode(data)
    assert text == expected
    assert found == encoding


def test_latin_text_is_decoded_by_the_detector():
    text = "Le conseil s'est réuni à l'hôtel de ville. Les élus ont débattu du budget.\n" * 4
    decoded, encoding = decode(text.encode("cp1252"))
    assert "réuni" in decoded and encoding


@pytest.mark.parametrize("data", [
    b"\x00" * 1000,
    bytes(range(256)) * 20,
    b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
    b"%PDF-1.4\n" + bytes(range(256)) * 8,
    b"PK\x03\x04" + bytes(200),
    "王委员建议".encode() + b"\x00\x00\x00",
    b"abc\x01\x02\x03\x04def",
    b"\xff",
    codecs.BOM_UTF8 + b"\xff\xfe\xfa",
    SIMPLIFIED.encode("gbk") + SIMPLIFIED.encode("utf-8"),
    SIMPLIFIED.encode("utf-16-le") + b"\x00",
])
def test_undecodable_bytes_raise_decode_error(data):
    with pytest.raises(DecodeError):
        decode(data)


def test_random_bytes_never_raise_anything_but_decode_error():
    import random

    rng = random.Random(7)
    for _ in range(300):
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300)))
        try:
            text, encoding = decode(data)
        except DecodeError:
            continue
        assert isinstance(text, str) and encoding and "\x00" not in text


def test_read_file_errors_are_documents(tmp_path):
    binary = tmp_path / "a.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    doc = read_file(binary, "a.txt", "src/a.txt")
    assert doc.id == "a.txt" and doc.source == "src/a.txt" and doc.text is None
    assert doc.error.startswith("cannot decode")
    missing = read_file(tmp_path / "missing.txt", "missing.txt", "missing.txt")
    assert missing.error.startswith("cannot read file")
    big = tmp_path / "big.txt"
    big.write_text("王" * 101, encoding="utf-8")
    too_big = read_file(big, "big.txt", "big.txt", max_chars=100)
    assert too_big.error == "document too large: 101 chars (limit 100)" and too_big.encoding == "utf-8"
    ok = read_file(big, "big.txt", "big.txt", max_chars=101)
    assert ok.error is None and len(ok.text) == 101


def test_five_megabyte_single_line_page_is_within_the_default_limit(tmp_path):
    page = tmp_path / "page.txt"
    sentence = "政协委员建议加大科技创新力度，"
    data = (sentence * (5 * 1024 * 1024 // len(sentence.encode()) + 1)).encode("utf-8")
    assert len(data) > 5 * 1024 * 1024 and b"\n" not in data
    page.write_bytes(data)
    doc = read_file(page, "page.txt", "page.txt")
    assert doc.error is None and doc.encoding == "utf-8" and len(doc.text) == len(data) // 3
    assert read_file(page, "page.txt", "page.txt", max_chars=1_000_000).error.startswith("document too large")


def test_jsonl_lines_each_become_one_document(tmp_path):
    path = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "王委员建议。", "meta": {"k": 1}}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "b"}),
        json.dumps({"id": "c", "text": 42}),
        json.dumps(["a list"]),
        "",
        json.dumps({"text": ""}),
        json.dumps({"id": 7, "text": "第二\r\n行"}, ensure_ascii=False),
        json.dumps({"id": "big", "text": "王" * 11}),
    ]
    path.write_bytes(codecs.BOM_UTF8 + "\n".join(lines).encode("utf-8") + b"\n\xff\xfe{}\n")
    docs = list(read_jsonl(path, "in.jsonl", max_chars=10))
    got = [(d.id, d.text, bool(d.error)) for d in docs]
    assert got == [
        ("a", "王委员建议。", False),
        ("in.jsonl:2", None, True),
        ("b", None, True),
        ("c", None, True),
        ("in.jsonl:5", None, True),
        ("in.jsonl:7", "", False),
        ("7", "第二\n行", False),
        ("big", None, True),
        ("in.jsonl:10", None, True),
    ]
    assert docs[0].meta == {"k": 1}
    assert all(d.source == "in.jsonl" for d in docs)
    assert "not valid JSON" in docs[1].error and "no string field 'text'" in docs[2].error


def test_output_inside_an_input_folder_is_not_read(tmp_path):
    (tmp_path / "a.txt").write_text("王委员", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "x", "text": "y"}\n', encoding="utf-8")
    assert [d.id for d in iter_documents([tmp_path], exclude=[out])] == ["a.txt"]


def test_a_folders_readme_is_not_a_report_unless_named(tmp_path):
    (tmp_path / "a.txt").write_text("王委员", encoding="utf-8")
    (tmp_path / "README.md").write_text("# What this folder holds", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "readme.txt").write_text("notes", encoding="utf-8")
    (tmp_path / "sub" / "readme_meeting.txt").write_text("王委员建议", encoding="utf-8")
    assert [d.id for d in iter_documents([tmp_path])] == ["a.txt", "sub/readme_meeting.txt"]
    assert [d.id for d in iter_documents([tmp_path / "README.md"])] == ["README.md"]
