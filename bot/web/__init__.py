"""The server for the patient web chat page (web/); its socket.io connector is bot.channels.webchat."""
