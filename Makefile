# Two commands do everything: `make run` (install, train if needed, serve) and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
export TF_CPP_MIN_LOG_LEVEL ?= 2
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
MODEL := models/imdelltra.tar.gz
TRAINING_DATA := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null)

.PHONY: install install-dev run train validate test eval bench clean

install: .make/installed
install-dev: .make/installed-dev

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

eval: install $(MODEL)
	$(PY) -m bot.evaluation
	$(PY) -m bot.evaluation --set tests/eval/triage_holdout.yml
	$(PY) -m bot.faq_evaluation

test: install-dev $(MODEL)
	scripts/ensure-services.sh
	$(PY) -m pytest -q

bench: install $(MODEL)
	$(PY) -m bot.bench

clean:
	rm -rf .make models results reports tests/artifacts
