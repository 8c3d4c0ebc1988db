// /onboarding/callback: the landing page of Meta's redirect flow.
// In a popup: hand code + state to the opener (same origin only) and close. Otherwise: complete the signup here.
import { CallbackMessageType } from "./embedded-signup.js";

const texts = JSON.parse(document.getElementById("callback-texts").textContent);
const card = document.getElementById("callback");
const message = document.getElementById("callback-message");
const query = new URLSearchParams(window.location.search);
const code = query.get("code");
const state = query.get("state");
const error = query.get("error");

// The code must not linger in the address bar or the history.
window.history.replaceState(null, "", window.location.pathname);

function show(kind, text) {
  card.dataset.state = kind;
  message.textContent = text;
}

let opener = null;
try {
  opener = window.opener && !window.opener.closed && window.opener.location.origin === window.location.origin ? window.opener : null;
} catch {
  opener = null; // another origin's window: never hand it the code
}

if (opener) {
  opener.postMessage({ type: CallbackMessageType, code, state, error }, window.location.origin);
  window.close();
} else if (error || !code || !state) {
  show(error ? "cancelled" : "error", error ? texts.cancelled : texts.missing);
} else {
  complete();
}

async function complete() {
  show("checking", texts.checking);
  try {
    const response = await fetch("/api/v1/onboarding/embedded-signup/complete", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
      body: JSON.stringify({ code, state, redirectUri: window.location.origin + window.location.pathname }),
    });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      show("error", `${texts.error} ${body?.detail ?? ""}`.trim());
      return;
    }
    show("success", `${texts.success} ${body?.name ?? ""}`.trim());
  } catch {
    show("error", texts.error);
  }
}
