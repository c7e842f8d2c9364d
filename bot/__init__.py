"""Side-effect triage for patients on Imdelltra (tarlatamab): the product package.

- plain Python, testable without Rasa: the clinical data and its loaders (`knowledge`, `data/`), the spaCy
  detector (`detection`, `nlp/`), the triage decision (`triage`), the reply writer (`replies`), the FAQ;
- needs Rasa: the NLU components (`rasa_components/`) and the channel connectors (`channels/`).

The tools around it (evaluation, benchmark, nurse-script runner, server launcher) live in `triage_tools`.
"""
