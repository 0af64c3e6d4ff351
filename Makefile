# Quick start: `make demo` and `make test` (both create .venv on first use).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean readme model

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "kg needs Python >= 3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	rm -rf .kg/demo
	$(BIN)/kg build examples/seed-article.txt --store .kg/demo
	$(BIN)/kg query who-told-whom --store .kg/demo

test: $(STAMP)
	$(BIN)/ruff check kg tests bench
	$(BIN)/python -m pytest -q

readme: $(STAMP)  # after a deliberate change of output: rerun the README's commands, then review
	$(BIN)/python tests/test_readme.py --update

POLNEAR ?= ../shared/data/polnear
model: $(STAMP)  # retrain the shipped models on PolNeAR train (CPU, deterministic; see docs/learning-curve.md)
	$(BIN)/python -m pip install --quiet -e '.[train]'
	$(BIN)/kg train $(POLNEAR)/train.jsonl -o kg/data/cue_model.json \
		--boundaries kg/data/boundary_model.json --claim-gate kg/data/claim_model.json

bench: $(STAMP)
	$(BIN)/python bench/polnear.py --split dev

clean:
	rm -rf $(VENV) .kg build *.egg-info
