// Care-team inbox: the "Copy summary" button (the page works without it; the summary text stays selectable).
(function () {
  "use strict";
  var button = document.getElementById("copy-summary");
  var summary = document.getElementById("chart-summary");
  var status = document.getElementById("copy-status");
  if (!button || !summary) return;
  button.hidden = false;

  function say(text) {
    status.textContent = text;
    status.hidden = false;
  }

  function copyBySelection(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
    document.body.removeChild(area);
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function recordCopy() {
    var token = document.querySelector("meta[name=csrf-token]");
    fetch(button.getAttribute("data-copied-url"), {
      method: "POST", credentials: "same-origin", keepalive: true,
      headers: {"X-CSRF-Token": token ? token.content : ""}
    }).catch(function () { /* the audit entry is best effort; the copy itself worked */ });
  }

  button.addEventListener("click", function () {
    var text = summary.textContent;
    var copying = navigator.clipboard && window.isSecureContext
      ? navigator.clipboard.writeText(text).catch(function () { return copyBySelection(text); })
      : copyBySelection(text);
    copying.then(function () {
      say("Summary copied. Paste it into the chart.");
      recordCopy();
    }, function () {
      say("Copying is blocked in this browser: select the summary text and copy it by hand.");
    });
  });
})();
