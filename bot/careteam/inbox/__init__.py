"""The nurse inbox: a small signed-in web app over the triage log (aiohttp, server-rendered pages)."""
