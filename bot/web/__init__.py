"""The patient web chat: Rasa's socket.io channel as the page needs it, and the server for the page (web/)."""
