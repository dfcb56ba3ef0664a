"""The README's Python examples run as copied, without a single warning, and
what it says about the project agrees with the project.

The blocks run in order as one script, in a fresh interpreter with every
warning turned into an error (``PYTHONWARNINGS=error``, which the worker
processes of ``n_jobs`` inherit), importing this checkout's package.
"""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
# The extra that installs each optional package the examples import.
EXTRA_OF_PACKAGE = {
    "matplotlib": "plot",
    "dask": "dask",
    "dask_ml": "dask",
    "distributed": "dask",
}


def readme():
    return (ROOT / "README.md").read_text(encoding="utf-8")


def readme_python():
    return PYTHON_BLOCK.findall(readme())


def pyproject():
    tomllib = pytest.importorskip("tomllib", reason="tomllib needs Python 3.11+")
    path = ROOT / "pyproject.toml"
    if not path.exists():
        pytest.skip("pyproject.toml is not part of this installation")
    return tomllib.loads(path.read_text(encoding="utf-8"))


def paragraphs():
    return readme().split("\n\n")


def bullet(start):
    """The README's list item that starts with ``start``, its lines joined."""
    (item,) = re.findall(
        rf"^- {re.escape(start)}.*?(?=^- |^#|\Z)", readme(), re.S | re.M
    )
    return " ".join(item.split())


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


def test_readme_names_only_extras_that_exist():
    extras = set(pyproject()["project"]["optional-dependencies"])
    named = {
        extra
        for group in re.findall(r'"\.\[([\w,-]+)\]"', readme())
        for extra in group.split(",")
    }
    assert "test" in named and "test-core" in named
    assert named <= extras, named - extras


def test_readme_gives_the_torch_floor_of_pyproject():
    (floor,) = [
        r for r in pyproject()["project"]["dependencies"] if r.startswith("torch")
    ]
    assert f"`{floor}`" in readme()


def test_readme_fast_test_loop_uses_a_registered_marker():
    markers = pyproject()["tool"]["pytest"]["ini_options"]["markers"]
    assert 'python -m pytest -m "not slow"' in readme()
    assert any(marker.startswith("slow:") for marker in markers)


def test_readme_chooses_the_torch_build_before_the_commands_it_changes():
    text = readme()
    cpu_build = text.index("--index-url https://download.pytorch.org/whl/cpu")
    assert cpu_build < text.index("pip install . && python -m sksigmoidnet")
    assert cpu_build < text.index('pip install -e ".[test]" && python -m pytest')


def test_readme_explains_the_seed_notebook_where_it_first_names_it():
    (first,) = [p for p in paragraphs() if "seed notebook" in p][:1]
    assert "10,000 epochs" in first and "SGD(lr=1e-3)" in first


def test_readme_search_example_runs_in_one_process():
    # A search of a few seconds: worker processes would each import torch
    # again and take longer than the fits (the tuning guide's advice).
    code = "\n".join(readme_python())
    assert "n_jobs" not in re.sub(r"#.*", "", code)


def test_readme_names_the_extras_each_example_needs():
    examples = bullet("Examples:")
    for script in sorted((ROOT / "examples").glob("plot_*.py")):
        imported = set()
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
        extras = {EXTRA_OF_PACKAGE[p] for p in imported if p in EXTRA_OF_PACKAGE}
        for extra in extras:
            assert re.search(rf"\.\[[\w,]*\b{extra}\b[\w,]*\]", examples), extra
        if extras - {"plot"}:  # beyond what every example needs: named
            assert f"`{script.name}`" in examples, script.name
