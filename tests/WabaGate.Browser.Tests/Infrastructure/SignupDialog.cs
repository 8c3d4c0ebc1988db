using Microsoft.Playwright;

namespace WabaGate.Browser.Tests.Infrastructure;

/// <summary>Drives the simulator's Embedded Signup popup like a user would.</summary>
internal sealed class SignupDialog(IPage popup)
{
    public IPage Page => popup;

    public Task WaitForLoadAsync() => popup.WaitForLoadStateAsync(LoadState.DOMContentLoaded);

    /// <summary>Asserts that the dialog shows <paramref name="step"/> (a Meta <c>current_step</c> name).</summary>
    public Task ExpectStepAsync(string step) =>
        Assertions.Expect(popup.Locator($"section[data-step=\"{step}\"]")).ToBeVisibleAsync();

    public Task ContinueAsync() => popup.ClickAsync("#es-continue");

    public Task CancelAsync() => popup.ClickAsync("#es-cancel");

    /// <summary>Business portfolio → WABA → business profile → phone number → OTP; stops on the permissions screen.</summary>
    public async Task WalkToPermissionsAsync(string business, string phone)
    {
        await ExpectStepAsync("BUSINESS_ACCOUNT_SELECTION");
        await popup.FillAsync("#es-business-name", business);
        await ContinueAsync();

        await ExpectStepAsync("WABA_PHONE_PROFILE_PICKER");
        await popup.FillAsync("#es-waba-name", business + " WhatsApp");
        await ContinueAsync();

        await ExpectStepAsync("WHATSAPP_BUSINESS_PROFILE_SETUP");
        await popup.FillAsync("#es-display-name", business);
        await popup.SelectOptionAsync("#es-category", "RETAIL");
        await ContinueAsync();

        await ExpectStepAsync("PHONE_NUMBER_SETUP");
        await popup.FillAsync("#es-phone", phone);
        await ContinueAsync();

        await ExpectStepAsync("PHONE_NUMBER_VERIFICATION");
        var otp = await popup.Locator("#es-otp-hint").InnerTextAsync();
        await popup.FillAsync("#es-otp", otp);
        await ContinueAsync();

        await ExpectStepAsync("PERMISSIONS");
    }

    /// <summary>Confirms the permissions screen and waits for the dialog to close itself.</summary>
    public async Task ConfirmAsync()
    {
        await ExpectStepAsync("PERMISSIONS");
        var closed = popup.WhenClosedAsync();
        await ContinueAsync();
        await closed;
    }
}
