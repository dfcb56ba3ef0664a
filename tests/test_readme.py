"""The README's Python examples run as copied, without a single warning.

The blocks run in order as one script, in a fresh interpreter with every
warning turned into an error (``PYTHONWARNINGS=error``, which the worker
processes of ``n_jobs`` inherit), importing this checkout's package.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def readme_python():
    return PYTHON_BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8"))


def test_readme_has_python_examples():
    assert len(readme_python()) >= 1


@pytest.mark.slow
def test_readme_python_runs_without_warnings(tmp_path):
    script = tmp_path / "readme_example.py"
    script.write_text("\n".join(readme_python()), encoding="utf-8")
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    completed = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": path, "PYTHONWARNINGS": "error"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stderr
    assert "Warning" not in completed.stderr, completed.stderr
