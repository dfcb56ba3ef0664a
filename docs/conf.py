"""Sphinx configuration for the sksigmoidnet documentation.

The build is offline: no intersphinx inventories, no remote images. Warnings
are errors in CI (``python -m sphinx -W --keep-going -b html docs
docs/_build/html``), so the gallery examples must run cleanly.
"""

import os
import sys
from pathlib import Path

import sksigmoidnet

DOCS = Path(__file__).resolve().parent
# gallery_order.py, which sphinx-gallery imports by name, and the
# benchmark_tables extension.
sys.path.insert(0, str(DOCS))

project = "sksigmoidnet"
author = "The sksigmoidnet developers"
copyright = "the sksigmoidnet developers"  # noqa: A001 (Sphinx's name)
release = sksigmoidnet.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.viewcode",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    # The benchmark tables, from benchmarks/results/ (benchmark_tables.py).
    "benchmark_tables",
]

templates_path = ["_templates"]
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "**.ipynb_checkpoints"]
default_role = "literal"
# "fit()" rather than "SigmoidNetClassifier.fit()" in the page tables of contents.
toc_object_entries_show_parents = "hide"

# -- API reference ------------------------------------------------------------

autosummary_generate = True
autodoc_typehints = "none"
autodoc_default_options = {"members": True, "inherited-members": True}

# Methods inherited from scikit-learn's base classes are documented by
# scikit-learn; their docstrings cross-reference its own pages, which do not
# exist here. Keep the two every user needs.
_SKLEARN_METHODS_SHOWN = {"get_params", "set_params"}


def _skip_sklearn_members(app, what, name, obj, skip, options):
    module = getattr(obj, "__module__", None) or ""
    if module.startswith("sklearn.") and name not in _SKLEARN_METHODS_SHOWN:
        return True
    return None


def setup(app):
    app.connect("autodoc-skip-member", _skip_sklearn_members)


# The class template lists the methods itself; numpydoc's own member tables
# would point at pages that are never generated.
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False

# -- Example gallery ----------------------------------------------------------

# Gallery scripts run in this process: draw off screen.
os.environ.setdefault("MPLBACKEND", "Agg")

sphinx_gallery_conf = {
    "examples_dirs": str(DOCS.parent / "examples"),
    "gallery_dirs": "auto_examples",
    "filename_pattern": "plot_",
    "within_subsection_order": "gallery_order.StoryOrder",
    "doc_module": ("sksigmoidnet",),
    "backreferences_dir": "generated/backreferences",
    "remove_config_comments": True,
    "download_all_examples": False,
    "show_memory": False,
    # The timing pages load a table library from a CDN; the build log has the
    # same times.
    "write_computation_times": False,
    "plot_gallery": "True",
    "image_scrapers": ("matplotlib",),
    # Figures show the results; reprs of displays and legends would be noise.
    "capture_repr": (),
}

# -- HTML ---------------------------------------------------------------------

html_theme = "pydata_sphinx_theme"
html_title = f"sksigmoidnet {release}"
html_static_path = ["_static"]
html_css_files = ["custom.css"]
html_show_sourcelink = False
html_theme_options = {
    "navbar_align": "left",
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
    "secondary_sidebar_items": ["page-toc"],
}
html_sidebars = {"index": [], "getting_started": []}
