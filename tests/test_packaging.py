"""What the package says about itself: where its documentation is, in the
HTML repr of notebooks and in its metadata, and that it ships type information.
"""

import importlib.resources
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sklearn
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils import estimator_html_repr

from sksigmoidnet import SigmoidNetClassifier

ROOT = Path(__file__).resolve().parents[1]
CLASS_DOC_LINK = re.compile(
    r'<a class="sk-estimator-doc-link[^"]*"[^>]*href="([^"]+)"[^>]*>'
    r"\?<span>Documentation for SigmoidNetClassifier</span>"
)


def pyproject():
    """The ``[project]`` table of the checkout's pyproject.toml (also in the
    sdist); skips where it cannot be read."""
    tomllib = pytest.importorskip("tomllib", reason="tomllib needs Python 3.11+")
    path = ROOT / "pyproject.toml"
    if not path.exists():
        pytest.skip("pyproject.toml is not part of this installation")
    return tomllib.loads(path.read_text(encoding="utf-8"))["project"]


def class_doc_link(html):
    links = CLASS_DOC_LINK.findall(html)
    assert len(links) == 1, "no documentation link for SigmoidNetClassifier"
    return links[0]


def api_page():
    """The API page of SigmoidNetClassifier on the documentation site that
    pyproject.toml names, as docs/api.rst generates it."""
    site = pyproject()["urls"]["Documentation"]
    api = (ROOT / "docs" / "api.rst").read_text(encoding="utf-8")
    assert ".. currentmodule:: sksigmoidnet" in api
    estimator_section = api.split("Estimator\n=========")[1].split("\n\n\n")[0]
    assert ":toctree: generated/" in estimator_section
    assert "SigmoidNetClassifier" in estimator_section
    return f"{site.rstrip('/')}/generated/sksigmoidnet.SigmoidNetClassifier.html"


def test_html_repr_links_the_class_to_its_api_page():
    html = estimator_html_repr(SigmoidNetClassifier())
    assert class_doc_link(html) == api_page()


def test_html_repr_of_a_pipeline_links_each_step_to_its_own_documentation():
    html = estimator_html_repr(make_pipeline(StandardScaler(), SigmoidNetClassifier()))
    assert class_doc_link(html) == api_page()
    assert "sklearn.preprocessing.StandardScaler.html" in html


def test_html_repr_links_every_parameter_to_its_description():
    if "param-doc-link" not in estimator_html_repr(MLPClassifier()):
        pytest.skip(
            f"scikit-learn {sklearn.__version__} links no parameter to its "
            "documentation in the HTML repr (newer releases do)"
        )
    model = SigmoidNetClassifier(hidden_layer_sizes=(8,), momentum=0.5)
    html = estimator_html_repr(model)
    page = class_doc_link(html)
    linked = set(re.findall(rf'href="{re.escape(page)}#:~:text=(\w+),', html))
    assert linked == set(model.get_params())


def test_package_ships_type_information():
    # PEP 561: type checkers read an installed package's annotations only when
    # it carries this marker file.
    assert importlib.resources.files("sksigmoidnet").joinpath("py.typed").is_file()


def test_project_metadata_names_its_pages_and_the_pythons_it_allows():
    project = pyproject()
    source = "https://github.com/sksigmoidnet/sksigmoidnet"
    assert project["urls"]["Source"] == source
    assert project["urls"]["Issues"] == f"{source}/issues"
    assert project["urls"]["Changelog"].startswith(source)
    assert project["urls"]["Changelog"].endswith("/CHANGELOG.md")
    assert (ROOT / "CHANGELOG.md").exists()

    minimum = re.fullmatch(r">=3\.(\d+)", project["requires-python"]).group(1)
    pythons = sorted(
        int(c.rsplit(".", 1)[1])
        for c in project["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    )
    assert pythons[0] == int(minimum)
    assert pythons == list(range(pythons[0], pythons[-1] + 1))
    assert "Operating System :: OS Independent" in project["classifiers"]
    # The license is an SPDX expression, which replaces the license classifiers
    # (PEP 639 deprecates them; setuptools refuses the two together).
    assert project["license"] == "BSD-3-Clause"
    assert not [c for c in project["classifiers"] if c.startswith("License ::")]


def test_ci_and_the_test_extra_use_one_ruff():
    ruff = [r for r in pyproject()["optional-dependencies"]["test"] if "ruff" in r]
    assert len(ruff) == 1 and re.fullmatch(r"ruff==[\d.]+", ruff[0]), ruff
    ci = ROOT / ".ci" / "run"
    if ci.exists():  # not in the sdist
        assert "ruff==" not in ci.read_text(encoding="utf-8")


def test_floors_file_pins_every_floor_of_pyproject():
    script = ROOT / ".ci" / "check_floors.py"
    if not script.exists():
        pytest.skip(".ci/ is not part of this installation (sdist)")
    pytest.importorskip("packaging", reason="check_floors.py reads requirements")
    pyproject()  # skips where tomllib or pyproject.toml is missing
    completed = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
