using System.Net;
using WabaGate.Simulator.Tests.Infrastructure;

namespace WabaGate.Simulator.Tests;

public sealed class PhoneNumberTests
{
    [Fact]
    public async Task Phone_numbers_list_and_node_fields_look_like_meta()
    {
        await using var sim = await TestSim.StartAsync();
        var c = await sim.ConnectAsync(phoneNumbers: 2);
        var (_, list) = await sim.GetAsync($"{c.WabaId}/phone_numbers", c.Token);
        var data = list["data"]!.AsArray();
        Assert.Equal(2, data.Count);
        var first = data.Single(d => d!["id"]!.GetValue<string>() == c.PhoneId)!;
        Assert.StartsWith("+1 555-", first["display_phone_number"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("GREEN", first["quality_rating"]!.GetValue<string>());
        Assert.Equal("CLOUD_API", first["platform_type"]!.GetValue<string>());
        Assert.Equal("STANDARD", first["throughput"]!["level"]!.GetValue<string>());
        Assert.Equal(sim.Receiver.Url(), first["webhook_configuration"]!["application"]!.GetValue<string>());
        Assert.NotNull(list["paging"]!["cursors"]!["after"]);

        var (_, node) = await sim.GetAsync($"{c.PhoneId}?fields=status,throughput{{level}},whatsapp_business_manager_messaging_limit,is_pin_enabled", c.Token);
        Assert.Equal("CONNECTED", node["status"]!.GetValue<string>());
        Assert.Equal("TIER_250", node["whatsapp_business_manager_messaging_limit"]!.GetValue<string>());
        Assert.True(node["is_pin_enabled"]!.GetValue<bool>());
        Assert.Equal(c.PhoneId, node["id"]!.GetValue<string>());
        MetaAssert.Error((await sim.GetAsync($"{c.PhoneId}?fields=bogus", c.Token)).Body, 100);
    }

    [Fact]
    public async Task Register_is_limited_to_10_calls_per_72_hours()
    {
        await using var sim = await TestSim.StartAsync();
        var c = await sim.ConnectAsync(); // one register call already
        for (var i = 0; i < 9; i++)
        {
            var (ok, body) = await sim.PostAsync($"{c.PhoneId}/register", c.Token, """{"messaging_product":"whatsapp","pin":"123456"}""");
            Assert.True(ok == HttpStatusCode.OK, body.ToJsonString());
        }

        var (status, error) = await sim.PostAsync($"{c.PhoneId}/register", c.Token, """{"messaging_product":"whatsapp","pin":"123456"}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        MetaAssert.Error(error, 133016);
        Assert.Equal(10, sim.Host.State.GetRegisterCallCount(c.PhoneId));

        sim.Clock.Advance(TimeSpan.FromHours(73));
        Assert.Equal(HttpStatusCode.OK, (await sim.PostAsync($"{c.PhoneId}/register", c.Token, """{"messaging_product":"whatsapp","pin":"123456"}""")).Status);
    }

    [Fact]
    public async Task Register_validates_pin_and_two_step_pin_change_applies()
    {
        await using var sim = await TestSim.StartAsync();
        var c = await sim.ConnectAsync();
        MetaAssert.Error((await sim.PostAsync($"{c.PhoneId}/register", c.Token, """{"messaging_product":"whatsapp","pin":"12"}""")).Body, 100);
        MetaAssert.Error((await sim.PostAsync($"{c.PhoneId}/register", c.Token, """{"messaging_product":"whatsapp","pin":"654321"}""")).Body, 133005);
        Assert.Equal(HttpStatusCode.OK, (await sim.PostAsync(c.PhoneId, c.Token, """{"pin":"654321"}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await sim.PostAsync($"{c.PhoneId}/register", c.Token, """{"messaging_product":"whatsapp","pin":"654321"}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await sim.PostAsync($"{c.PhoneId}/deregister", c.Token)).Status);
        MetaAssert.Error((await sim.SendTextAsync(c, "5511999990000")).Body, 133010);
    }

    [Fact]
    public async Task Business_profile_round_trips_and_validates()
    {
        await using var sim = await TestSim.StartAsync();
        var c = await sim.ConnectAsync();
        var (ok, _) = await sim.PostAsync($"{c.PhoneId}/whatsapp_business_profile", c.Token,
            """{"messaging_product":"whatsapp","about":"Open 9–18","email":"hi@example.com","websites":["https://example.com/"],"vertical":"HEALTH"}""");
        Assert.Equal(HttpStatusCode.OK, ok);
        var (_, profile) = await sim.GetAsync($"{c.PhoneId}/whatsapp_business_profile?fields=about,email,websites,vertical", c.Token);
        var p = profile["data"]![0]!;
        Assert.Equal("Open 9–18", p["about"]!.GetValue<string>());
        Assert.Equal("HEALTH", p["vertical"]!.GetValue<string>());
        Assert.Equal("whatsapp", p["messaging_product"]!.GetValue<string>());
        MetaAssert.Error((await sim.PostAsync($"{c.PhoneId}/whatsapp_business_profile", c.Token, """{"messaging_product":"whatsapp","vertical":"NOPE"}""")).Body, 100);
    }
}
