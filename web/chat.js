/*
 * Patient web chat for the Imdelltra side-effect assistant.
 *
 * Talks to Rasa's socket.io channel (vendor/socket.io.min.js, installed from npm by scripts/install-web.sh).
 * Every text from the patient or the assistant goes into the page through textContent, never as HTML.
 * The conversation (session id and what is on screen) is kept in sessionStorage (or localStorage, if the
 * clinic config says so) and the session id is sent in session_request, so a reload continues the same
 * Rasa conversation.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "imdelltra-web-chat";
  var GREETING_PAYLOAD = "/greet";

  // Banner wording only restates the triage urgency; the clinical advice is in the assistant's reply.
  // Each part of `text` is a string or {phone: true}: the care team's number, kept on one line.
  var URGENCY = {
    emergency: {
      heading: function (c) { return "Emergency: call " + c.emergencyNumber + " now"; },
      text: function () { return ["Do not wait for a reply here."]; },
      call: function (c) { return c.emergencyTel ? { label: "Call " + c.emergencyNumber, tel: c.emergencyTel } : null; }
    },
    contact_now: {
      heading: function () { return "Contact your care team now"; },
      text: function (c) {
        return c.careTeamPhone ? ["Call " + c.careTeamName + " at ", { phone: true }, " right now."]
          : ["Call " + c.careTeamName + " right now."];
      },
      call: function (c) {
        return c.careTeamPhone && c.careTeamTel ? { label: "Call " + c.careTeamPhone, tel: c.careTeamTel } : null;
      }
    },
    report_if_bothersome: {
      heading: function () { return "Not urgent"; },
      text: function () { return ["Mention it to your care team, and call sooner if it bothers you or gets worse."]; },
      call: function () { return null; }
    }
  };
  var NO_URGENCY = "none";
  var MAY_BE_EMPTY = ["careTeamPhone", "careTeamTel", "emergencyTel"]; // empty: the clinic has no such number

  var config = {
    title: "Imdelltra side-effect helper",
    colour: "",
    socketUrl: location.protocol + "//" + location.hostname + ":5005",
    storage: "session",
    careTeamName: "your care team",
    careTeamPhone: "",
    careTeamTel: "",
    emergencyNumber: "911",
    emergencyTel: "tel:911"
  };
  var store = null;
  var state = null;
  var socket = null;
  var confirmed = false;
  var pending = [];
  var turnStart = 0;

  var els = {};

  function $(id) { return document.getElementById(id); }

  function newSessionId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function pickStore(kind) {
    try {
      var candidate = kind === "local" ? window.localStorage : window.sessionStorage;
      candidate.setItem(STORAGE_KEY + "-probe", "1");
      candidate.removeItem(STORAGE_KEY + "-probe");
      return candidate;
    } catch (e) {
      return null; // storage blocked: the chat still works, but a reload starts again
    }
  }

  function load() {
    var saved = null;
    try { saved = store && JSON.parse(store.getItem(STORAGE_KEY) || "null"); } catch (e) { saved = null; }
    if (!saved || typeof saved.sessionId !== "string" || !Array.isArray(saved.entries)) {
      saved = { sessionId: newSessionId(), greeted: false, entries: [], quickReplies: [], urgency: NO_URGENCY };
    }
    if (typeof saved.urgency !== "string") { saved.urgency = lastBannerUrgency(saved.entries); }
    return saved;
  }

  function save() {
    if (!store) { return; }
    try { store.setItem(STORAGE_KEY, JSON.stringify(state)); } catch (e) { /* full or blocked: keep going */ }
  }

  function lastBannerUrgency(entries) {
    for (var i = entries.length - 1; i >= 0; i--) {
      if (entries[i] && entries[i].who === "urgency") { return entries[i].urgency; }
    }
    return NO_URGENCY;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // The care team's number, shown once as the clinic formats it, never broken across lines, and dialled on tap.
  function phoneNode() {
    if (!config.careTeamTel) { return el("span", "phone", config.careTeamPhone); }
    var link = el("a", "phone", config.careTeamPhone);
    link.href = config.careTeamTel;
    return link;
  }

  // Text into `node` as text nodes (never HTML), with every occurrence of the care team's number as phoneNode().
  function appendText(node, text) {
    var number = config.careTeamPhone;
    var pieces = number ? String(text).split(number) : [String(text)];
    pieces.forEach(function (piece, index) {
      if (index > 0) { node.appendChild(phoneNode()); }
      if (piece) { node.appendChild(document.createTextNode(piece)); }
    });
    return node;
  }

  function urgencyBox(urgency, withCall) {
    var style = URGENCY[urgency];
    var box = el("div", "urgency urgency--" + urgency);
    box.appendChild(el("p", "urgency__heading", style.heading(config)));
    var text = el("p", "urgency__text");
    style.text(config).forEach(function (part) {
      // The number as text here: the banner's own call button (status area only) dials it.
      text.appendChild(typeof part === "string" ? document.createTextNode(part) : el("span", "phone", config.careTeamPhone));
    });
    box.appendChild(text);
    var call = withCall && style.call(config);
    if (call) {
      var link = el("a", "urgency__call", call.label);
      link.href = call.tel;
      box.appendChild(link);
    }
    return box;
  }

  function renderEntry(entry) {
    var item = el("li", "msg msg--" + entry.who);
    if (entry.who === "urgency") {
      // This answer's own banner, for the record. Screen readers hear the urgency once, from the status area
      // above the conversation, which also holds the one call button.
      var box = urgencyBox(entry.urgency, false);
      item.setAttribute("aria-hidden", "true");
      if (entry.guidanceIds) { box.setAttribute("data-guidance-ids", entry.guidanceIds.join(" ")); }
      item.appendChild(box);
      return item;
    }
    item.appendChild(el("span", "visually-hidden", entry.who === "user" ? "You said: " : "Assistant: "));
    item.appendChild(appendText(el("span", "msg__text"), entry.text));
    return item;
  }

  // The one status area: the most urgent instruction still in force (the latest triage answer's urgency).
  function renderCurrentUrgency(announce) {
    var urgency = URGENCY[state.urgency] ? state.urgency : NO_URGENCY;
    els.nowBox.textContent = "";
    els.now.hidden = urgency === NO_URGENCY;
    els.now.setAttribute("data-urgency", urgency);
    if (urgency !== NO_URGENCY) { els.nowBox.appendChild(urgencyBox(urgency, true)); }
    if (announce) {
      var style = URGENCY[urgency];
      els.announcer.textContent = style ? style.heading(config) + ". " + els.now.querySelector(".urgency__text").textContent : "";
    }
  }

  function setUrgency(urgency) {
    if (urgency === state.urgency) { return; } // still in force: nothing new to see or hear
    state.urgency = urgency;
    renderCurrentUrgency(true);
    save();
  }

  function scrollToEnd() { els.main.scrollTop = els.main.scrollHeight; }

  function addEntry(entry, index) {
    var at = index === undefined ? state.entries.length : index;
    state.entries.splice(at, 0, entry);
    els.log.insertBefore(renderEntry(entry), els.log.children[at] || null);
    save();
    scrollToEnd();
  }

  function renderQuickReplies() {
    els.quick.textContent = "";
    (state.quickReplies || []).forEach(function (reply) {
      var button = el("button", "chat__quick-reply", reply.title);
      button.type = "button";
      button.addEventListener("click", function () {
        sendMessage(reply.payload, reply.title);
        els.input.focus();
      });
      els.quick.appendChild(button);
    });
    els.quick.hidden = !state.quickReplies || state.quickReplies.length === 0;
  }

  function setConnection(text, problem) {
    els.connection.textContent = "";
    appendText(els.connection, text);
    els.connection.classList.toggle("chat__connection--problem", !!problem);
  }

  function unreachableText() {
    var care = config.careTeamPhone ? " at " + config.careTeamPhone : "";
    return "Can't reach the assistant right now. If you feel unwell, call your care team" + care +
      ". In an emergency, call " + config.emergencyNumber + ".";
  }

  function emit(text) {
    if (!confirmed) { pending.push(text); return; }
    socket.emit("user_uttered", { message: text, session_id: state.sessionId });
  }

  function sendMessage(text, shown) {
    if (!text || !text.trim()) { return; }
    addEntry({ who: "user", text: shown === undefined ? text : shown });
    turnStart = state.entries.length;
    state.quickReplies = [];
    renderQuickReplies();
    save();
    emit(text);
  }

  function onBotMessage(data) {
    if (!data || typeof data !== "object") { return; }
    var triage = data.custom && data.custom.triage;
    if (triage) {
      if (URGENCY[triage.urgency]) {
        // This answer's banner goes above this turn's reply, where it is read first.
        addEntry({ who: "urgency", urgency: triage.urgency, guidanceIds: triage.guidance_ids || [] },
          Math.min(turnStart, state.entries.length));
      }
      if (URGENCY[triage.urgency] || triage.urgency === NO_URGENCY) { setUrgency(triage.urgency); }
      return;
    }
    if (typeof data.text === "string" && data.text.trim()) {
      addEntry({ who: "bot", text: data.text });
    }
    if (Array.isArray(data.quick_replies) && data.quick_replies.length) {
      state.quickReplies = data.quick_replies
        .filter(function (r) { return r && typeof r.title === "string" && typeof r.payload === "string"; })
        .map(function (r) { return { title: r.title, payload: r.payload }; });
      renderQuickReplies();
      save();
      scrollToEnd();
    }
  }

  function connect() {
    socket = window.io(config.socketUrl, { reconnectionDelayMax: 10000 });
    socket.on("connect", function () {
      confirmed = false;
      setConnection("Connecting…");
      socket.emit("session_request", { session_id: state.sessionId });
    });
    socket.on("session_confirm", function (sessionId) {
      if (typeof sessionId === "string" && sessionId && sessionId !== state.sessionId) {
        state.sessionId = sessionId;
      }
      confirmed = true;
      setConnection("");
      if (!state.greeted) {
        state.greeted = true;
        turnStart = state.entries.length;
        socket.emit("user_uttered", { message: GREETING_PAYLOAD, session_id: state.sessionId });
      }
      save();
      var queued = pending;
      pending = [];
      queued.forEach(emit);
      document.documentElement.setAttribute("data-chat-ready", "true");
    });
    socket.on("bot_uttered", onBotMessage);
    socket.on("connect_error", function () { setConnection(unreachableText(), true); });
    socket.on("disconnect", function () { confirmed = false; setConnection(unreachableText(), true); });
  }

  function applyConfig() {
    document.title = config.title;
    els.title.textContent = config.title;
    if (/^#[0-9a-fA-F]{6}$/.test(config.colour)) {
      document.documentElement.style.setProperty("--brand", config.colour);
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-config]"), function (node) {
      var value = config[node.getAttribute("data-config")];
      if (value) { node.textContent = value; }
    });
  }

  function start() {
    els = {
      title: $("chat-title"), log: $("log"), main: document.querySelector(".chat__main"), quick: $("quick-replies"),
      form: $("composer"), input: $("message"), connection: $("connection"), reset: $("new-conversation"),
      now: $("current-urgency"), nowBox: $("current-urgency-box"), announcer: $("urgency-announcer")
    };
    applyConfig();
    store = pickStore(config.storage);
    state = load();
    state.entries.forEach(function (entry) {
      if (entry.who !== "urgency" || URGENCY[entry.urgency]) { els.log.appendChild(renderEntry(entry)); }
    });
    renderCurrentUrgency(false); // shown again after a reload, not announced again
    turnStart = state.entries.length;
    renderQuickReplies();
    save();
    scrollToEnd();

    els.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = els.input.value;
      if (!text.trim()) { els.input.focus(); return; }
      els.input.value = "";
      sendMessage(text);
      els.input.focus();
    });
    els.input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        els.form.requestSubmit ? els.form.requestSubmit() : els.form.dispatchEvent(new Event("submit"));
      }
    });
    els.reset.addEventListener("click", function () {
      if (store) { store.removeItem(STORAGE_KEY); }
      location.reload();
    });

    if (typeof window.io !== "function") {
      setConnection("The chat could not load. If you feel unwell, call your care team; in an emergency call " +
        config.emergencyNumber + ".", true);
      return;
    }
    connect();
  }

  function init() {
    fetch("config.json", { cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : {}; })
      .catch(function () { return {}; })
      .then(function (loaded) {
        Object.keys(config).forEach(function (key) {
          if (typeof loaded[key] === "string" && (loaded[key] || MAY_BE_EMPTY.indexOf(key) >= 0)) { config[key] = loaded[key]; }
        });
        start();
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
