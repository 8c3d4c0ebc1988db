using WabaGate.Simulator.State;

namespace WabaGate.Simulator.Webhooks;

/// <summary>Where an event goes: phone override → WABA override → app callback (for <c>messages</c>), app callback otherwise.</summary>
internal sealed class WebhookTargets(SimulatorState state)
{
    public (string? Url, string? SkipReason) Resolve(WebhookEvent e)
    {
        var options = state.Options;
        var waba = state.FindWaba(e.WabaId);
        if (!e.AppLevel && options.RequireSubscriptionForWebhooks && waba is { AppSubscribed: false })
        {
            return (null, "skipped: the app is not subscribed to WABA " + e.WabaId);
        }

        if (e.Field == "messages")
        {
            var phone = e.PhoneNumberId is null ? null : state.FindPhone(e.PhoneNumberId);
            if (!string.IsNullOrEmpty(phone?.OverrideCallbackUri)) return (phone.OverrideCallbackUri, null);
            if (!string.IsNullOrEmpty(waba?.OverrideCallbackUri)) return (waba.OverrideCallbackUri, null);
        }

        return string.IsNullOrEmpty(options.WebhookCallbackUrl)
            ? (null, "skipped: no webhook callback URL configured")
            : (options.WebhookCallbackUrl, null);
    }
}
