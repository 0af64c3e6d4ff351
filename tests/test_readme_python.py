"""The README's Python examples run: every ```pycon block is a doctest, run in order in a scratch
folder holding the repository's ``examples/`` (as ``tests/test_readme.py`` runs the console
blocks); and the API's own docstring examples."""

from __future__ import annotations

import doctest
import io
import re

from test_readme import CLEAN_ENV, README, scratch

PYCON = re.compile(r"^```pycon\n(.*?)^```", re.MULTILINE | re.DOTALL)
FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS


def _run(test: doctest.DocTest) -> tuple[int, str]:
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    report = io.StringIO()
    runner.run(test, out=report.write)
    return runner.failures, report.getvalue()


def test_readme_python_examples(tmp_path, monkeypatch, nlp):
    blocks = PYCON.findall(README.read_text(encoding="utf-8"))
    assert blocks and ">>> import kg" in blocks[0]
    for name, value in CLEAN_ENV.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(scratch(tmp_path))
    test = doctest.DocTestParser().get_doctest("\n".join(blocks), {}, "README", str(README), 0)
    failures, report = _run(test)
    assert failures == 0, report


def test_api_docstring_examples(nlp):
    import kg.api

    for test in doctest.DocTestFinder().find(kg.api):
        failures, report = _run(test)
        assert failures == 0, report
