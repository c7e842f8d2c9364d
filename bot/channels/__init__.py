"""Messaging channels: channel-aware reply formatting and Rasa connector subclasses (see docs/channels.md)."""
