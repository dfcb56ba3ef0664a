"""Sphinx directives that build the benchmark tables from the stored results.

Every measured figure of the performance pages comes from a CSV file in
``benchmarks/results/`` that ``benchmarks/run.py --csv`` wrote, through the
table builders of ``benchmarks/records.py`` (the same ones that print the
script's Markdown). A page names the run and the table::

    .. benchmark-run:: 2026-11-27.csv

    .. benchmark-table:: 2026-11-27.csv
       :table: training
       :regime: default threads

``benchmark-run`` writes how, when and on what machine the run was made, as
stored with its records; ``benchmark-table`` writes one table (``:table:`` is
a key of ``records.TABLES``, ``:regime:`` one of ``records.REGIMES`` for the
tables of one regime). A page is rebuilt when its CSV file changes.
"""

import importlib.util
import re
import sys
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
RECORDS_MODULE = "sksigmoidnet_benchmark_records"


def load_records():
    """``benchmarks/records.py``, imported by its path: the benchmarks folder
    is not a package, and putting it on ``sys.path`` would let its modules
    (``report``, ``sizes``...) shadow others during the build."""
    if RECORDS_MODULE not in sys.modules:
        path = BENCHMARKS / "records.py"
        spec = importlib.util.spec_from_file_location(RECORDS_MODULE, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[RECORDS_MODULE] = module
        spec.loader.exec_module(module)
    return sys.modules[RECORDS_MODULE]


def _text_with_literals(text):
    """Inline nodes of ``text``, its backquoted parts as literals."""
    parts = re.split(r"`([^`]*)`", text)
    return [
        nodes.literal(part, part) if index % 2 else nodes.Text(part)
        for index, part in enumerate(parts)
        if part
    ]


def table_node(table):
    """A docutils table of a ``records.Table``; cells are plain text."""
    n_columns = len(table.header)
    group = nodes.tgroup(cols=n_columns)
    group += [nodes.colspec(colwidth=1) for _ in range(n_columns)]

    def row(cells):
        line = nodes.row()
        for cell in cells:
            line += nodes.entry("", nodes.paragraph("", str(cell)))
        return line

    group += nodes.thead("", row(table.header))
    group += nodes.tbody("", *(row(cells) for cells in table.rows))
    return nodes.table("", group, classes=["benchmark-table"])


class _StoredRunDirective(SphinxDirective):
    required_arguments = 1  # the CSV file's name in benchmarks/results/

    def results(self):
        records = load_records()
        path = records.RESULTS / self.arguments[0]
        if not path.is_file():
            raise self.error(
                f"no stored benchmark results {path}: name a file of "
                f"{records.RESULTS} (benchmarks/run.py --csv writes them)"
            )
        self.env.note_dependency(str(path))
        self.env.note_dependency(str(BENCHMARKS / "records.py"))
        return records.read_results(path)


class BenchmarkRun(_StoredRunDirective):
    """How, when and on what machine a stored run was made."""

    def run(self):
        text = load_records().how_measured(self.results())
        return [nodes.paragraph("", "", *_text_with_literals(text))]


class BenchmarkTable(_StoredRunDirective):
    """One table of a stored run."""

    option_spec = {
        "table": directives.unchanged_required,
        "regime": directives.unchanged,
    }

    def run(self):
        records = load_records()
        results = self.results()
        try:
            table = records.table(
                results, self.options.get("table"), self.options.get("regime")
            )
        except ValueError as error:
            raise self.error(str(error)) from None
        if not table.rows:
            raise self.error(
                f"{self.arguments[0]} holds no rows for the table "
                f"{self.options.get('table')!r} {self.options.get('regime') or ''}"
            )
        return [table_node(table)]


def setup(app):
    app.add_directive("benchmark-run", BenchmarkRun)
    app.add_directive("benchmark-table", BenchmarkTable)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
