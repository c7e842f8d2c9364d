"""What the care team sees of the patients' conversations: the triage log, alerts, the nurse inbox, summaries.

Fed from Rasa's own event stream (`feed`: the SQL event broker's table, or a RabbitMQ queue bound to the
pika broker's exchange), never from the reply path: the patient's answer does not wait for any of it.
`python -m bot.careteam` runs the inbox service and the account, erase, retention and audit commands.
"""
