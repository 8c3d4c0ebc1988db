using System.Text.Json;

namespace WabaGate.Browser.Tests.Infrastructure;

/// <summary>
/// A host application's "Connect WhatsApp" page written the way Meta's Embedded Signup docs say: it loads the SDK,
/// <c>FB.init</c>s it, calls <c>FB.login</c> from a click, and listens for <c>WA_EMBEDDED_SIGNUP</c> messages, taking
/// only those from the SDK's origin. What it receives lands in <c>window.signup</c> (and, readable, in the DOM).
/// Query: <c>featureType</c> (passed in <c>extras</c>), <c>autostart=1</c> (calls <c>FB.login</c> without a user gesture).
/// </summary>
internal static class HostPageHtml
{
    public static string Render(string sdkUrl, string sdkOrigin, string appId, string configId) => Template
        .Replace("__SETTINGS__", JsonSerializer.Serialize(new { sdkOrigin, appId, configId }), StringComparison.Ordinal)
        .Replace("__SDK__", sdkUrl, StringComparison.Ordinal);

    private const string Template = """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Host app: connect WhatsApp</title></head>
        <body>
        <h1>Connect your WhatsApp Business account</h1>
        <button type="button" id="connect" disabled>Connect WhatsApp</button>
        <h2>Session events</h2><pre id="events"></pre>
        <h2>Login callback</h2><pre id="logins"></pre>
        <script>
          var settings = __SETTINGS__;
          var query = new URLSearchParams(window.location.search);
          window.signup = { events: [], logins: [], foreign: [] };

          window.addEventListener('message', function (event) {
            if (event.origin !== settings.sdkOrigin) { window.signup.foreign.push(event.origin); return; }
            var message;
            try { message = JSON.parse(event.data); } catch (e) { return; } // the SDK's own, non-JSON messages
            if (!message || message.type !== 'WA_EMBEDDED_SIGNUP') { return; }
            window.signup.events.push({ origin: event.origin, dataType: typeof event.data, raw: event.data, message: message });
            document.getElementById('events').textContent += event.data + '\n';
          });

          function onLogin(response) { // a plain function: the SDK rejects async callbacks
            window.signup.logins.push(response);
            document.getElementById('logins').textContent += JSON.stringify(response) + '\n';
          }

          function startSignup() {
            FB.login(onLogin, {
              config_id: settings.configId,
              response_type: 'code',
              override_default_response_type: true,
              extras: { setup: {}, featureType: query.get('featureType') || '', sessionInfoVersion: '3' }
            });
          }

          window.fbAsyncInit = function () {
            FB.init({ appId: settings.appId, autoLogAppEvents: true, xfbml: true, version: 'v24.0' });
            var button = document.getElementById('connect');
            button.addEventListener('click', startSignup);
            button.disabled = false;
            if (query.get('autostart') === '1') { startSignup(); }
          };
        </script>
        <script async defer crossorigin="anonymous" src="__SDK__"></script>
        </body>
        </html>
        """;
}
