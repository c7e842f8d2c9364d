"""Side-effect triage for patients on Imdelltra (tarlatamab): the domain package.

Everything here is plain Python and testable without Rasa: the knowledge loaders,
the spaCy symptom detector, the triage engine and the reply composer.
"""
