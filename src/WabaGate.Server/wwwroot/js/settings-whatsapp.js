// Settings → WhatsApp: every change goes through the JSON API with the session cookie (and the X-Requested-With
// header the API requires of cookie callers); the page is then reloaded to show the server's view.
import { EmbeddedSignup, SignupStates } from "./embedded-signup.js";

const root = document.getElementById("whatsapp-settings");
const texts = JSON.parse(document.getElementById("whatsapp-texts").textContent);
const HealthKey = "wabagate:health-result";

async function api(method, path, body, headers = {}) {
  const response = await fetch(path, {
    method,
    credentials: "same-origin",
    headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest", ...(body ? { "Content-Type": "application/json" } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) throw json ?? { detail: texts.failed };
  return json;
}

function problemText(problem) {
  const fields = problem?.errors ? Object.values(problem.errors).flat().join(" ") : "";
  return [problem?.detail || texts.failed, fields].filter(Boolean).join(" ");
}

// --- Embedded Signup -------------------------------------------------------------------------------------------

const signupCard = document.getElementById("signup");
const statusLine = document.getElementById("signup-status");
const retryButton = document.getElementById("signup-retry");
const signup = new EmbeddedSignup({ target: root });

function showSignup(state, message, kind) {
  signupCard.dataset.state = state;
  statusLine.textContent = message ?? "";
  statusLine.className = "signup-status" + (kind ? " " + kind : "");
  retryButton.hidden = state !== SignupStates.error;
  for (const button of root.querySelectorAll("[data-signup-start]")) {
    button.disabled = state === SignupStates.pending || state === SignupStates.checking;
  }
}

root.addEventListener("wabagate:signup-state", (event) => {
  const { state, cancelled, problem } = event.detail;
  if (state === SignupStates.pending) showSignup(state, texts.pending);
  else if (state === SignupStates.checking) showSignup(state, texts.checking);
  else if (state === SignupStates.success) {
    showSignup(state, texts.success, "ok");
    setTimeout(() => window.location.reload(), 800);
  } else if (state === SignupStates.error) {
    const text = problem?.code === "popup_blocked" ? texts.popupBlocked : `${texts.error} ${problemText(problem)}`;
    showSignup(state, text, "error");
  } else showSignup(state, cancelled ? texts.cancelled : "");
});

for (const button of root.querySelectorAll("[data-signup-start]")) {
  button.addEventListener("click", () => signup.start());
}
retryButton?.addEventListener("click", () => signup.retry());
signup.prepare().catch((problem) => showSignup(SignupStates.error, `${texts.error} ${problemText(problem)}`, "error"));

// --- connection actions ----------------------------------------------------------------------------------------

const dialog = document.getElementById("disconnect-dialog");
let disconnecting = null;

root.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-action]");
  const card = button?.closest("[data-connection-id]");
  if (!button || !card) return;
  const id = card.dataset.connectionId;
  const action = button.dataset.action;
  try {
    if (action === "toggle") {
      button.disabled = true;
      await api("PATCH", `/api/v1/connections/${id}`, { enabled: button.dataset.enabled !== "true" });
      window.location.reload();
    } else if (action === "health") {
      button.disabled = true;
      const result = await api("POST", `/api/v1/connections/${id}/health-check`);
      sessionStorage.setItem(HealthKey, JSON.stringify({ id, result }));
      window.location.reload();
    } else if (action === "disconnect") {
      disconnecting = id;
      document.getElementById("disconnect-name").textContent = card.dataset.name;
      dialog.showModal();
    }
  } catch (problem) {
    button.disabled = false;
    showHealth(card, { checks: [{ name: action, ok: false, detail: problemText(problem) }] });
  }
});

document.getElementById("disconnect-confirm")?.addEventListener("click", async (event) => {
  event.target.disabled = true;
  try {
    await api("DELETE", `/api/v1/connections/${disconnecting}`);
    window.location.reload();
  } catch (problem) {
    event.target.disabled = false;
    dialog.close();
    const card = root.querySelector(`[data-connection-id="${disconnecting}"]`);
    showHealth(card, { checks: [{ name: "disconnect", ok: false, detail: problemText(problem) }] });
  }
});

function showHealth(card, result) {
  const list = card?.querySelector("[data-health-result]");
  if (!list) return;
  list.replaceChildren(...result.checks.map((check) => {
    const item = document.createElement("li");
    item.className = check.ok ? "ok" : "failed";
    item.dataset.check = check.name;
    item.textContent = `${check.ok ? "✓" : "✗"} ${check.name}: ${check.detail}`;
    return item;
  }));
  list.hidden = false;
}

// A health check's answer survives the reload that shows the refreshed connection.
const stored = sessionStorage.getItem(HealthKey);
if (stored) {
  sessionStorage.removeItem(HealthKey);
  const { id, result } = JSON.parse(stored);
  showHealth(root.querySelector(`[data-connection-id="${id}"]`), result);
}

// --- manual connection -----------------------------------------------------------------------------------------

const form = document.getElementById("manual-form");
const manualError = document.getElementById("manual-error");
let idempotencyKey = null;

form?.addEventListener("submit", async (event) => {
  event.preventDefault();
  const submit = document.getElementById("manual-submit");
  const body = Object.fromEntries(new FormData(form).entries());
  if (!body.name) delete body.name;
  // One key per filled-in form: a double click or a retry after a lost response cannot connect twice.
  idempotencyKey ??= randomKey();
  submit.disabled = true;
  manualError.hidden = true;
  try {
    const connection = await api("POST", "/api/v1/connections", body, { "Idempotency-Key": idempotencyKey });
    form.reset();
    form.hidden = true;
    document.getElementById("manual-webhook-url").textContent = connection.webhook?.url ?? "";
    document.getElementById("manual-verify-token").textContent = connection.webhook?.verifyToken ?? "";
    document.getElementById("manual-result").hidden = false;
  } catch (problem) {
    manualError.textContent = problemText(problem);
    manualError.hidden = false;
  } finally {
    submit.disabled = false;
  }
});
function randomKey() {
  // crypto.randomUUID needs a secure context; getRandomValues works on plain-http intranet addresses too.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

form?.addEventListener("input", () => { idempotencyKey = null; });
document.getElementById("manual-done")?.addEventListener("click", () => window.location.reload());

// Every handler above is attached: until now a click on a server-rendered button would do nothing.
root.dataset.ready = "true";
