"""The README's walk-through is run, command by command, and its shown output compared.

Every ```console block of README.md is a transcript: a line ``$ kg …`` is a command (run through
the real typer app, in a scratch folder holding the repository's ``examples/``), and the lines
after it, up to the next ``$``, are what it prints (stdout and stderr, as a terminal shows them).
A command with no lines after it must only succeed. Comparison ignores trailing blanks, runs of
spaces, the digits of decimals (timings) and run IRIs (``run:…``, a digest of kg's code); a line
``…`` stands for any number of lines.

When the tool's output changes on purpose, regenerate the shown output and review the diff:

    .venv/bin/python tests/test_readme.py --update
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
PICTURE = REPO / "docs" / "claim-network.svg"  # the picture shown in the README
ANY = "…"
FENCE = re.compile(r"^```console\n(.*?)^```", re.MULTILINE | re.DOTALL)
NEEDS_DOT = ("graph",)  # commands that need Graphviz's dot with --layout dot
# the README shows a newcomer's run: no configuration from the environment (or left by other tests)
CLEAN_ENV: dict[str, str | None] = {
    "COLUMNS": "100",
    **dict.fromkeys(
        ["KG_STORE", "KG_SPACY_MODEL", "KG_CUES", "KG_CUE_MODEL", "KG_ALIASES"]
        + ["KG_VALIDATE_BUILD", "KG_MAX_ARTICLE_CHARS", "NO_COLOR"]
    ),
}


@dataclass
class Step:
    command: str
    expected: list[str]
    block: int
    actual: list[str] = field(default_factory=list)


def parse(text: str) -> list[Step]:
    steps: list[Step] = []
    for number, match in enumerate(FENCE.finditer(text)):
        for line in match[1].splitlines():
            if line.startswith("$ "):
                steps.append(Step(line[2:], [], number))
            elif steps and steps[-1].block == number:
                steps[-1].expected.append(line)
    return steps


def _normal(line: str) -> str:
    # a run IRI names the extractor's code digest (kg.version), which every commit changes
    line = re.sub(r"\brun:[0-9a-f]{16}\b", "run:#", line)
    return " ".join(re.sub(r"\d+\.\d+", "#.#", line).split())


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line after normalising; a line ``…`` matches any number of lines."""
    if not expected:
        return not actual
    head, *rest = expected
    if head.strip() == ANY:
        return any(matches(rest, actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and _normal(head) == _normal(actual[0]) and matches(rest, actual[1:])


def needs_dot(step: Step) -> bool:
    words = shlex.split(step.command, comments=True)
    layout = words[words.index("--layout") + 1] if "--layout" in words[:-1] else "python"
    return len(words) > 1 and words[1] in NEEDS_DOT and layout == "dot"


def draws(step: Step) -> bool:
    words = shlex.split(step.command, comments=True)
    return len(words) > 1 and words[1] == "graph" and not step.command.rstrip().endswith(".dot")


def run(step: Step, workdir: Path) -> list[str]:
    """Run one ``kg …`` line in ``workdir``; its output lines (exit code 0 required)."""
    from typer.testing import CliRunner

    from kg.ui.cli import app
    from kg.ui.progress import set_verbosity

    words = shlex.split(step.command, comments=True)
    assert words and words[0] == "kg", f"README console lines must run kg: {step.command!r}"
    here = Path.cwd()
    os.chdir(workdir)
    try:
        result = CliRunner().invoke(app, words[1:], env=CLEAN_ENV)
    finally:
        os.chdir(here)
        set_verbosity()
    assert result.exit_code == 0, f"$ {step.command}\n{result.output}"
    return [line.rstrip() for line in result.output.splitlines()]


def scratch(root: Path) -> Path:
    (root / "examples").symlink_to(REPO / "examples", target_is_directory=True)
    return root


class Session:
    """Runs the README's steps in order, once, sharing one scratch folder."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.steps = parse(README.read_text(encoding="utf-8"))
        self.done = 0

    def upto(self, index: int) -> Step:
        while self.done <= index:
            step = self.steps[self.done]
            if needs_dot(step) and shutil.which("dot") is None:
                pytest.skip("Graphviz's dot is not installed (apt-get install graphviz)")
            step.actual = run(step, self.workdir)
            self.done += 1
        return self.steps[index]


STEPS = parse(README.read_text(encoding="utf-8"))


pytestmark = pytest.mark.slow  # every command of the walk-through, end to end


@pytest.fixture(scope="module")
def session(tmp_path_factory, nlp) -> Session:
    return Session(scratch(tmp_path_factory.mktemp("readme")))


@pytest.mark.parametrize("index", range(len(STEPS)), ids=[s.command for s in STEPS])
def test_readme_command(session, index):
    step = session.upto(index)
    if not step.expected:
        return
    if not matches(step.expected, step.actual):
        diff = difflib.unified_diff(step.expected, step.actual, "README", "kg", lineterm="")
        pytest.fail(
            f"README drifted from `$ {step.command}`: run `make readme` (tests/test_readme.py "
            "--update) and review the diff\n" + "\n".join(diff),
            pytrace=False,
        )


def test_readme_picture_matches_the_tool(session):
    """docs/claim-network.svg is what ``kg graph`` draws for the walk-through's store."""
    graph_steps = [i for i, s in enumerate(session.steps) if draws(s)]
    if not graph_steps:
        pytest.skip("the README draws no picture")
    session.upto(graph_steps[-1])
    fresh = _picture(session.workdir)
    assert PICTURE.exists(), "run tests/test_readme.py --update to draw docs/claim-network.svg"
    shown = PICTURE.read_text(encoding="utf-8")
    assert _labels(shown) == _labels(fresh), "docs/claim-network.svg is stale: run --update"


def _picture(workdir: Path) -> str:
    step = Step("kg graph --store .kg/demo -o picture.svg", [], -1)
    run(step, workdir)
    return (workdir / "picture.svg").read_text(encoding="utf-8")


def _labels(svg: str) -> list[str]:
    return sorted(re.findall(r"<text[^>]*>([^<]*)</text>", svg))


def test_every_command_in_the_table_exists():
    from kg.ui.cli import app

    text = README.read_text(encoding="utf-8")
    table = text.split("## Commands", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"^\| `kg ([a-z-]+)", table, re.MULTILINE))
    registered = {c.name or c.callback.__name__ for c in app.registered_commands}
    assert named and named <= registered, named - registered
    assert registered <= named, f"commands missing from the README table: {registered - named}"


# ---------------------------------------------------------------- --update


def _shown(step: Step) -> list[str]:
    """What to show for a step: all of its output, or as many head lines as before, then ``…``."""
    if ANY not in [line.strip() for line in step.expected]:
        return step.actual if step.expected else []
    keep = [line.strip() for line in step.expected].index(ANY)
    return [*step.actual[:keep], ANY] if len(step.actual) > keep else step.actual


def update(readme: Path = README) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        workdir = scratch(Path(tmp))
        text = readme.read_text(encoding="utf-8")
        steps = parse(text)
        for step in steps:
            step.actual = run(step, workdir)
        blocks: dict[int, list[str]] = {}
        for step in steps:
            blocks.setdefault(step.block, []).extend([f"$ {step.command}", *_shown(step)])
        counter = iter(range(10**6))

        def replace(match: re.Match) -> str:
            lines = blocks.get(next(counter))
            return "```console\n" + "\n".join(lines) + "\n```" if lines else match[0]

        readme.write_text(FENCE.sub(replace, text), encoding="utf-8")
        PICTURE.write_text(_picture(workdir), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: tests/test_readme.py --update")
    sys.path.insert(0, str(REPO))
    update()
    print(f"updated {README.relative_to(REPO)} and {PICTURE.relative_to(REPO)}; review git diff")
