"""Sphinx directives that show stored benchmark runs.

A page names the run (a CSV file of ``benchmarks/results/``) and the table::

    .. benchmark-run:: 2026-11-27.csv

    .. benchmark-table:: 2026-11-27.csv
       :table: training
       :regime: default threads

``benchmark-run`` says how, when and on what the run was made;
``benchmark-table`` shows one table of ``benchmarks/records.py``'s ``TABLES``,
of one ``:regime:`` or, without it, of every regime. A page is rebuilt when
its run changes; the build fails on a run that is not stored, or a table
without rows.
"""

import importlib.util
import re
import sys
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

RECORDS = Path(__file__).resolve().parents[1] / "benchmarks" / "records.py"
RECORDS_MODULE = "sksigmoidnet_benchmark_records"


def load_records():
    """``benchmarks/records.py``, imported by its path (the benchmarks folder
    on ``sys.path`` would let its modules shadow others during the build)."""
    if RECORDS_MODULE not in sys.modules:
        spec = importlib.util.spec_from_file_location(RECORDS_MODULE, RECORDS)
        sys.modules[RECORDS_MODULE] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[RECORDS_MODULE])
    return sys.modules[RECORDS_MODULE]


def table_node(table):
    """Build the docutils table of a rendered table.

    Parameters
    ----------
    table : records.Table
        Its header and rows; the cells are plain text.

    Returns
    -------
    docutils.nodes.table
        The table, of class ``benchmark-table``.
    """
    group = nodes.tgroup(cols=len(table.header))
    group += [nodes.colspec(colwidth=1) for _ in table.header]

    def row(cells):
        return nodes.row("", *(nodes.entry("", nodes.paragraph("", c)) for c in cells))

    group += nodes.thead("", row(table.header))
    group += nodes.tbody("", *(row(cells) for cells in table.rows))
    return nodes.table("", group, classes=["benchmark-table"])


class BenchmarkRun(SphinxDirective):
    """How, when and on what a stored run was made (its command as code)."""

    required_arguments = 1  # the CSV file's name in benchmarks/results/

    def results(self):
        records = load_records()
        path = records.RESULTS / self.arguments[0]
        if not path.is_file():
            raise self.error(f"no stored benchmark run {path}")
        self.env.note_dependency(str(path))
        self.env.note_dependency(str(RECORDS))
        return records.read_results(path)

    def run(self):
        parts = re.split(r"`([^`]*)`", load_records().how_measured(self.results()))
        inline = [
            nodes.literal(part, part) if index % 2 else nodes.Text(part)
            for index, part in enumerate(parts)
            if part
        ]
        return [nodes.paragraph("", "", *inline)]


class BenchmarkTable(BenchmarkRun):
    """One table of a stored run."""

    option_spec = {
        "table": directives.unchanged_required,
        "regime": directives.unchanged,
    }

    def run(self):
        name, regime = self.options.get("table"), self.options.get("regime")
        try:
            table = load_records().table(self.results(), name, regime)
        except ValueError as error:
            raise self.error(str(error)) from None
        if not table.rows:
            raise self.error(f"{self.arguments[0]} has no rows for {name} {regime}")
        return [table_node(table)]


def setup(app):
    app.add_directive("benchmark-run", BenchmarkRun)
    app.add_directive("benchmark-table", BenchmarkTable)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
