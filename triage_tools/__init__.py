"""The tools around the assistant, kept apart from the product package `bot`.

- `evaluation`, `faq_evaluation`: score the labelled sets (need the trained Rasa model, except --engine-only);
- `nurse_scripts`: load, run and report nurse triage scripts (in-process with Rasa, or over REST);
- `bench`: speed and memory numbers (`make bench`);
- `servers`: start the real Rasa and action servers on free loopback ports (tests, benchmark);
- `rasa_runtime`: the trained model loaded in-process.

Everything here except the YAML loaders and reporters needs Rasa installed.
"""
