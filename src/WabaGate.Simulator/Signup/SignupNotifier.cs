using WabaGate.Simulator.State;
using WabaGate.Simulator.Webhooks;

namespace WabaGate.Simulator.Signup;

/// <summary>What Meta does after an Embedded Signup completes: an <c>account_update</c> <c>PARTNER_ADDED</c> webhook.</summary>
internal static class SignupNotifier
{
    public static void Completed(SimulatorState state, WebhookDispatcher dispatcher, SignupResult result)
    {
        if (!state.Options.SendPartnerAddedOnSignup || state.FindWaba(result.WabaId) is not { } waba) return;
        dispatcher.Enqueue(WebhookPayloads.AccountUpdate(waba, "PARTNER_ADDED", null, state.Now));
    }
}
