using System.Net;
using WabaGate.Simulator.Tests.Infrastructure;

namespace WabaGate.Simulator.Tests;

public sealed class SubscribedAppsTests
{
    [Fact]
    public async Task Override_requires_subscription_first_then_a_verified_callback()
    {
        await using var sim = await TestSim.StartAsync();
        var session = await sim.ControlPostAsync("/signup-sessions", new { });
        var token = await sim.ExchangeAsync(session["code"]!.GetValue<string>());
        var waba = session["wabaId"]!.GetValue<string>();
        var overrideUrl = sim.Receiver.Url("/override");

        var (status, error) = await sim.PostAsync($"{waba}/subscribed_apps", token, $$"""{"override_callback_uri":"{{overrideUrl}}","verify_token":"verify-me"}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        MetaAssert.Error(error, 100);
        Assert.StartsWith("(#100) Before override the current callback uri, your app must be subscribed", error["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty((await sim.GetAsync($"{waba}/subscribed_apps", token)).Body["data"]!.AsArray());

        Assert.Equal(HttpStatusCode.OK, (await sim.PostAsync($"{waba}/subscribed_apps", token)).Status);
        var (_, subscribed) = await sim.GetAsync($"{waba}/subscribed_apps", token);
        Assert.Equal(TestSim.AppId, subscribed["data"]![0]!["whatsapp_business_api_data"]!["id"]!.GetValue<string>());

        var (badVerify, badError) = await sim.PostAsync($"{waba}/subscribed_apps", token, $$"""{"override_callback_uri":"{{overrideUrl}}","verify_token":"wrong"}""");
        Assert.Equal(HttpStatusCode.BadRequest, badVerify);
        MetaAssert.Error(badError, 2200);

        var before = sim.Receiver.VerificationRequests;
        Assert.Equal(HttpStatusCode.OK, (await sim.PostAsync($"{waba}/subscribed_apps", token, $$"""{"override_callback_uri":"{{overrideUrl}}","verify_token":"verify-me"}""")).Status);
        Assert.True(sim.Receiver.VerificationRequests > before, "the simulator must verify the override with a GET handshake");
        var (_, overridden) = await sim.GetAsync($"{waba}/subscribed_apps", token);
        Assert.Equal(overrideUrl, overridden["data"]![0]!["override_callback_uri"]!.GetValue<string>());

        // messages webhooks now go to the override
        var phone = session["phoneNumberIds"]![0]!.GetValue<string>();
        await sim.CustomerWritesAsync("5511988887777", phone);
        await sim.Receiver.WaitForAsync(r => r.Any(d => d.Path == "/override"));

        // posting again without a body removes the override; DELETE unsubscribes
        Assert.Equal(HttpStatusCode.OK, (await sim.PostAsync($"{waba}/subscribed_apps", token)).Status);
        Assert.Null((await sim.GetAsync($"{waba}/subscribed_apps", token)).Body["data"]![0]!["override_callback_uri"]);
        Assert.Equal(HttpStatusCode.OK, (await sim.DeleteAsync($"{waba}/subscribed_apps", token)).Status);
        Assert.Empty((await sim.GetAsync($"{waba}/subscribed_apps", token)).Body["data"]!.AsArray());
    }

    [Fact]
    public async Task Webhooks_wait_for_the_subscription()
    {
        await using var sim = await TestSim.StartAsync(o => o.SendPartnerAddedOnSignup = false);
        var session = await sim.ControlPostAsync("/signup-sessions", new { });
        var phone = session["phoneNumberIds"]![0]!.GetValue<string>();
        await sim.CustomerWritesAsync("5511988887777", phone);
        await Task.Delay(200, Ct);
        Assert.Empty(sim.Receiver.Received);
        Assert.Contains(sim.Host.State.GetDeliveryLog(), a => a.Error is not null && a.Error.Contains("not subscribed", StringComparison.Ordinal));
    }
}
