"""The published benchmark figures come from the stored results, and only there.

``benchmarks/results/`` holds the records that ``benchmarks/run.py --csv``
wrote. The documentation builds its tables from those files when it is built
(``docs/benchmark_tables.py``), and ``python benchmarks/records.py --readme``
writes the README's. These tests check that the tables show the stored values,
that the README's blocks are those its stored runs give, and that no page
types a figure that a stored run holds. They read files only: the benchmark's
measuring code runs in ``test_benchmark_script.py``.
"""

import csv
import importlib.util
import math
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "benchmarks"
RESULTS = BENCHMARKS / "results"
DOCS = ROOT / "docs"
DIRECTIVE = re.compile(
    r"^\.\. (benchmark-table|benchmark-run):: (\S+)\n((?:[ \t]+:\w+:.*\n)*)", re.M
)


def _module(name, path):
    if not path.parent.is_dir():
        pytest.skip(f"{path.parent.name}/ is not part of this installation")
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="module")
def records():
    # The name the documentation's extension imports it under.
    return _module("sksigmoidnet_benchmark_records", BENCHMARKS / "records.py")


def stored_files():
    return sorted(RESULTS.glob("*.csv")) if RESULTS.is_dir() else []


def raw_rows(path):
    """The CSV's rows as dicts of strings, read without ``records``."""
    with open(path, newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def pages():
    """The documentation's pages, if this installation has them."""
    found = sorted(DOCS.glob("*.rst")) + sorted(DOCS.glob("user_guide/*.rst"))
    if not (DOCS / "user_guide").is_dir():
        pytest.skip(
            "docs/ is not part of this installation (an sdist has api.rst only)"
        )
    return [page for page in found if page.name != "api.rst"]


def directives():
    """(page, directive, file, options) of every benchmark directive."""
    found = []
    for page in pages():
        for kind, name, options in DIRECTIVE.findall(page.read_text(encoding="utf-8")):
            pairs = re.findall(r":(\w+):[ \t]*(.*)", options)
            found.append((page.name, kind, name, {k: v.strip() for k, v in pairs}))
    return found


def cell(table, row_name, column):
    (row,) = [cells for cells in table.rows if cells[0] == row_name]
    return row[table.header.index(column)]


def test_runs_are_stored_for_the_pages(records):
    names = {path.name for path in stored_files()}
    readme_runs = {file for file, _ in records.README_BLOCKS.values()}
    assert readme_runs <= names, f"{sorted(readme_runs - names)} not in {RESULTS}"


@pytest.mark.parametrize("path", stored_files(), ids=lambda path: path.name)
def test_a_stored_run_says_how_when_and_on_what_it_was_measured(records, path):
    run = {r["quantity"]: r["value"] for r in raw_rows(path) if r["part"] == "run"}
    for field in ("date", "command", "cpu", "cores", "torch", "scikit-learn"):
        assert run.get(field), f"{path.name} does not store its {field}"
    text = records.how_measured(records.read_results(path))
    for field in ("date", "command", "cpu", "torch", "scikit-learn"):
        assert run[field] in text


@pytest.mark.parametrize("path", stored_files(), ids=lambda path: path.name)
def test_tables_show_the_stored_values(records, path):
    results = records.read_results(path)
    rows = [r for r in raw_rows(path) if r["part"] != "run"]
    value = {
        (r["part"], r["regime"], r["case"], r["variant"], r["model"], r["quantity"]): (
            r["value"]
        )
        for r in rows
    }
    checked = 0
    for r in rows:
        part, regime, case, variant, model = (
            r["part"],
            r["regime"],
            r["case"],
            r["variant"],
            r["model"],
        )
        if part == "training" and r["quantity"] == "time":
            table = records.table(results, "training", regime)
            assert cell(table, case, model) == f"{float(r['value']):.3g}"
            ours = float(value[part, regime, case, "", "SigmoidNet", "time"])
            if model != "SigmoidNet":
                expected = f"{float(r['value']) / ours:.2f}x"
                assert cell(table, case, f"faster than {model}") == expected
        elif part == "search" and r["quantity"] == "whole process":
            alone = float(value[part, regime, case, variant, model, "search alone"])
            table = records.table(results, "search", regime)
            expected = f"{float(r['value']):.1f} s ({alone:.1f} s)"
            assert cell(table, case, f"{model} {variant}") == expected
        elif part == "cold-start" and r["quantity"] == "time":
            table = records.table(results, "cold-start")
            assert cell(table, case, model) == f"{float(r['value']):.2f} s"
        elif part == "unscaled" and r["quantity"] == "accuracy":
            table = records.table(results, "unscaled")
            column = f"{model} accuracy"
            assert cell(table, case, column) == f"{float(r['value']):.3f}"
        elif part == "learning" and r["quantity"] == "accuracy":
            # the mean over the problem's data seeds
            scores = [
                float(v)
                for (p, g, c, _, m, q), v in value.items()
                if (p, g, c, m, q) == (part, regime, case, model, "accuracy")
            ]
            suite = value[part, "", case, "", "", "suite"]
            table = records.table(results, f"learning-{suite.replace(' ', '-')}")
            assert cell(table, case, model) == f"{sum(scores) / len(scores):.3f}"
        elif part == "learning-search" and r["quantity"] == "best score":
            # SigmoidNet's grids in the columns 2 and 3, the other's in 4 and 5
            grid, score = (2, 3) if model == "SigmoidNet" else (4, 5)
            name = variant if model == "SigmoidNet" else f"{model} {variant}"
            table = records.table(results, "learning-search")
            shown = [
                cells[score]
                for cells in table.rows
                if cells[0] == case and cells[grid].startswith(f"{name}: ")
            ]
            assert shown, (case, variant, model)
            assert all(s.startswith(f"{float(r['value']):.3f} ") for s in shown)
        else:
            continue
        checked += 1
    assert checked, f"{path.name} holds no value of any table"


@pytest.mark.parametrize("path", stored_files(), ids=lambda path: path.name)
def test_tables_read_from_a_file_are_those_of_the_records_written(
    records, path, tmp_path
):
    # run.py prints its tables from the records in memory and writes them to
    # the file the documentation reads: both must give the same tables, full
    # precision or not.
    def blurred(record):
        if isinstance(record.value, float):
            return records.Record(
                **{**record.__dict__, "value": record.value * (1 + math.pi * 1e-9)}
            )
        return record

    in_memory = records.Results(
        [blurred(r) for r in records.read_results(path).records]
    )
    records.write_results(tmp_path / "copy.csv", in_memory.records)
    from_file = records.read_results(tmp_path / "copy.csv")
    assert from_file.run == in_memory.run
    for kind in records.TABLES:
        for regime in records.REGIMES:
            expected = records.table(in_memory, kind, regime)
            assert records.table(from_file, kind, regime) == expected, kind


@pytest.mark.parametrize("path", stored_files(), ids=lambda path: path.name)
def test_a_table_of_every_regime_holds_each_regimes_rows(records, path):
    results = records.read_results(path)
    for name in ("training", "search"):
        each = {r: records.table(results, name, r) for r in records.REGIMES}
        every = records.table(results, name)
        assert every.rows == [
            [regime, *cells] for regime, shown in each.items() for cells in shown.rows
        ]
        headers = [["regime", *shown.header] for shown in each.values() if shown.rows]
        assert all(header == every.header for header in headers)


def test_reading_refuses_a_file_in_another_format(records, tmp_path):
    path = tmp_path / "results.csv"
    path.write_text("threads,case,model,ms_per_epoch\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not a file that benchmarks/run.py"):
        records.read_results(path)


def test_the_docs_show_the_tables_the_stored_runs_give(records):
    extension = _module(
        "sksigmoidnet_docs_benchmark_tables", DOCS / "benchmark_tables.py"
    )
    used = directives()
    assert {kind for _, kind, _, _ in used} == {"benchmark-run", "benchmark-table"}
    for page, kind, name, options in used:
        assert (RESULTS / name).is_file(), f"{page} names {name}, which is not stored"
        if kind == "benchmark-run":
            continue
        results = records.read_results(RESULTS / name)
        table = records.table(results, options.get("table"), options.get("regime"))
        assert table.rows, f"{page}: {name} has no rows for {options}"
        node = extension.table_node(table)
        shown = [
            [entry.astext() for entry in row]
            for row in node.findall(lambda n: n.tagname == "row")
        ]
        assert shown == [table.header, *table.rows], (page, options)


def test_readme_blocks_are_those_their_stored_runs_give(records):
    # Fails when a README table is edited by hand, or when a stored run
    # changes and `python benchmarks/records.py --readme` was not run.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert records.with_readme_blocks(readme) == readme, (
        "run `python benchmarks/records.py --readme`"
    )
    # A line typed into a block is written over.
    end = readme.index("<!-- end of learning -->")
    edited = f"{readme[:end]}| typed | by hand |\n{readme[end:]}"
    assert records.with_readme_blocks(edited) == readme


def test_records_prints_a_stored_runs_tables(records, capsys):
    path = RESULTS / records.README_BLOCKS["per-epoch"][0]
    records.main([str(path)])
    printed = capsys.readouterr().out
    results = records.read_results(path)
    assert printed.startswith(records.how_measured(results))
    for name, spec in records.TABLES.items():
        table = records.table(results, name)
        shown = f"## {spec.title}\n\n{records.markdown(table)}"
        assert (shown in printed) == bool(table.rows), name


def published_figures(records):
    """The figures of every stored run's tables that prose could copy and
    nothing else would write alike: ratios ("1.64x", "1.64 times") and times
    with two decimals or a unit ("2.90 s", "5.46 ms"). Accuracies and one-decimal
    seconds are left out: independent measurements share them (0.973 is both
    an accuracy on raw digits and an early-stopping figure)."""
    figures = set()
    for path in stored_files():
        results = records.read_results(path)
        for kind in records.TABLES:
            for regime in records.REGIMES:
                table = records.table(results, kind, regime)
                for cells in table.rows:
                    for text in cells:
                        for ratio in re.findall(r"\d+\.\d\dx", text):
                            figures |= {ratio, ratio.replace("x", " times")}
                        figures |= set(re.findall(r"\d+\.\d\d s\b", text))
        for r in results.records:
            if r.quantity == "time" and r.unit[:2] in ("ms", "us"):
                figures.add(f"{r.value:.3g} {r.unit[:2]}")
    return figures


def prose():
    """(name, text) of every page a figure could be copied into; the README's
    written blocks left out."""
    texts = [(page.name, page.read_text(encoding="utf-8")) for page in pages()]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    readme = re.sub(
        r"<!-- (\S+): written by .*?<!-- end of \1 -->", "", readme, flags=re.S
    )
    texts.append(("README.md", readme))
    for name in ("CONTRIBUTING.md", "benchmarks/README.md"):
        if (ROOT / name).exists():
            texts.append((name, (ROOT / name).read_text(encoding="utf-8")))
    return texts


# Figures of other measurements that happen to equal one of a stored run:
# (page, figure) -> what the page's figure is.
COINCIDENCES = {
    ("performance.rst", "0.74 times"): "prediction.py's range, 0.44 to 0.74 times",
}


def test_no_page_types_a_figure_that_a_stored_run_holds(records):
    figures = published_figures(records)
    assert len(figures) > 50  # the check has something to look for
    copied = [
        (name, figure)
        for name, text in prose()
        for figure in sorted(figures)
        if re.search(rf"(?<![\d.]){re.escape(figure)}(?![\d])", " ".join(text.split()))
        and (name, figure) not in COINCIDENCES
    ]
    assert not copied, (
        "figures of benchmarks/results/ typed into pages: show them with the "
        f"benchmark-table directive or the README's written blocks: {copied}"
    )
