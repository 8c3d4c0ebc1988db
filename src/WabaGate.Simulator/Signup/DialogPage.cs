namespace WabaGate.Simulator.Signup;

/// <summary>
/// The simulated Embedded Signup dialog: business portfolio → WABA → business profile → phone number → OTP →
/// permissions. It posts <c>WA_EMBEDDED_SIGNUP</c> events to <c>window.opener</c> as JSON strings exactly as Meta
/// does (FINISH, FINISH_ONLY_WABA, CANCEL with <c>current_step</c> or a reported error) and hands the code to the SDK.
/// With <c>redirect_uri</c> and no opener it redirects like Meta's manual login flow.
/// </summary>
internal static class DialogPage
{
    public static string Render(string configJson) => Template.Replace("__CONFIG__", configJson, StringComparison.Ordinal);

    private const string Template = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Connect WhatsApp (simulated Embedded Signup)</title>
        <style>
          body { font-family: system-ui, sans-serif; background: #f0f2f5; margin: 0; color: #1c1e21; }
          main { max-width: 560px; margin: 24px auto; background: #fff; border-radius: 8px; padding: 24px; box-shadow: 0 1px 3px rgba(0,0,0,.2); }
          .banner { font-size: 12px; background: #fff3cd; padding: 6px 10px; border-radius: 4px; margin-bottom: 16px; }
          h1 { font-size: 20px; margin: 0 0 12px; }
          label { display: block; margin: 12px 0 4px; font-weight: 600; font-size: 14px; }
          input, select { width: 100%; box-sizing: border-box; padding: 8px; font-size: 15px; border: 1px solid #ccd0d5; border-radius: 6px; }
          .actions { display: flex; gap: 8px; justify-content: flex-end; margin-top: 20px; }
          button { padding: 8px 16px; font-size: 15px; border-radius: 6px; border: 1px solid #ccd0d5; background: #fff; cursor: pointer; }
          button.primary { background: #1877f2; color: #fff; border-color: #1877f2; }
          .error { color: #c00; min-height: 1.2em; margin-top: 8px; }
          .hint { font-size: 13px; color: #606770; }
          section[hidden] { display: none; }
          ul { padding-left: 20px; }
          a.report { font-size: 12px; color: #606770; }
        </style>
        </head>
        <body>
        <main>
          <div class="banner">Sandbox: this is WabaGate's simulated Meta Embedded Signup. No real Meta account is used.</div>
          <section data-step="APP_ERROR" hidden>
            <h1>Invalid App ID</h1>
            <p id="es-app-error">The app_id of this login request is not the simulated app's id.</p>
          </section>
          <section data-step="BUSINESS_ACCOUNT_SELECTION" hidden>
            <h1>Choose your business portfolio</h1>
            <label for="es-business-name">Business portfolio name</label>
            <input id="es-business-name" autocomplete="organization">
          </section>
          <section data-step="WABA_PHONE_PROFILE_PICKER" hidden>
            <h1>Create a WhatsApp Business account</h1>
            <label for="es-waba-name">WhatsApp Business account name</label>
            <input id="es-waba-name">
          </section>
          <section data-step="WHATSAPP_BUSINESS_PROFILE_SETUP" hidden>
            <h1>Create a WhatsApp Business profile</h1>
            <label for="es-display-name">Business display name</label>
            <input id="es-display-name">
            <label for="es-category">Category</label>
            <select id="es-category"><option>OTHER</option><option>RETAIL</option><option>HEALTH</option><option>EDU</option><option>PROF_SERVICES</option><option>RESTAURANT</option></select>
          </section>
          <section data-step="PHONE_NUMBER_SETUP" hidden>
            <h1>Add a phone number</h1>
            <label for="es-phone">Phone number (digits, with country code)</label>
            <input id="es-phone" inputmode="tel">
            <p class="hint">A simulated verification code is sent by "SMS" on the next step.</p>
          </section>
          <section data-step="PHONE_NUMBER_VERIFICATION" hidden>
            <h1>Verify your phone number</h1>
            <p class="hint">Simulated SMS: your code is <strong id="es-otp-hint"></strong></p>
            <label for="es-otp">Verification code</label>
            <input id="es-otp" inputmode="numeric" maxlength="6">
          </section>
          <section data-step="PERMISSIONS" hidden>
            <h1>Review what the app can do</h1>
            <p id="es-app-name"></p>
            <ul><li>whatsapp_business_management</li><li>whatsapp_business_messaging</li><li>business_management</li></ul>
          </section>
          <section data-step="DONE" hidden>
            <h1>You're all set</h1>
            <p>Your WhatsApp Business account is connected. This window closes itself.</p>
          </section>
          <div class="error" id="es-error" role="alert"></div>
          <div class="actions" id="es-actions">
            <button type="button" id="es-cancel">Cancel</button>
            <button type="button" class="primary" id="es-continue">Continue</button>
          </div>
          <p><a href="#" class="report" id="es-report">Report a problem</a></p>
        </main>
        <script id="es-config" type="application/json">__CONFIG__</script>
        <script>
        (function () {
          'use strict';
          var config = JSON.parse(document.getElementById('es-config').textContent);
          var extras = config.extras || {};
          var setup = extras.setup || {};
          var onlyWaba = extras.featureType === 'only_waba_sharing';
          var flowVersion = /^v(\d+)/.exec(extras.version || '');
          var steps = onlyWaba
            ? ['BUSINESS_ACCOUNT_SELECTION', 'WABA_PHONE_PROFILE_PICKER', 'PERMISSIONS']
            : ['BUSINESS_ACCOUNT_SELECTION', 'WABA_PHONE_PROFILE_PICKER', 'WHATSAPP_BUSINESS_PROFILE_SETUP', 'PHONE_NUMBER_SETUP', 'PHONE_NUMBER_VERIFICATION', 'PERMISSIONS'];
          var index = 0, finished = false, otp = String(Math.floor(100000 + Math.random() * 900000));
          var sessionId = Math.random().toString(16).slice(2, 17);
          var $ = function (id) { return document.getElementById(id); };

          function show(step) {
            document.querySelectorAll('section[data-step]').forEach(function (s) { s.hidden = s.getAttribute('data-step') !== step; });
            $('es-error').textContent = '';
            $('es-continue').textContent = step === 'PERMISSIONS' ? 'Confirm' : step === 'PHONE_NUMBER_SETUP' ? 'Send code' : 'Continue';
          }
          function current() { return steps[index]; }
          function post(message) {
            if (window.opener && !window.opener.closed) { window.opener.postMessage(message, config.origin || '*'); }
          }
          function sessionEvent(event, data) {
            var payload = { data: data, type: 'WA_EMBEDDED_SIGNUP', event: event };
            if (flowVersion && Number(flowVersion[1]) >= 3) { payload.version = Number(flowVersion[1]); }
            post(JSON.stringify(payload));
          }
          function loginResult(params) { post('fbsim:login?' + new URLSearchParams(params).toString()); }
          function redirect(params) {
            if (!config.redirectUri || (window.opener && !window.opener.closed)) { return false; }
            if (config.state) { params.state = config.state; }
            var url = new URL(config.redirectUri);
            Object.keys(params).forEach(function (k) { url.searchParams.set(k, params[k]); });
            window.location.replace(url.toString());
            return true;
          }
          function close() { setTimeout(function () { window.close(); }, 150); }

          function cancel(data) {
            if (finished) { return; }
            finished = true;
            sessionEvent('CANCEL', data);
            loginResult({ error: 'access_denied' });
            if (!redirect({ error: 'access_denied', error_code: '200', error_description: 'Permissions error', error_reason: 'user_denied' })) { close(); }
          }

          function complete() {
            $('es-continue').disabled = true;
            fetch(config.root + '/dialog/complete', {
              method: 'POST', headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({
                appId: config.appId, businessName: $('es-business-name').value, wabaName: $('es-waba-name').value,
                verifiedName: $('es-display-name').value, phoneNumber: $('es-phone').value, onlyWaba: onlyWaba, redirectUri: config.redirectUri || null
              })
            }).then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); }).then(function (result) {
              finished = true;
              show('DONE');
              $('es-actions').hidden = true;
              if (onlyWaba) {
                sessionEvent('FINISH_ONLY_WABA', { waba_id: result.wabaId, business_id: result.businessId });
              } else {
                sessionEvent('FINISH', { phone_number_id: result.phoneNumberIds[0], waba_id: result.wabaId, business_id: result.businessId });
              }
              loginResult({ code: result.code, user_id: result.userId || '' });
              if (!redirect({ code: result.code })) { close(); }
            }).catch(function (e) { $('es-continue').disabled = false; $('es-error').textContent = 'Something went wrong: ' + e.message; });
          }

          function next() {
            var step = current();
            if (step === 'BUSINESS_ACCOUNT_SELECTION' && !$('es-business-name').value.trim()) { $('es-error').textContent = 'Enter a business portfolio name.'; return; }
            if (step === 'WABA_PHONE_PROFILE_PICKER' && !$('es-waba-name').value.trim()) { $('es-error').textContent = 'Enter an account name.'; return; }
            if (step === 'WHATSAPP_BUSINESS_PROFILE_SETUP' && !$('es-display-name').value.trim()) { $('es-error').textContent = 'Enter a display name.'; return; }
            if (step === 'PHONE_NUMBER_SETUP') {
              if (!/^\+?[0-9 ()-]{8,20}$/.test($('es-phone').value)) { $('es-error').textContent = 'Enter a valid phone number.'; return; }
              $('es-otp-hint').textContent = otp;
            }
            if (step === 'PHONE_NUMBER_VERIFICATION' && $('es-otp').value.trim() !== otp) { $('es-error').textContent = 'The code is not correct.'; return; }
            if (step === 'PERMISSIONS') { complete(); return; }
            index++;
            show(current());
          }

          if (config.appIdMismatch) {
            show('APP_ERROR');
            $('es-actions').hidden = true;
            return;
          }
          var business = setup.business || {};
          var phoneSetup = setup.phone || {};
          $('es-business-name').value = business.name || '';
          $('es-waba-name').value = business.name || '';
          $('es-display-name').value = phoneSetup.displayName || business.name || '';
          $('es-phone').value = business.phone && business.phone.number ? String(business.phone.code || '') + String(business.phone.number) : config.suggestedPhone;
          $('es-app-name').textContent = config.appName + ' will be able to manage and message from your WhatsApp Business account.';
          $('es-business-name').addEventListener('change', function () {
            if (!$('es-waba-name').value) { $('es-waba-name').value = $('es-business-name').value; }
            if (!$('es-display-name').value) { $('es-display-name').value = $('es-business-name').value; }
          });
          $('es-continue').addEventListener('click', next);
          $('es-cancel').addEventListener('click', function () { cancel({ current_step: current() }); });
          $('es-report').addEventListener('click', function (e) {
            e.preventDefault();
            cancel({ error_message: 'The user reported a problem in the simulated signup.', error_id: '524126', session_id: sessionId, timestamp: String(Math.floor(Date.now() / 1000)) });
          });
          window.addEventListener('pagehide', function () { if (!finished) { cancel({ current_step: current() }); } });
          show(current());
        })();
        </script>
        </body>
        </html>
        """;
}
