"""Command line: ``python -m pipeline annotate INPUT [INPUT ...] -o OUT.jsonl`` and the other commands."""

from __future__ import annotations

import argparse
import sys

from .io import DEFAULT_MAX_CHARS


class Parser(argparse.ArgumentParser):
    def error(self, message):  # bad arguments: one clear line, exit 2
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m pipeline",
                    description="Annotate Chinese political-meeting reports (people, organisations, titles, "
                                "policy terms, speakers, proposals, themes) into JSONL.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    p = sub.add_parser("annotate", help="annotate files, folders or JSONL into one JSONL file",
                       description="Annotate every input document and write one JSON record per document "
                                   "(see SPEC.md). Folders are read recursively for *.txt, *.md and *.jsonl (a README.* "
                                   "file in a folder is skipped).")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="a file, a folder, or a JSONL file with a 'text' field")
    p.add_argument("-o", "--output", required=True, metavar="OUT.jsonl", help="where to write the records")
    p.add_argument("--segmenter", choices=["jieba", "pkuseg"], default="jieba",
                   help="word segmenter: jieba (default, fast) or pkuseg (our model; build it with `make models`)")
    p.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes (default 1)")
    p.add_argument("--engine", choices=["local", "dask"], default="local",
                   help="local processes (default) or a Dask cluster (needs --scheduler)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786")
    p.add_argument("--themes", metavar="FILE", help="JSON file of default themes (replaces models/themes/default.json)")
    p.add_argument("--resume", action="store_true",
                   help="continue an interrupted run: keep the whole records already in OUT.jsonl")
    p.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS, metavar="N",
                   help=f"documents longer than this become error records (default {DEFAULT_MAX_CHARS})")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="show a progress bar (default: only when stderr is a terminal)")
    p.set_defaults(func=cmd_annotate)
    e = sub.add_parser("eval", help="score annotated JSONL against gold annotations",
                       description="Score OUT.jsonl against *.gold.json files: entity P/R/F1, speakers, "
                                   "proposals, theme accuracy and speaker attribution.")
    e.add_argument("output", metavar="OUT.jsonl")
    e.add_argument("gold", nargs="+", metavar="GOLD_DIR", help="folders of *.gold.json files")
    e.add_argument("--splits", metavar="FILE", help="splits.json: also print one table per split")
    e.add_argument("--json", action="store_true", help="print the scores as JSON")
    e.set_defaults(func=cmd_eval)
    try:
        from . import export
    except ImportError:
        export = None
    if export is not None and hasattr(export, "add_subcommands"):
        export.add_subcommands(sub)
    from .discover import add_subcommand as add_themes_subcommand

    add_themes_subcommand(sub)
    return parser


def cmd_annotate(args) -> int:
    from pathlib import Path

    from .run import Settings, run

    if args.workers < 1:
        print("error: --workers must be at least 1", file=sys.stderr)
        return 2
    if args.themes and not Path(args.themes).is_file():
        print(f"error: themes file not found: {args.themes}", file=sys.stderr)
        return 2
    for item in args.inputs:
        if not Path(item).exists():
            print(f"error: input not found: {item}", file=sys.stderr)
            return 2
    if args.max_chars < 1:
        print("error: --max-chars must be at least 1", file=sys.stderr)
        return 2
    out = Path(args.output)
    if out.is_dir():
        print(f"error: output is a folder, not a file: {args.output}", file=sys.stderr)
        return 2
    if any(Path(item).resolve() == out.resolve() for item in args.inputs):
        # named as an input it would be truncated, then read back (inside an input folder it is skipped)
        print(f"error: the output {args.output} is also one of the inputs; write it elsewhere", file=sys.stderr)
        return 2
    settings = Settings(args.segmenter, args.themes, args.max_chars)
    if args.segmenter == "pkuseg":
        from .stages.segment import check_pkuseg_model

        problem = check_pkuseg_model()
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            return 2
    if args.engine == "dask":
        try:
            from .dask_engine import run_dask
        except ImportError as exc:
            print(f"error: the dask engine needs `pip install .[dask]` ({exc})", file=sys.stderr)
            return 2
        if not args.scheduler:
            print("error: --engine dask needs --scheduler ADDRESS", file=sys.stderr)
            return 2
        total, failures = run_dask(args.inputs, args.output, settings, args.scheduler, resume=args.resume)
    else:
        total, failures = run(args.inputs, args.output, settings, args.workers, args.resume, args.progress)
    print(f"annotated {total} documents ({failures} failed) -> {args.output}", file=sys.stderr)
    code = 1 if failures else 0
    if _EXIT_WITHOUT_TEARDOWN and args.engine == "local":
        _exit(code)
    return code


# Set when run as ``python -m pipeline``, never when main() is called in a process that goes on.
_EXIT_WITHOUT_TEARDOWN = False


def _exit(code: int) -> None:
    """End the process now. Once a local annotate run is over (records written, fsynced and closed, worker
    processes joined), tearing down the interpreter only frees the pipeline's heap (spaCy's vocabulary,
    patterns, lexicons) object by object: ~0.25 s for nothing."""
    import os

    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def cmd_eval(args) -> int:
    from .evaluate import main as eval_main

    return eval_main(args)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except (OSError, RuntimeError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, (FileNotFoundError, ValueError)) else 1


if __name__ == "__main__":
    _EXIT_WITHOUT_TEARDOWN = True
    sys.exit(main())
