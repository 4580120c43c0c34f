"""The annotate command's contract: exit 0 / 1 / 2, one clear stderr line per failure, nothing noisy."""

from __future__ import annotations

import json

import pytest

from pipeline.__main__ import main


def _write(path, data: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("args", "message"), [
    (["annotate", "{tmp}/nope", "-o", "{tmp}/o.jsonl"], "error: input not found"),
    (["annotate", "{tmp}/in", "-o", "{tmp}/o.jsonl", "--workers", "0"], "error: --workers must be at least 1"),
    (["annotate", "{tmp}/in", "-o", "{tmp}/o.jsonl", "--max-chars", "0"], "error: --max-chars must be at least 1"),
    (["annotate", "{tmp}/in", "-o", "{tmp}"], "error: output is a folder"),
    (["annotate", "{tmp}/in/a.txt", "-o", "{tmp}/in/a.txt"], "is also one of the inputs"),
    (["annotate", "{tmp}/in", "-o", "{tmp}/o.jsonl", "--themes", "{tmp}/none.json"], "error: themes file not found"),
    (["annotate", "{tmp}/in", "-o", "{tmp}/o.jsonl", "--workers", "many"], "invalid int value"),
    (["annotate", "{tmp}/in"], "required: -o/--output"),
])
def test_bad_arguments_exit_2_with_one_line(tmp_path, capsys, args, message):
    _write(tmp_path / "in" / "a.txt", "王委员建议".encode())
    assert _exit_code([a.format(tmp=tmp_path) for a in args]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert (tmp_path / "in" / "a.txt").read_bytes() == "王委员建议".encode()


def _exit_code(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exc:  # argparse's own errors
        return exc.code


def test_failures_exit_1_with_one_stderr_line_each(tmp_path, capsys):
    _write(tmp_path / "in" / "a.txt", "王委员建议加大科技创新力度。".encode())
    _write(tmp_path / "in" / "b.txt", b"\x00\x01\x02\x03" * 100)
    _write(tmp_path / "in" / "c.jsonl", b'{"id": "multi\\nline", "text": 5}\n{bad\n')
    out = tmp_path / "out.jsonl"
    assert main(["annotate", str(tmp_path / "in"), "-o", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert [line.split(":")[0] for line in err] == ["error", "error", "error", "annotated 4 documents (3 failed) -> "
                                                     f"{out}".split(":")[0]]
    assert err[0].startswith("error: b.txt: cannot decode: binary file")
    assert err[1].startswith("error: multi line: line 1: no string field 'text'")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records][:3] == ["a.txt", "b.txt", "multi\nline"]
    # resuming a finished run with failures still exits 1 and names them again
    assert main(["annotate", str(tmp_path / "in"), "-o", str(out), "--resume"]) == 1
    assert len([line for line in capsys.readouterr().err.splitlines() if line.startswith("error: ")]) == 3


def test_clean_run_exits_0_quietly(tmp_path, capsys):
    _write(tmp_path / "in" / "a.txt", "王委员建议加大科技创新力度。".encode())
    _write(tmp_path / "in" / "empty.txt", b"")
    out = tmp_path / "o" / "out.jsonl"
    assert main(["annotate", str(tmp_path / "in"), "-o", str(out)]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("annotated 2 documents (0 failed)")


def test_output_inside_input_folder_is_not_read_back(tmp_path, capsys):
    _write(tmp_path / "in" / "a.txt", "王委员建议。".encode())
    out = tmp_path / "in" / "out.jsonl"
    assert main(["annotate", str(tmp_path / "in"), "-o", str(out)]) == 0
    assert main(["annotate", str(tmp_path / "in"), "-o", str(out), "--resume"]) == 0
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["a.txt"]
