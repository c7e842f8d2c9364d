"""Where Rasa keeps conversations and publishes events, read from the same endpoints file Rasa reads.

The care team's store lives in the tracker store's database by default, the event feed follows the
configured event broker, and erasing a conversation needs both: reading them from one file keeps the
care-team processes and Rasa pointed at the same places.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Union
from urllib.parse import quote

import yaml
from sqlalchemy.engine import URL

RABBITMQ_EXCHANGE = "rasa-exchange"  # Rasa's pika broker default (`exchange_name`)
# Rasa's store types, and ours that only log differently (bot/stores.py), in lower case.
SQL_TYPES = frozenset({"sql", "bot.stores.privatesqltrackerstore", "bot.stores.privatesqleventbroker"})
PIKA_TYPES = frozenset({"pika", "bot.stores.privatepikaeventbroker"})
_VARIABLE = re.compile(r"\$\{([^}]+)\}")


@dataclass(frozen=True)
class SqlBroker:
    """Rasa's SQL event broker: every event is a row of its `events` table."""

    db_url: str


@dataclass(frozen=True)
class PikaBroker:
    """Rasa's RabbitMQ event broker: every event is published to a fanout exchange."""

    amqp_url: str
    exchange: str


@dataclass(frozen=True)
class RasaStores:
    tracker_db_url: Optional[str]  # None when the tracker store is not SQL
    broker: Union[SqlBroker, PikaBroker, None]


def read_rasa_stores(path: str | Path) -> RasaStores:
    """The tracker store database and the event broker of an endpoints file (`${VAR}` read from the environment)."""
    config = _expand(yaml.safe_load(Path(path).read_text()) or {}, str(path))
    tracker = config.get("tracker_store") or {}
    broker = config.get("event_broker") or {}
    tracker_url = sql_url(tracker, default_db="rasa.db") if str(tracker.get("type", "")).lower() in SQL_TYPES else None
    return RasaStores(tracker_db_url=tracker_url, broker=_broker(broker))


def sql_url(section: dict[str, Any], default_db: str) -> str:
    """The SQLAlchemy URL for a Rasa SQL store section (dialect, url/host, port, db, username, password)."""
    dialect = str(section.get("dialect") or "sqlite")
    host = section.get("url") or section.get("host")
    db = str(section.get("db") or default_db)
    if host and "://" in str(host):
        return str(host)
    if dialect == "sqlite":
        return f"sqlite:///{db}"
    port = section.get("port")
    return URL.create(dialect, username=section.get("username") or None, password=section.get("password") or None,
                      host=str(host) if host else None, port=int(port) if port else None,
                      database=db).render_as_string(hide_password=False)


def _broker(section: dict[str, Any]) -> Union[SqlBroker, PikaBroker, None]:
    kind = str(section.get("type", "")).lower()
    if kind in SQL_TYPES:
        return SqlBroker(sql_url(section, default_db="events.db"))
    if kind in PIKA_TYPES:
        host = str(section.get("url") or "localhost")
        if not host.startswith(("amqp://", "amqps://")):
            user = quote(str(section.get("username") or "guest"), safe="")
            password = quote(str(section.get("password") or "guest"), safe="")
            host = f"amqp://{user}:{password}@{host}:{section.get('port') or 5672}/"
        return PikaBroker(amqp_url=host, exchange=str(section.get("exchange_name") or RABBITMQ_EXCHANGE))
    return None


def _expand(value: Any, source: str) -> Any:
    """Replace `${VAR}` in every string value, as Rasa does; a variable that is not set is an error."""
    if isinstance(value, dict):
        return {key: _expand(item, source) for key, item in value.items()}
    if isinstance(value, list):
        return [_expand(item, source) for item in value]
    if not isinstance(value, str):
        return value

    def variable(match: re.Match) -> str:
        name = match.group(1)
        if name not in os.environ:
            raise ValueError(f"{source}: environment variable {name} is not set")
        return os.environ[name]

    return _VARIABLE.sub(variable, value)
