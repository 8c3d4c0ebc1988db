namespace WabaGate.Simulator.Signup;

/// <summary>
/// A stand-in for Meta's JS SDK (<c>connect.facebook.net/…/sdk.js</c>): <c>FB.init</c>, <c>FB.login</c> (opens the
/// simulated Embedded Signup dialog in a popup), <c>FB.getLoginStatus</c>, and calls <c>window.fbAsyncInit</c>.
/// The dialog talks to it with a non-JSON string message, like the real SDK's internal messages.
/// </summary>
internal static class SdkScript
{
    public static string Render(string root, string appId) => Template.Replace("__ROOT__", root, StringComparison.Ordinal).Replace("__APP_ID__", appId, StringComparison.Ordinal);

    private const string Template = """
        /* Simulated Facebook JS SDK (sandbox). Only what Embedded Signup uses. */
        (function () {
          'use strict';
          if (window.FB && window.FB.__simulated) { return; }
          var ROOT = '__ROOT__';
          var DEFAULT_APP_ID = '__APP_ID__';
          var SIM_ORIGIN = new URL(ROOT, window.location.href).origin;
          var PREFIX = 'fbsim:login?';
          var state = { appId: DEFAULT_APP_ID, version: null, status: 'unknown', authResponse: null };

          function dialogUrl(options) {
            var q = new URLSearchParams();
            q.set('app_id', state.appId);
            if (options.config_id) { q.set('config_id', options.config_id); }
            q.set('response_type', options.response_type || 'code');
            if (options.override_default_response_type) { q.set('override_default_response_type', 'true'); }
            if (options.scope) { q.set('scope', options.scope); }
            if (options.extras) { q.set('extras', JSON.stringify(options.extras)); }
            q.set('origin', window.location.origin);
            q.set('display', 'popup');
            if (state.version) { q.set('version', state.version); }
            return ROOT + '/dialog/oauth?' + q.toString();
          }

          var FB = {
            __simulated: true,
            init: function (options) {
              options = options || {};
              if (options.appId) { state.appId = String(options.appId); }
              state.version = options.version || null;
            },
            getLoginStatus: function (callback) {
              if (typeof callback === 'function') { callback({ status: state.status, authResponse: state.authResponse }); }
            },
            getAuthResponse: function () { return state.authResponse; },
            logout: function (callback) {
              state.status = 'unknown'; state.authResponse = null;
              if (typeof callback === 'function') { callback({ status: 'unknown', authResponse: null }); }
            },
            login: function (callback, options) {
              options = options || {};
              var done = false, timer = null;
              function finish(response) {
                if (done) { return; }
                done = true;
                window.removeEventListener('message', onMessage);
                if (timer) { clearInterval(timer); }
                state.status = response.status; state.authResponse = response.authResponse;
                if (typeof callback === 'function') { callback(response); }
              }
              function onMessage(event) {
                if (event.origin !== SIM_ORIGIN || typeof event.data !== 'string' || event.data.indexOf(PREFIX) !== 0) { return; }
                var q = new URLSearchParams(event.data.substring(PREFIX.length));
                if (q.get('code')) {
                  finish({ status: 'connected', authResponse: { code: q.get('code'), userID: q.get('user_id') || null, expiresIn: null, graphDomain: 'facebook' } });
                } else {
                  finish({ status: 'unknown', authResponse: null });
                }
              }
              window.addEventListener('message', onMessage);
              var popup = window.open(dialogUrl(options), 'fbsim_embedded_signup', 'width=720,height=780,scrollbars=yes');
              if (!popup) { finish({ status: 'unknown', authResponse: null }); return; }
              timer = setInterval(function () {
                if (popup.closed) { clearInterval(timer); timer = null; setTimeout(function () { finish({ status: 'unknown', authResponse: null }); }, 400); }
              }, 300);
            },
            AppEvents: { logEvent: function () {}, logPageView: function () {} },
            XFBML: { parse: function () {} },
            Event: { subscribe: function () {}, unsubscribe: function () {} }
          };
          window.FB = FB;
          if (typeof window.fbAsyncInit === 'function') { setTimeout(function () { window.fbAsyncInit(); }, 0); }
        })();
        """;
}
