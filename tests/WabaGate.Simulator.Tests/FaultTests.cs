using System.Net;
using WabaGate.Simulator.Tests.Infrastructure;

namespace WabaGate.Simulator.Tests;

public sealed class FaultTests
{
    [Fact]
    public async Task Injected_faults_hit_the_next_matching_calls_then_clear()
    {
        await using var sim = await TestSim.StartAsync();
        var c = await sim.ConnectAsync();
        await sim.CustomerWritesAsync("5511999990000", c.PhoneId);
        await sim.ControlPostAsync("/faults", new { endpoint = "messages", metaCode = 131000, httpStatus = 500, count = 2 }, HttpStatusCode.Created);

        for (var i = 0; i < 2; i++)
        {
            var (status, body) = await sim.SendTextAsync(c, "5511999990000");
            Assert.Equal(HttpStatusCode.InternalServerError, status);
            MetaAssert.Error(body, 131000);
        }

        Assert.Equal(HttpStatusCode.OK, (await sim.SendTextAsync(c, "5511999990000")).Status);

        await sim.ControlPostAsync("/faults", new { endpoint = "phone_numbers", metaCode = 80007, count = 5 }, HttpStatusCode.Created);
        MetaAssert.Error((await sim.GetAsync($"{c.WabaId}/phone_numbers", c.Token)).Body, 80007);
        await sim.ControlAsync(HttpMethod.Delete, "/faults", expected: HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.OK, (await sim.GetAsync($"{c.WabaId}/phone_numbers", c.Token)).Status);
    }

    [Theory]
    [InlineData("oauth", 2, 503)]
    [InlineData("debug_token", 1, 400)]
    [InlineData("*/register", 131016, 503)]
    [InlineData("subscribed_apps", 4, 400)]
    [InlineData("media", 131053, 400)]
    [InlineData("message_templates", 100, 400)]
    public async Task Faults_match_by_endpoint_name_or_path_pattern(string endpoint, int code, int httpStatus)
    {
        await using var sim = await TestSim.StartAsync();
        var c = await sim.ConnectAsync();
        await sim.ControlPostAsync("/faults", new { endpoint, metaCode = code, httpStatus, count = 1 }, HttpStatusCode.Created);
        var appToken = TestSim.AppId + "|" + TestSim.AppSecret;
        var (status, body) = endpoint switch
        {
            "oauth" => await sim.GetAsync($"oauth/access_token?client_id={TestSim.AppId}&client_secret=x&code=y", null),
            "debug_token" => await sim.GetAsync($"debug_token?input_token={c.Token}", appToken),
            "*/register" => await sim.PostAsync($"{c.PhoneId}/register", c.Token, """{"messaging_product":"whatsapp","pin":"123456"}"""),
            "subscribed_apps" => await sim.GetAsync($"{c.WabaId}/subscribed_apps", c.Token),
            "media" => await sim.SendAsync(new HttpRequestMessage(HttpMethod.Post, sim.Graph($"{c.PhoneId}/media"))
            {
                Content = new MultipartFormDataContent { { new StringContent("whatsapp"), "messaging_product" } },
            }, c.Token),
            _ => await sim.GetAsync($"{c.WabaId}/message_templates", c.Token),
        };
        Assert.Equal(httpStatus, (int)status);
        MetaAssert.Error(body, code);
    }
}
