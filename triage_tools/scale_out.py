"""The scale-out stores on loopback (PostgreSQL, Redis, RabbitMQ) for the deployment tests and the benchmark.

Each use gets a PostgreSQL database and a RabbitMQ queue of its own, named in the environment that
endpoints.scale-out.yml reads; both are removed afterwards.
"""
from __future__ import annotations

import asyncio
import json
import os
import uuid
from collections import Counter
from contextlib import contextmanager
from typing import Any, Iterator

import psycopg2

from triage_tools.servers import ROOT

POSTGRES = {"host": "127.0.0.1", "port": 5432, "user": os.environ.get("POSTGRES_USER", "postgres")}
SCALE_OUT_ENDPOINTS = ROOT / "endpoints.scale-out.yml"
RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:5672/"


def stores_from_scale_out_file() -> str:
    """The shipped endpoints.scale-out.yml without its action endpoint (the test servers set their own)."""
    text = SCALE_OUT_ENDPOINTS.read_text()
    return text[text.index("tracker_store:"):]


@contextmanager
def scale_out_services(prefix: str = "imdelltra_ci") -> Iterator[dict[str, str]]:
    """The variables endpoints.scale-out.yml needs, for a new database and queue; both dropped afterwards."""
    database = f"{prefix}_{uuid.uuid4().hex[:8]}"
    queue = f"{prefix}_events_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(dbname="postgres", **POSTGRES)
    admin.autocommit = True
    admin.cursor().execute(f"CREATE DATABASE {database}")
    try:
        yield {
            "ACTION_SERVER_URL": "unused-replaced-below", "POSTGRES_HOST": "127.0.0.1", "POSTGRES_PORT": "5432",
            "POSTGRES_DB": database, "POSTGRES_USER": str(POSTGRES["user"]), "POSTGRES_PASSWORD": "",
            "REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379", "REDIS_PASSWORD": "", "REDIS_DB": "3",
            "RABBITMQ_HOST": "127.0.0.1", "RABBITMQ_PORT": "5672", "RABBITMQ_USER": "guest",
            "RABBITMQ_PASSWORD": "guest", "RABBITMQ_QUEUE": queue,
        }
    finally:
        asyncio.run(delete_queues([queue]))
        admin.cursor().execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        admin.close()


def query(database: str, sql: str, *parameters: Any) -> list[tuple]:
    """The rows of one query in a PostgreSQL database on loopback."""
    connection = psycopg2.connect(dbname=database, **POSTGRES)
    with connection, connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        rows = cursor.fetchall()
    connection.close()
    return rows


def stored_user_events(database: str, sender_prefix: str) -> Counter[str]:
    """User events per conversation in the PostgreSQL tracker store, for the senders whose id starts so."""
    rows = query(database, "SELECT sender_id, count(*) FROM events WHERE type_name = 'user' AND sender_id LIKE %s "
                           "GROUP BY sender_id", f"{sender_prefix}%")
    return Counter({sender: count for sender, count in rows})


async def drain(queue_name: str, delete: bool = True) -> list[dict]:
    """Every event waiting in a RabbitMQ queue (the queue deleted afterwards unless told not to)."""
    import aio_pika

    connection = await aio_pika.connect_robust(RABBITMQ_URL)
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(queue_name, durable=True)
        events = []
        while (message := await queue.get(no_ack=True, fail=False)) is not None:
            events.append(json.loads(message.body))
        if delete:
            await queue.delete(if_unused=False, if_empty=False)
        return events


async def delete_queues(queues: list[str], exchange: str | None = None) -> None:
    """Delete RabbitMQ queues (and an exchange), whether or not they exist."""
    import aio_pika

    connection = await aio_pika.connect_robust(RABBITMQ_URL)
    async with connection:
        channel = await connection.channel()
        for queue in queues:
            await channel.queue_delete(queue)
        if exchange:
            await channel.exchange_delete(exchange)
