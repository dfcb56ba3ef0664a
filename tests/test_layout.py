"""The rules of the package's layout that no linter checks (issue 27).

- torch is imported by the modules of ``sksigmoidnet._engine`` and by no
  other module, so that the engine is the one door to it;
- no function takes more than five positional arguments: what a fit needs
  travels in a description, not argument by argument.
"""

import ast
from pathlib import Path

import sksigmoidnet

PACKAGE = Path(sksigmoidnet.__file__).parent
ENGINE = PACKAGE / "_engine"
MAX_POSITIONAL = 5


def _modules():
    return sorted(PACKAGE.rglob("*.py"))


def _imports_torch(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        else:
            continue
        if any(name.split(".")[0] == "torch" for name in names):
            return True
    return False


def test_only_the_engine_imports_torch():
    importers = {
        path.relative_to(PACKAGE).as_posix()
        for path in _modules()
        if _imports_torch(ast.parse(path.read_text()))
    }
    assert importers, "the engine imports torch: the scan must find it"
    outside = sorted(name for name in importers if not name.startswith("_engine/"))
    assert outside == []


def _positional(function):
    arguments = function.args
    names = [a.arg for a in arguments.posonlyargs + arguments.args]
    if names and names[0] in ("self", "cls"):
        names = names[1:]
    return names


def test_no_function_takes_more_than_five_positional_arguments():
    too_many = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names = _positional(node)
                if len(names) > MAX_POSITIONAL:
                    where = f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}"
                    too_many.append(f"{where}{tuple(names)}")
    assert too_many == []
