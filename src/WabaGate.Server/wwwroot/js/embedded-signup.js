/**
 * WabaGate Embedded Signup: connects a WhatsApp Business account through Meta's Embedded Signup popup.
 * A plain ES module (no build step), used by WabaGate's own settings page and embeddable in a host application.
 *
 * State machine: idle → pending (the Meta window is open) → checking (completing with WabaGate, or polling for the
 * result) → success | error. Cancelling in the Meta window returns to idle (and is reported to the API for the
 * funnel); every error carries the problem's `detail` and can be retried.
 *
 *   import { EmbeddedSignup } from "/js/embedded-signup.js";
 *   const signup = new EmbeddedSignup({ target: document.querySelector("#connect-area") });
 *   signup.prepare();                                    // fetch the config and load the SDK early (optional)
 *   button.addEventListener("click", () => signup.start()); // call start() from a click: pop-up blockers
 *   target.addEventListener("wabagate:signup-success", (e) => console.log(e.detail.connection));
 *
 * Options:
 *   apiBase       where the WabaGate API (or the host application's proxy of it) lives; default: this origin.
 *   headers       extra request headers, an object or a function returning one (e.g. the host's own CSRF header).
 *   credentials   fetch credentials mode; default "same-origin" (the WabaGate session cookie).
 *   target        the element (default: document) that receives the DOM events below.
 *   featureType   Meta's extras.featureType: "" (default), "only_waba_sharing", "whatsapp_business_app_onboarding".
 *   pollInterval  ms between status polls when the window closed without a message (default 3000).
 *   pollTimeout   ms to keep polling (default 120000).
 *
 * DOM events (CustomEvent, bubbling, on `target`; the same events are dispatched on the instance):
 *   wabagate:signup-state          { state, previous, ...details }   on every transition
 *   wabagate:signup-success        { connection }                    the API's connection object
 *   wabagate:signup-cancel         { step, errorMessage }            the user left the Meta flow
 *   wabagate:signup-error          { problem }                       problem details ({ code, detail, ... })
 *   wabagate:signup-popup-blocked  {}                                the browser blocked the Meta window
 *
 * Messages are accepted only from the SDK's origin: facebook.com (production) or the origin serving the SDK
 * (the sandbox's simulated Meta); the redirect-flow page /onboarding/callback relays with a same-origin message.
 */

export const SignupStates = Object.freeze({
  idle: "idle",
  pending: "pending",
  checking: "checking",
  success: "success",
  error: "error",
});

const ApiPaths = Object.freeze({
  config: "/api/v1/onboarding/embedded-signup/config",
  complete: "/api/v1/onboarding/embedded-signup/complete",
  cancel: "/api/v1/onboarding/embedded-signup/cancel",
  status: "/api/v1/onboarding/embedded-signup/status",
});

/** The message type /onboarding/callback posts to its opener (redirect flow). */
export const CallbackMessageType = "WABAGATE_SIGNUP_CALLBACK";

const FinishEvents = new Set(["FINISH", "FINISH_ONLY_WABA", "FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING"]);
const ConfigLifetimeMs = 9 * 60 * 1000; // the state is valid for 10 minutes
const MessageGraceMs = 1500; // the login callback and the session message may arrive in either order

export class EmbeddedSignup extends EventTarget {
  #options;
  #state = SignupStates.idle;
  #config = null;
  #configAt = 0;
  #configPromise = null;
  #sdkPromise = null;
  #attempt = null;
  #onMessage = (event) => this.#handleMessage(event);

  constructor(options = {}) {
    super();
    this.#options = {
      apiBase: "",
      headers: {},
      credentials: "same-origin",
      target: typeof document === "undefined" ? null : document,
      featureType: "",
      pollInterval: 3000,
      pollTimeout: 120000,
      ...options,
    };
    window.addEventListener("message", this.#onMessage);
  }

  /** The current state (one of SignupStates). */
  get state() {
    return this.#state;
  }

  /** Fetches a signup configuration and loads Meta's SDK ahead of the click, so the popup opens at once. */
  async prepare() {
    const config = await this.#freshConfig();
    await this.#loadSdk(config);
    return config;
  }

  /** Starts the signup. Call it from a click handler: browsers only allow pop-ups that follow a user gesture. */
  async start() {
    if (this.#state === SignupStates.pending || this.#state === SignupStates.checking) return;
    let config;
    try {
      config = this.#usableConfig() ?? (await this.prepare());
      await this.#loadSdk(config);
    } catch (error) {
      this.#fail(problemFrom(error));
      return;
    }

    this.#config = null; // the state inside is single-use: the next attempt needs a new one
    const attempt = { config, startedAt: new Date(), code: null, finish: null, cancel: null, done: false, timer: null };
    this.#attempt = attempt;
    this.#set(SignupStates.pending);

    const opened = this.#login(config, attempt);
    if (!opened) {
      attempt.done = true;
      this.#emit("wabagate:signup-popup-blocked", {});
      this.#fail({ code: "popup_blocked", detail: "The browser blocked the Meta window. Allow pop-ups for this site and try again." });
      this.#prefetch();
    }
  }

  /** Starts again after an error (from a click, like start). */
  retry() {
    return this.start();
  }

  /** Forgets the current attempt and returns to idle. */
  reset() {
    if (this.#attempt) this.#attempt.done = true;
    this.#attempt = null;
    this.#set(SignupStates.idle);
  }

  /** Stops listening for messages. */
  dispose() {
    window.removeEventListener("message", this.#onMessage);
    this.reset();
  }

  // --- Meta SDK -------------------------------------------------------------------------------------------------

  /** Calls FB.login; returns false when the browser blocked the popup. */
  #login(config, attempt) {
    const nativeOpen = window.open;
    let popup;
    let called = false;
    // FB.login opens its window synchronously; watching window.open is the only reliable way to see a blocked popup.
    window.open = function (...args) {
      called = true;
      popup = nativeOpen.apply(window, args);
      return popup;
    };
    try {
      window.FB.login((response) => this.#handleLogin(attempt, response), {
        config_id: config.configId,
        response_type: "code",
        override_default_response_type: true,
        extras: {
          setup: {},
          featureType: this.#options.featureType || "",
          sessionInfoVersion: String(config.extras?.sessionInfoVersion ?? 3),
          ...(config.extras?.version ? { version: config.extras.version } : {}),
        },
      });
    } finally {
      window.open = nativeOpen;
    }
    return !called || !!popup;
  }

  #loadSdk(config) {
    if (window.FB?.login) {
      if (!this.#sdkPromise) {
        window.FB.init({ appId: config.appId, autoLogAppEvents: true, xfbml: false, version: config.graphVersion });
        this.#sdkPromise = Promise.resolve();
      }
      return this.#sdkPromise;
    }
    this.#sdkPromise ??= new Promise((resolve, reject) => {
      const previous = window.fbAsyncInit;
      window.fbAsyncInit = () => {
        window.FB.init({ appId: config.appId, autoLogAppEvents: true, xfbml: false, version: config.graphVersion });
        if (typeof previous === "function") previous();
        resolve();
      };
      const script = document.createElement("script");
      script.async = true;
      script.defer = true;
      script.crossOrigin = "anonymous";
      script.src = this.#sdkUrl(config);
      script.onerror = () => {
        this.#sdkPromise = null;
        reject({ code: "sdk_unavailable", detail: "Meta's sign-in script could not be loaded. Check the connection and any content blocker, then try again." });
      };
      document.head.appendChild(script);
    });
    return this.#sdkPromise;
  }

  #sdkUrl(config) {
    return new URL(config.sdkUrl, this.#apiUrl("/")).toString();
  }

  /** Whether a message really comes from Meta (facebook.com) or from the origin serving the simulated SDK. */
  #trustedOrigin(origin) {
    const config = this.#attempt?.config;
    if (!config) return false;
    const sdk = new URL(this.#sdkUrl(config));
    if (sdk.hostname === "connect.facebook.net") {
      let from;
      try { from = new URL(origin); } catch { return false; }
      return from.protocol === "https:" && (from.hostname === "facebook.com" || from.hostname.endsWith(".facebook.com"));
    }
    return origin === sdk.origin;
  }

  // --- messages and the login callback -------------------------------------------------------------------------

  #handleMessage(event) {
    const attempt = this.#attempt;
    if (!attempt || attempt.done) return;

    // The redirect flow's callback page, on this page's own origin.
    if (event.origin === window.location.origin && event.data && typeof event.data === "object" && event.data.type === CallbackMessageType) {
      if (event.data.state !== attempt.config.state) return;
      if (event.data.code) {
        attempt.code = event.data.code;
        this.#completeSoon(attempt);
      } else {
        this.#cancelled(attempt, { current_step: event.data.error || "redirect_error" });
      }
      return;
    }

    if (!this.#trustedOrigin(event.origin) || typeof event.data !== "string") return;
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return; // the SDK's own, non-JSON messages
    }
    if (!message || message.type !== "WA_EMBEDDED_SIGNUP") return;
    const data = message.data || {};
    if (FinishEvents.has(message.event)) {
      attempt.finish = { event: message.event, wabaId: data.waba_id, phoneNumberId: data.phone_number_id, businessId: data.business_id };
      if (attempt.code) this.#complete(attempt);
    } else if (message.event === "CANCEL") {
      this.#cancelled(attempt, data);
    } else if (message.event === "ERROR") {
      attempt.done = true;
      this.#reportCancel(attempt, { error_message: data.error_message, error_id: data.error_id, session_id: data.session_id });
      this.#fail({ code: "signup_error", detail: data.error_message || "Meta reported an error in the signup." });
    }
  }

  #handleLogin(attempt, response) {
    if (attempt.done) return;
    const code = response?.authResponse?.code;
    if (code) {
      attempt.code = code;
      this.#completeSoon(attempt);
      return;
    }
    // No code: a CANCEL message may still be on its way; without one, the window was just closed.
    attempt.timer = setTimeout(() => {
      if (attempt.done) return;
      if (attempt.cancel) return;
      this.#poll(attempt);
    }, MessageGraceMs);
  }

  #completeSoon(attempt) {
    if (attempt.finish) {
      this.#complete(attempt);
      return;
    }
    // The FINISH message carries the WABA id; give it a moment, then complete without it (the server checks the grant).
    attempt.timer = setTimeout(() => this.#complete(attempt), MessageGraceMs);
  }

  #cancelled(attempt, data) {
    if (attempt.done) return;
    attempt.done = true;
    attempt.cancel = data;
    clearTimeout(attempt.timer);
    this.#reportCancel(attempt, data);
    if (data.error_message) {
      // A user-reported error from inside the flow: show it, offer a retry.
      this.#emit("wabagate:signup-cancel", { step: null, errorMessage: data.error_message });
      this.#fail({ code: "signup_error", detail: data.error_message });
    } else {
      this.#emit("wabagate:signup-cancel", { step: data.current_step ?? null, errorMessage: null });
      this.#attempt = null;
      this.#set(SignupStates.idle, { cancelled: true, step: data.current_step ?? null });
    }
    this.#prefetch();
  }

  async #complete(attempt) {
    if (attempt.done) return;
    attempt.done = true;
    clearTimeout(attempt.timer);
    this.#set(SignupStates.checking);
    try {
      const connection = await this.#request("POST", ApiPaths.complete, {
        code: attempt.code,
        state: attempt.config.state,
        wabaId: attempt.finish?.wabaId ?? null,
        phoneNumberId: attempt.finish?.phoneNumberId ?? null,
        businessId: attempt.finish?.businessId ?? null,
        event: attempt.finish?.event ?? null,
      });
      this.#succeed(connection);
    } catch (error) {
      this.#fail(problemFrom(error));
      this.#prefetch();
    }
  }

  /** The window closed without a message: the signup may still have finished (e.g. another tab); poll for it. */
  async #poll(attempt) {
    attempt.done = true;
    this.#set(SignupStates.checking, { polling: true });
    const after = new Date(attempt.startedAt.getTime() - 5000).toISOString();
    const deadline = Date.now() + this.#options.pollTimeout;
    while (this.#attempt === attempt && Date.now() < deadline) {
      try {
        const status = await this.#request("GET", `${ApiPaths.status}?after=${encodeURIComponent(after)}`);
        if (status.connected) {
          this.#succeed(status.connection);
          return;
        }
      } catch {
        // keep polling: a lost request is not an answer
      }
      await new Promise((resolve) => setTimeout(resolve, this.#options.pollInterval));
    }
    if (this.#attempt === attempt) {
      this.#fail({ code: "signup_not_confirmed", detail: "The Meta window closed before the signup finished." });
      this.#prefetch();
    }
  }

  #reportCancel(attempt, data) {
    this.#request("POST", ApiPaths.cancel, {
      state: attempt.config.state,
      currentStep: data.current_step ?? null,
      errorMessage: data.error_message ?? null,
      errorId: data.error_id != null ? String(data.error_id) : null,
      sessionId: data.session_id ?? null,
    }).catch(() => { /* funnel data only */ });
  }

  // --- state ---------------------------------------------------------------------------------------------------

  #succeed(connection) {
    this.#attempt = null;
    this.#set(SignupStates.success, { connection });
    this.#emit("wabagate:signup-success", { connection });
  }

  #fail(problem) {
    this.#attempt = null;
    this.#set(SignupStates.error, { problem });
    this.#emit("wabagate:signup-error", { problem });
  }

  #set(state, details = {}) {
    const previous = this.#state;
    this.#state = state;
    this.#emit("wabagate:signup-state", { state, previous, ...details });
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
    this.#options.target?.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }));
  }

  // --- API -----------------------------------------------------------------------------------------------------

  #usableConfig() {
    return this.#config && Date.now() - this.#configAt < ConfigLifetimeMs ? this.#config : null;
  }

  async #freshConfig() {
    const usable = this.#usableConfig();
    if (usable) return usable;
    this.#configPromise ??= this.#request("GET", ApiPaths.config)
      .then((config) => {
        this.#config = config;
        this.#configAt = Date.now();
        return config;
      })
      .finally(() => { this.#configPromise = null; });
    return this.#configPromise;
  }

  /** Gets the next attempt's state in the background, so a retry opens the window straight from the click. */
  #prefetch() {
    this.#freshConfig().catch(() => { /* start() fetches again and reports the error */ });
  }

  #apiUrl(path) {
    return new URL(path, this.#options.apiBase || window.location.origin).toString();
  }

  async #request(method, path, body) {
    const extra = typeof this.#options.headers === "function" ? await this.#options.headers() : this.#options.headers;
    const headers = { Accept: "application/json", "X-Requested-With": "XMLHttpRequest", ...extra };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(this.#apiUrl(path), {
        method,
        headers,
        credentials: this.#options.credentials,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw { code: "network_error", detail: "WabaGate could not be reached. Check the connection and try again." };
    }
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    if (!response.ok) {
      throw json && typeof json === "object" ? json : { code: "http_" + response.status, detail: `The request failed (HTTP ${response.status}).` };
    }
    return json;
  }
}

function problemFrom(error) {
  if (error && typeof error === "object" && (error.detail || error.code)) return error;
  return { code: "unexpected", detail: String(error?.message ?? error ?? "Unexpected error.") };
}
