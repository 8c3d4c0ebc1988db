using System.Net;
using System.Net.Http.Json;
using WabaGate.Simulator.Tests.Infrastructure;

namespace WabaGate.Simulator.Tests;

public sealed class SignupDialogTests
{
    [Fact]
    public async Task Sdk_script_is_served_and_points_at_the_dialog()
    {
        await using var sim = await TestSim.StartAsync();
        using var response = await sim.Http.GetAsync(sim.Host.BaseUrl + "/sdk.js", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/javascript", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single()); // loaded with crossorigin="anonymous"
        var js = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("window.FB = FB", js, StringComparison.Ordinal);
        Assert.Contains(sim.Host.BaseUrl, js, StringComparison.Ordinal);
        Assert.Contains("/dialog/oauth?", js, StringComparison.Ordinal);
        Assert.Contains("status: 'connected'", js, StringComparison.Ordinal);
        Assert.Contains("fbAsyncInit", js, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dialog_page_posts_embedded_signup_events_as_json_strings()
    {
        await using var sim = await TestSim.StartAsync();
        var extras = Uri.EscapeDataString("""{"setup":{"business":{"name":"Padaria Pão"}},"featureType":"","sessionInfoVersion":"3"}""");
        var html = await sim.Http.GetStringAsync($"{sim.Host.BaseUrl}/dialog/oauth?app_id={TestSim.AppId}&config_id=42&extras={extras}&origin=http%3A%2F%2Flocalhost%3A5080", Ct);
        Assert.Contains("'WA_EMBEDDED_SIGNUP'", html, StringComparison.Ordinal);
        Assert.Contains("post(JSON.stringify(payload))", html, StringComparison.Ordinal);
        Assert.Contains("FINISH_ONLY_WABA", html, StringComparison.Ordinal);
        Assert.Contains("current_step", html, StringComparison.Ordinal);
        Assert.Contains(@"Padaria P\u00e3o", html, StringComparison.Ordinal);
        Assert.Contains(@"""appIdMismatch"":false", html, StringComparison.Ordinal);
        Assert.Contains(@"""origin"":""http:\/\/localhost:5080""", html, StringComparison.Ordinal);

        var wrongApp = await sim.Http.GetStringAsync($"{sim.Host.BaseUrl}/dialog/oauth?app_id=1", Ct);
        Assert.Contains(@"""appIdMismatch"":true", wrongApp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dialog_completion_issues_a_code_for_new_assets()
    {
        await using var sim = await TestSim.StartAsync();
        using var response = await sim.Http.PostAsJsonAsync(sim.Host.BaseUrl + "/dialog/complete", new
        {
            appId = TestSim.AppId,
            businessName = "Padaria",
            wabaName = "Padaria WA",
            verifiedName = "Padaria Pão",
            phoneNumber = "+55 11 4000-1234",
            onlyWaba = false,
        }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = (await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>(Ct))!;
        var token = await sim.ExchangeAsync(result["code"]!.GetValue<string>());
        var phoneId = result["phoneNumberIds"]![0]!.GetValue<string>();
        var (_, phone) = await sim.GetAsync($"{phoneId}?fields=display_phone_number,verified_name", token);
        Assert.Equal("+551140001234", phone["display_phone_number"]!.GetValue<string>());
        Assert.Equal("Padaria Pão", phone["verified_name"]!.GetValue<string>());
        var (_, waba) = await sim.GetAsync(result["wabaId"]!.GetValue<string>(), token);
        Assert.Equal("Padaria WA", waba["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Outbox_is_bounded_per_number()
    {
        await using var sim = await TestSim.StartAsync(o => o.OutboxCapacity = 3);
        var c = await sim.ConnectAsync();
        await sim.CustomerWritesAsync("5511999990000", c.PhoneId);
        for (var i = 0; i < 5; i++) await sim.SendTextAsync(c, "5511999990000", "m" + i);
        var outbox = sim.Host.State.GetOutbox(c.PhoneId);
        Assert.Equal(["m2", "m3", "m4"], outbox.Select(m => m.Request!["text"]!["body"]!.GetValue<string>()));
    }
}
