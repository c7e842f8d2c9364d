"""The nurse inbox web app: sign-in, the conversation list, one conversation, acknowledge, notes, exports.

Every page and action needs a live session (a cookie naming a server-side session) and every change
needs the session's CSRF token; every view and action is written to the audit log. Pages load nothing
from elsewhere (strict content security policy) and are never cached.
"""
from __future__ import annotations

import asyncio
import hmac
import json
import re
import secrets
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, Awaitable, Callable, Optional
from urllib.parse import urlencode

import jinja2
from aiohttp import web

from bot.careteam.accounts import Accounts, Session
from bot.careteam.audit import AuditLog
from bot.careteam.clock import shown
from bot.careteam.fhir import conversation_bundle
from bot.careteam.log_store import InboxFilter, TriageLog
from bot.careteam.records import URGENCY_ADVICE, URGENCY_TITLES, ConversationRecord, category_title, symptom_title
from bot.careteam.summary import chart_summary, readable_reason, reported_turns
from bot.vocabulary import CATEGORIES, Urgency

HERE = Path(__file__).resolve().parent
SESSION_COOKIE = "careteam_session"
LOGIN_COOKIE = "careteam_sign_in"
MAX_NOTE_LENGTH = 2000
SAFE_PATH = re.compile(r"/[A-Za-z0-9/_.~%=&?+-]*")
PUBLIC_PATHS = ("/login", "/health", "/favicon.ico")
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                           "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Inbox:
    """What the inbox pages read and write."""

    log: TriageLog
    accounts: Accounts
    audit: AuditLog
    zone: tzinfo
    secure_cookies: bool = False
    clock: Callable[[], float] = field(default=time.time)


def make_app(inbox: Inbox) -> web.Application:
    app = web.Application(middlewares=[_signed_in_only(inbox)], client_max_size=64 * 1024)
    app["inbox"] = inbox
    app["templates"] = _templates(inbox.zone)
    # aiohttp 3.9 types this signal's callbacks wrongly; the callback is the documented shape
    app.on_response_prepare.append(_security_headers)  # type: ignore[arg-type]
    app.add_routes([
        web.get("/health", _health),
        web.get("/favicon.ico", _no_icon),
        web.get("/login", _sign_in_page),
        web.post("/login", _sign_in),
        web.post("/logout", _sign_out),
        web.get("/", _conversation_list),
        web.get("/conversations/{public_id}", _conversation_page),
        web.post("/conversations/{public_id}/acknowledge", _acknowledge),
        web.post("/conversations/{public_id}/notes", _add_note),
        web.post("/conversations/{public_id}/copied", _summary_copied),
        web.get("/conversations/{public_id}/fhir.json", _fhir_export),
    ])
    app.router.add_static("/static", HERE / "static", show_index=False)
    return app


# ---------------------------------------------------------------------- middleware


def _signed_in_only(inbox: Inbox) -> Callable[[web.Request, Handler], Awaitable[web.StreamResponse]]:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path in PUBLIC_PATHS or request.path.startswith("/static/"):
            return await handler(request)
        session = await asyncio.to_thread(inbox.accounts.session, request.cookies.get(SESSION_COOKIE, ""),
                                          inbox.clock())
        if session is None:
            if request.method in ("GET", "HEAD"):
                raise web.HTTPSeeOther("/login?" + urlencode({"next": request.path_qs}))
            raise web.HTTPForbidden(text="Sign in first.")
        if request.method == "POST":
            sent = request.headers.get("X-CSRF-Token") or (await request.post()).get("csrf", "")
            if not hmac.compare_digest(str(sent), session.csrf_token):
                raise web.HTTPForbidden(text="This form has expired: reload the page and try again.")
        request["session"] = session
        return await handler(request)

    return middleware


async def _security_headers(request: web.Request, response: web.StreamResponse) -> None:
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    if not request.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"


# ---------------------------------------------------------------------- sign-in


async def _health(request: web.Request) -> web.Response:
    return web.Response(text="ok")


async def _no_icon(request: web.Request) -> web.Response:
    return web.Response(status=204)


async def _sign_in_page(request: web.Request, error: str = "", status: int = 200,
                        next_path: Optional[str] = None) -> web.Response:
    token = secrets.token_urlsafe(32)
    notice = "You have signed out." if request.query.get("signed_out") else ""
    response = _render(request, "login.html", status=status, csrf=token, error=error, notice=notice,
                       next=_local_path(next_path or request.query.get("next", "/")))
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="Strict", path="/login",
                        secure=_inbox(request).secure_cookies)
    return response


async def _sign_in(request: web.Request) -> web.StreamResponse:
    inbox = _inbox(request)
    form = await request.post()
    next_path = str(form.get("next", "/"))
    if not hmac.compare_digest(str(form.get("csrf", "")), request.cookies.get(LOGIN_COOKIE, "-")):
        return await _sign_in_page(request, "The sign-in form expired. Please try again.", 403, next_path)
    username, password = str(form.get("username", "")).strip(), str(form.get("password", ""))
    session = await asyncio.to_thread(inbox.accounts.sign_in, username, password, inbox.clock())
    if session is None:
        await _audit(request, "sign_in_failed", username=username or "(empty)")
        return await _sign_in_page(request, "Wrong user name or password, or the account is locked for a few "
                                            "minutes after repeated failures.", 401, next_path)
    await _audit(request, "sign_in", username=username)
    response = web.HTTPSeeOther(_local_path(next_path))
    response.set_cookie(SESSION_COOKIE, session.token, httponly=True, samesite="Strict", path="/",
                        secure=inbox.secure_cookies)
    response.del_cookie(LOGIN_COOKIE, path="/login")
    return response


async def _sign_out(request: web.Request) -> web.StreamResponse:
    await asyncio.to_thread(_inbox(request).accounts.sign_out, _session(request).token)
    await _audit(request, "sign_out")
    response = web.HTTPSeeOther("/login?signed_out=1")
    response.del_cookie(SESSION_COOKIE, path="/")
    return response


# ---------------------------------------------------------------------- pages


async def _conversation_list(request: web.Request) -> web.Response:
    inbox = _inbox(request)
    wanted, problems = _filter_from(request.query, inbox.zone)
    rows = await asyncio.to_thread(inbox.log.conversations, wanted)
    channels = await asyncio.to_thread(inbox.log.channels)
    await _audit(request, "view_list", detail=urlencode(sorted(request.query.items())))
    return _render(request, "list.html", rows=rows, query=request.query, problems=problems,
                   filtered=bool(request.query),
                   urgencies=[(u.label, URGENCY_TITLES[u]) for u in sorted(Urgency, reverse=True)],
                   categories=[(c, category_title(c)) for c in CATEGORIES], channels=[(c, c) for c in channels])


async def _conversation_page(request: web.Request) -> web.Response:
    inbox = _inbox(request)
    record = await _record(request)
    await _audit(request, "view_conversation", conversation=record.overview.public_id)
    return _render(request, "conversation.html", record=record, turns=reported_turns(record),
                   chart_text=chart_summary(record, inbox.zone), done=request.query.get("done", ""),
                   error=request.query.get("error", ""), max_note=MAX_NOTE_LENGTH)


async def _acknowledge(request: web.Request) -> web.StreamResponse:
    inbox, public_id = _inbox(request), request.match_info["public_id"]
    session = _session(request)
    if not await asyncio.to_thread(inbox.log.acknowledge, public_id, session.username, inbox.clock()):
        raise web.HTTPNotFound(text="No such conversation.")
    await _audit(request, "acknowledge", conversation=public_id)
    raise web.HTTPSeeOther(f"/conversations/{public_id}?done=acknowledged")


async def _add_note(request: web.Request) -> web.StreamResponse:
    inbox, public_id = _inbox(request), request.match_info["public_id"]
    text = str((await request.post()).get("note", "")).strip()
    if not text or len(text) > MAX_NOTE_LENGTH:
        raise web.HTTPSeeOther(f"/conversations/{public_id}?error=note")
    if not await asyncio.to_thread(inbox.log.add_note, public_id, _session(request).username, text, inbox.clock()):
        raise web.HTTPNotFound(text="No such conversation.")
    await _audit(request, "add_note", conversation=public_id, detail=f"{len(text)} characters")
    raise web.HTTPSeeOther(f"/conversations/{public_id}?done=note#notes")


async def _summary_copied(request: web.Request) -> web.Response:
    record = await _record(request)
    await _audit(request, "copy_summary", conversation=record.overview.public_id)
    return web.Response(status=204)


async def _fhir_export(request: web.Request) -> web.Response:
    record = await _record(request)
    await _audit(request, "export_fhir", conversation=record.overview.public_id)
    return web.Response(
        text=json.dumps(conversation_bundle(record, _inbox(request).clock()), indent=2),
        content_type="application/fhir+json",
        headers={"Content-Disposition": f'attachment; filename="conversation-{record.overview.public_id[:8]}.json"'})


# ---------------------------------------------------------------------- helpers


def _filter_from(query: Any, zone: tzinfo) -> tuple[InboxFilter, list[str]]:
    """The list filter from the query string; unknown values are reported and ignored."""
    problems: list[str] = []
    urgency = query.get("urgency", "")
    if urgency and urgency not in {u.label for u in Urgency}:
        problems.append("Unknown urgency ignored.")
        urgency = ""
    category = query.get("category", "")
    if category and category not in CATEGORIES:
        problems.append("Unknown category ignored.")
        category = ""
    days = {}
    for name in ("from", "to"):
        value = query.get(name, "")
        try:
            days[name] = date.fromisoformat(value) if value else None
        except ValueError:
            problems.append(f"'{name}' is not a date (YYYY-MM-DD) and was ignored.")
            days[name] = None
    return InboxFilter(
        urgency=Urgency.from_label(urgency) if urgency else None, category=category or None,
        channel=query.get("channel", "") or None,
        since=_midnight(days["from"], zone), until=_midnight(days["to"] + timedelta(days=1), zone)
        if days["to"] else None), problems


def _midnight(day: Optional[date], zone: tzinfo) -> Optional[float]:
    return None if day is None else datetime(day.year, day.month, day.day, tzinfo=zone).timestamp()


async def _record(request: web.Request) -> ConversationRecord:
    record = await asyncio.to_thread(_inbox(request).log.conversation, request.match_info["public_id"])
    if record is None:
        raise web.HTTPNotFound(text="No such conversation (it may have been erased).")
    return record


async def _audit(request: web.Request, action: str, username: str = "", conversation: Optional[str] = None,
                 detail: Optional[str] = None) -> None:
    inbox = _inbox(request)
    who = username or _session(request).username
    await asyncio.to_thread(inbox.audit.record, inbox.clock(), who, action, conversation, request.remote, detail)


def _render(request: web.Request, name: str, status: int = 200, **context: Any) -> web.Response:
    session: Optional[Session] = request.get("session")
    html = request.app["templates"].get_template(name).render(session=session, path=request.path, **context)
    return web.Response(text=html, status=status, content_type="text/html")


def _templates(zone: tzinfo) -> jinja2.Environment:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                                     undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    environment.filters.update(
        when=lambda at: shown(at, zone), urgency_title=lambda u: URGENCY_TITLES[u], advice=lambda u: URGENCY_ADVICE[u],
        category_title=category_title, symptom_title=symptom_title, reason=readable_reason)
    return environment


def _local_path(target: str) -> str:
    """Only paths on this server: a sign-in link cannot send a nurse elsewhere (`//host`, `/\\host`, `/\t/host`)."""
    return target if SAFE_PATH.fullmatch(target) and not target.startswith("//") else "/"


def _inbox(request: web.Request) -> Inbox:
    return request.app["inbox"]


def _session(request: web.Request) -> Session:
    return request["session"]
