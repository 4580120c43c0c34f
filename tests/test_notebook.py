"""The quickstart notebook runs top to bottom, as a newcomer would run it from a plain checkout."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "quickstart.ipynb"


@pytest.mark.skipif(
    importlib.util.find_spec("ipykernel") is None,
    reason="ipykernel is not installed: pip install -e '.[dev]'",
)
def test_quickstart_notebook_runs(tmp_path):
    import nbclient
    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    # A kernel on this very interpreter (the venv), whatever kernels the machine has registered.
    spec = tmp_path / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "Python 3", "language": "python"})
    )
    km = KernelManager(
        kernel_name="python3", kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(spec.parent)])
    )

    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(
        nb, km=km, timeout=600, resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    ).execute()

    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    shown = "".join(
        str(o.get("text", "")) + "".join(map(str, (o.get("data") or {}).values())) for o in outputs
    )
    assert "PERSON" in shown  # the spans were listed
    assert "<svg" in shown  # the theme chart was drawn
    assert "丁世忠" in shown  # a speaker of the seed article was found
