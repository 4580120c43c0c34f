"""Derive the small THUOCL-based lexicons under ``models/lexicons/thuocl`` from ``../shared/data/thuocl``.

Run by ``make lexicons``. The derived files are committed (a few hundred KB) so that the pipeline
works without ``../shared``; THUOCL's MIT licence is copied beside them.
"""

from __future__ import annotations

import shutil
import sys

from .resources import DEFAULT_MODELS_DIR, shared_dir

# name -> (minimum document frequency, keep only words that end in one of these characters)
SELECTION = {
    "THUOCL_diming.txt": (50, "省市县区州"),
    "THUOCL_chengyu.txt": (0, ""),
    "THUOCL_lishimingren.txt": (500, ""),
}


def main() -> int:
    src = shared_dir() / "data" / "thuocl"
    dst = DEFAULT_MODELS_DIR / "lexicons" / "thuocl"
    if not src.exists():
        print(f"error: {src} not found (set ZHMEET_SHARED to the shared folder)", file=sys.stderr)
        return 2
    dst.mkdir(parents=True, exist_ok=True)
    shutil.copy(src / "LICENSE", dst / "LICENSE")
    for name, (min_freq, endings) in SELECTION.items():
        text = (src / name).read_text(encoding="utf-8-sig").replace("\r", "\n")
        kept = []
        for line in text.splitlines():
            parts = line.split()
            if len(parts) < 2 or not parts[1].isdigit():
                continue
            word, freq = parts[0], int(parts[1])
            if freq >= min_freq and (not endings or word[-1] in endings):
                kept.append(f"{word}\t{freq}")
        (dst / name).write_text("\n".join(kept) + "\n", encoding="utf-8")
        print(f"{name}: kept {len(kept)} entries")
    (dst / "README.md").write_text(
        "Derived from THUOCL (Tsinghua Open Chinese Lexicon, MIT licence, see LICENSE) by "
        "`make lexicons` (pipeline/build_lexicons.py): place names ending in 省/市/县/区/州 with "
        "document frequency >= 50, all idioms, historical figures with frequency >= 500.\n",
        encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
