# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench calibrate clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p reports
	$(BIN)/cascade audit data/binh-dinh/2024/tinh-4935-QD-UBND.txt data/binh-dinh/2024/so-nnptnt-KH-SNN.txt \
		--json reports/binh-dinh-2024-so-nnptnt.json --html reports/binh-dinh-2024-so-nnptnt.html \
		--xlsx reports/binh-dinh-2024-so-nnptnt.xlsx --letter reports/binh-dinh-2024-so-nnptnt-gop-y.docx --force
	@echo "Báo cáo: reports/binh-dinh-2024-so-nnptnt.html"

test: $(STAMP)
	$(BIN)/ruff check cascade tests benchmarks
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/ocr_bench.py

# Every answer key x every score.py metric; pass options through, e.g.
# make calibrate ARGS="--settings try.yaml --compare before.json"
calibrate: $(STAMP)
	$(BIN)/python benchmarks/calibrate.py $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache
