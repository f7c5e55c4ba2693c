"""The benchmark's older commit runs on this environment plus only what that commit needed and it lacks."""

from __future__ import annotations

from benchmarks.sessions import missing_requirements


def test_only_requirements_no_installed_distribution_satisfies_are_missing(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[project]\nname = "old"\ndependencies = [\n'
        '  "streamlit>=1.0",\n'             # installed, satisfied
        '  "numpy<1.0",\n'                  # installed, but not in the range the old commit asked for
        '  "surely-not-an-installed-package-x9>=1",\n'
        '  "PyYAML>=5; python_version < \'3\'",\n'  # a marker for another Python: not needed here
        ']\n', encoding="utf-8")
    assert missing_requirements(pyproject) == ["numpy<1.0", "surely-not-an-installed-package-x9>=1"]
