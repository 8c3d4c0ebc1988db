using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace WabaGate.Browser.Tests.Infrastructure;

/// <summary>A session-logging message as the host page received it.</summary>
/// <param name="Origin">The <c>MessageEvent.origin</c>.</param>
/// <param name="DataType">JavaScript <c>typeof event.data</c> (Meta sends a JSON string).</param>
/// <param name="Message">The parsed message: <c>type</c>, <c>event</c>, <c>data</c>.</param>
public sealed record SessionEvent(string Origin, string DataType, JsonObject Message)
{
    public string Type => (string)Message["type"]!;
    public string Event => (string)Message["event"]!;
    public JsonObject Data => Message["data"]!.AsObject();
}

/// <summary>Drives the host page of <see cref="HostApp"/> and reads what it recorded.</summary>
internal sealed class HostPage(IPage page)
{
    public IPage Page => page;

    public async Task OpenAsync(string url)
    {
        await page.GotoAsync(url);
        await Assertions.Expect(page.Locator("#connect")).ToBeEnabledAsync(); // the SDK loaded and fbAsyncInit ran
    }

    /// <summary>Clicks "Connect WhatsApp" (a real user gesture) and returns the signup popup.</summary>
    public async Task<SignupDialog> ConnectAsync()
    {
        var popup = await page.RunAndWaitForPopupAsync(() => page.ClickAsync("#connect"));
        var dialog = new SignupDialog(popup);
        await dialog.WaitForLoadAsync();
        return dialog;
    }

    public async Task<SessionEvent> WaitForSessionEventAsync()
    {
        await page.WaitForFunctionAsync("() => window.signup.events.length > 0");
        return (await SessionEventsAsync())[0];
    }

    public async Task<IReadOnlyList<SessionEvent>> SessionEventsAsync()
    {
        var events = await ReadAsync("window.signup.events");
        return [.. events.Select(e => new SessionEvent((string)e!["origin"]!, (string)e["dataType"]!, e["message"]!.AsObject()))];
    }

    /// <summary>Waits for the <c>FB.login</c> callback and returns its response.</summary>
    public async Task<JsonObject> WaitForLoginResponseAsync()
    {
        await page.WaitForFunctionAsync("() => window.signup.logins.length > 0");
        return (await LoginResponsesAsync())[0];
    }

    public async Task<IReadOnlyList<JsonObject>> LoginResponsesAsync() =>
        [.. (await ReadAsync("window.signup.logins")).Select(l => l!.AsObject())];

    private async Task<JsonArray> ReadAsync(string expression) =>
        JsonNode.Parse(await page.EvaluateAsync<string>($"() => JSON.stringify({expression})"))!.AsArray();
}
