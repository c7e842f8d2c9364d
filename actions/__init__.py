"""Rasa SDK actions: thin adapters that read the tracker, call bot/, and send messages and events."""
from bot.knowledge import default_knowledge

# Load and validate the clinical data when the action server starts: a malformed file
# stops start-up with the file, entry and field named, instead of failing a patient's message.
default_knowledge()
