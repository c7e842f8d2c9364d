"""The tools around the assistant, kept apart from the product package `bot`.

- `evaluation`, `faq_evaluation`: score the labelled sets (need the trained Rasa model, except --engine-only);
- `nurse_scripts`: load, run and report nurse triage scripts (in-process with Rasa, or over REST);
- `bench`: speed, memory and scale-out numbers beside a bare `rasa init` bot (`make bench`, `make bench-scale-out`);
- `servers`: start the real Rasa and action servers on free loopback ports (tests, benchmark);
- `scale_out`: PostgreSQL database and RabbitMQ queue of one's own for the scale-out tests and benchmark;
- `rasa_runtime`: the trained model loaded in-process.

Everything here except the YAML loaders and reporters needs Rasa installed.
"""
