using System.Net;
using WabaGate.Simulator.Tests.Infrastructure;

namespace WabaGate.Simulator.Tests;

public sealed class SignupAndTokenTests
{
    [Fact]
    public async Task Signup_session_code_exchanges_once_then_reuse_is_36009()
    {
        await using var sim = await TestSim.StartAsync();
        var session = await sim.ControlPostAsync("/signup-sessions", new { phoneNumbers = 2, businessName = "Clínica Sol" });
        Assert.Equal(2, session["phoneNumberIds"]!.AsArray().Count);
        var code = session["code"]!.GetValue<string>();

        var (status, body) = await sim.GetAsync($"oauth/access_token?client_id={TestSim.AppId}&client_secret={Uri.EscapeDataString(TestSim.AppSecret)}&code={code}", null);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("EAA", body["access_token"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("bearer", body["token_type"]!.GetValue<string>());
        Assert.True(body["expires_in"]!.GetValue<long>() > 5_000_000);

        var (again, error) = await sim.GetAsync($"oauth/access_token?client_id={TestSim.AppId}&client_secret={Uri.EscapeDataString(TestSim.AppSecret)}&code={code}", null);
        Assert.Equal(HttpStatusCode.BadRequest, again);
        MetaAssert.Error(error, 100, 36009);
        Assert.Equal("This authorization code has been used.", error["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Code_expires_after_30_seconds()
    {
        await using var sim = await TestSim.StartAsync();
        var session = await sim.ControlPostAsync("/signup-sessions", new { });
        sim.Clock.Advance(TimeSpan.FromSeconds(31));
        var (status, error) = await sim.GetAsync($"oauth/access_token?client_id={TestSim.AppId}&client_secret={Uri.EscapeDataString(TestSim.AppSecret)}&code={session["code"]}", null);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        MetaAssert.Error(error, 100);
        Assert.Contains("expired", error["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Code_exchange_checks_app_credentials_and_redirect_uri()
    {
        await using var sim = await TestSim.StartAsync();
        var code = (await sim.ControlPostAsync("/signup-sessions", new { }))["code"]!.GetValue<string>();
        MetaAssert.Error((await sim.GetAsync($"oauth/access_token?client_id=999&client_secret=x&code={code}", null)).Body, 101);
        MetaAssert.Error((await sim.GetAsync($"oauth/access_token?client_id={TestSim.AppId}&client_secret=wrong&code={code}", null)).Body, 1);
        MetaAssert.Error((await sim.GetAsync($"oauth/access_token?client_id={TestSim.AppId}&client_secret={Uri.EscapeDataString(TestSim.AppSecret)}&code={code}&redirect_uri=https%3A%2F%2Fother.example%2F", null)).Body, 100, 36008);
        MetaAssert.Error((await sim.GetAsync($"oauth/access_token?client_id={TestSim.AppId}&client_secret={Uri.EscapeDataString(TestSim.AppSecret)}&code=garbage", null)).Body, 100);
        Assert.StartsWith("EAA", await sim.ExchangeAsync(code), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Debug_token_granular_scopes_name_the_waba_and_business()
    {
        await using var sim = await TestSim.StartAsync();
        var c = await sim.ConnectAsync();
        var appToken = TestSim.AppId + "|" + TestSim.AppSecret;
        var (status, body) = await sim.GetAsync($"debug_token?input_token={c.Token}", appToken);
        Assert.Equal(HttpStatusCode.OK, status);
        var data = body["data"]!;
        Assert.True(data["is_valid"]!.GetValue<bool>());
        Assert.Equal(TestSim.AppId, data["app_id"]!.GetValue<string>());
        Assert.Equal("SYSTEM_USER", data["type"]!.GetValue<string>());
        Assert.True(data["expires_at"]!.GetValue<long>() > DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var scopes = data["scopes"]!.AsArray().Select(s => s!.GetValue<string>()).ToList();
        Assert.Contains("whatsapp_business_management", scopes);
        Assert.Contains("whatsapp_business_messaging", scopes);
        Assert.Contains("business_management", scopes);
        var granular = data["granular_scopes"]!.AsArray();
        var management = granular.Single(g => g!["scope"]!.GetValue<string>() == "whatsapp_business_management")!;
        Assert.Equal([c.WabaId], management["target_ids"]!.AsArray().Select(t => t!.GetValue<string>()));
        var business = granular.Single(g => g!["scope"]!.GetValue<string>() == "business_management")!;
        Assert.Equal([c.BusinessId], business["target_ids"]!.AsArray().Select(t => t!.GetValue<string>()));

        var (_, unknown) = await sim.GetAsync("debug_token?input_token=EAAnope", appToken);
        Assert.False(unknown["data"]!["is_valid"]!.GetValue<bool>());
        Assert.Equal(190, unknown["data"]!["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Unknown_token_is_190_with_401_and_revoked_token_stops_working()
    {
        await using var sim = await TestSim.StartAsync();
        var c = await sim.ConnectAsync();
        var (status, error) = await sim.GetAsync($"{c.WabaId}/phone_numbers", "EAAunknown");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        MetaAssert.Error(error, 190);

        Assert.Equal(HttpStatusCode.OK, (await sim.GetAsync($"{c.WabaId}/phone_numbers", c.Token)).Status);
        await sim.ControlPostAsync("/tokens/revoke", new { accessToken = c.Token }, HttpStatusCode.NoContent);
        var (revoked, revokedError) = await sim.GetAsync($"{c.WabaId}/phone_numbers", c.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, revoked);
        MetaAssert.Error(revokedError, 190, 458);
    }

    [Fact]
    public async Task Token_for_another_waba_cannot_see_this_one()
    {
        await using var sim = await TestSim.StartAsync();
        var a = await sim.ConnectAsync();
        var b = await sim.ConnectAsync();
        var (status, error) = await sim.GetAsync($"{a.WabaId}/phone_numbers", b.Token);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        MetaAssert.Error(error, 100, 33);
        Assert.Equal("GraphMethodException", error["error"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Versions_outside_the_supported_range_and_unknown_paths_are_meta_errors()
    {
        await using var sim = await TestSim.StartAsync();
        var c = await sim.ConnectAsync();
        foreach (var version in new[] { "v21.0", "v26.0" })
        {
            var (ok, _) = await sim.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{sim.Host.GraphBaseUrl}/{version}/{c.PhoneId}"), c.Token);
            Assert.Equal(HttpStatusCode.OK, ok);
        }

        var (status, error) = await sim.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{sim.Host.GraphBaseUrl}/v99.0/{c.PhoneId}"), c.Token);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        MetaAssert.Error(error, 100);
        MetaAssert.Error((await sim.GetAsync($"{c.PhoneId}/no/such/edge", c.Token)).Body, 2500);
    }
}
