"""Fail when .ci/floors.txt and pyproject.toml disagree on a floor.

Every ``>=`` floor of the core dependencies and of the extras that the floors
job installs must be pinned at exactly that version in .ci/floors.txt, so that
the floors job tests the versions pyproject.toml promises.
"""

import sys
from pathlib import Path

import tomllib
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
EXTRAS = ("plot", "onnx", "skops", "dask", "bench")


def floors_in_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in EXTRAS:
        requirements += project["optional-dependencies"][extra]
    floors = {}
    for line in requirements:
        requirement = Requirement(line)
        for specifier in requirement.specifier:
            if specifier.operator == ">=":
                floors[canonicalize_name(requirement.name)] = Version(specifier.version)
    return floors


def pins_in_floors_file():
    pins = {}
    for line in (ROOT / ".ci" / "floors.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            pins[canonicalize_name(name)] = Version(version)
    return pins


def main():
    pins = pins_in_floors_file()
    problems = [
        f"{name}: pyproject.toml says >={floor}, .ci/floors.txt has "
        f"{pins.get(name, 'no pin')}; make them the same"
        for name, floor in floors_in_pyproject().items()
        if pins.get(name) != floor
    ]
    print("\n".join(problems) or "floors.txt pins every floor in pyproject.toml")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
