"""The care-team service: the nurse inbox, the event feed into the triage log, alerts and retention, in one process."""
from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import tzinfo
from typing import Optional

from aiohttp import web
from sqlalchemy.engine import Engine

from bot.careteam.accounts import Accounts
from bot.careteam.alerts import AlertSender
from bot.careteam.audit import AuditLog
from bot.careteam.clock import clinic_zone
from bot.careteam.config import CareTeamSettings
from bot.careteam.endpoints import PikaBroker, RasaStores, SqlBroker, read_rasa_stores
from bot.careteam.erasure import Eraser
from bot.careteam.feed import Ingest, PikaFeed, SqlBrokerFeed
from bot.careteam.inbox.app import Inbox, make_app
from bot.careteam.log_store import TriageLog
from bot.careteam.schema import connect

logger = logging.getLogger(__name__)
RETENTION_CHECK_SECONDS = 3600


@dataclass
class CareTeam:
    """The care team's stores, opened from the settings and the endpoints file Rasa uses."""

    settings: CareTeamSettings
    stores: RasaStores
    engine: Engine
    log: TriageLog
    accounts: Accounts
    audit: AuditLog
    eraser: Eraser
    zone: tzinfo


def open_care_team(settings: CareTeamSettings) -> CareTeam:
    stores = read_rasa_stores(settings.endpoints_path)
    db_url = settings.db_url or stores.tracker_db_url
    if not db_url:
        raise ValueError(f"{settings.endpoints_path} has no SQL tracker store: set CARE_TEAM_DB_URL")
    engine = connect(db_url)
    broker_db_url = stores.broker.db_url if isinstance(stores.broker, SqlBroker) else None
    return CareTeam(
        settings=settings, stores=stores, engine=engine, log=TriageLog(engine),
        accounts=Accounts(engine, idle_seconds=60 * settings.session_idle_minutes,
                          max_seconds=3600 * settings.session_max_hours),
        audit=AuditLog(engine), eraser=Eraser(engine, stores.tracker_db_url, broker_db_url),
        zone=clinic_zone(settings.timezone))


async def serve(care_team: CareTeam) -> None:
    """Run until cancelled: the inbox on host:port, the event feed, alerts and the hourly retention check."""
    settings = care_team.settings
    alerts = AlertSender(settings.alerts, care_team.engine, settings.inbox_url, care_team.zone)
    inbox = Inbox(care_team.log, care_team.accounts, care_team.audit, care_team.zone, settings.secure_cookies)
    runner = web.AppRunner(make_app(inbox), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, settings.host, settings.port).start()
    tasks = [asyncio.create_task(_retention(care_team))]
    feed = _feed_task(care_team, Ingest(care_team.log, alerts))
    if feed is not None:
        tasks.append(feed)
    try:
        await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
        await alerts.close()
        await runner.cleanup()


def _feed_task(care_team: CareTeam, ingest: Ingest) -> Optional[asyncio.Task]:
    broker, settings = care_team.stores.broker, care_team.settings
    if isinstance(broker, SqlBroker):
        logger.info("Reading Rasa's events from the SQL event broker table")
        return asyncio.create_task(SqlBrokerFeed(broker.db_url, care_team.engine).run(ingest, settings.poll_seconds))
    if isinstance(broker, PikaBroker):
        return asyncio.create_task(PikaFeed(broker, settings.queue).run(ingest))
    logger.warning("%s has no SQL or pika event broker: the triage log stays empty (see docs/care-team.md)",
                   settings.endpoints_path)
    return None


async def _retention(care_team: CareTeam) -> None:
    retention_seconds = 86400 * care_team.settings.retention_days
    while True:
        try:
            erased = await asyncio.to_thread(care_team.eraser.purge, time.time(), retention_seconds)
            if erased:
                logger.info("Retention: erased %d conversation(s) silent for more than %d days",
                            len(erased), care_team.settings.retention_days)
        except Exception:  # noqa: BLE001 (try again at the next check)
            logger.exception("Retention check failed")
        await asyncio.sleep(RETENTION_CHECK_SECONDS)
