using Microsoft.Extensions.DependencyInjection;
using WabaGate.Graph.Client;
using WabaGate.Graph.Errors;
using WabaGate.Graph.Messages;
using WabaGate.Graph.Tests.AgainstSimulator.Infrastructure;
using static WabaGate.Graph.Tests.AgainstSimulator.Infrastructure.LiveMeta;

namespace WabaGate.Graph.Tests.AgainstSimulator;

/// <summary>The client as the server gets it (<see cref="GraphServiceCollectionExtensions.AddGraphClient"/>), against the simulator.</summary>
public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task The_registered_client_retries_gets_but_never_a_send()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();
        await meta.CustomerWritesAsync("15557654321", c.PhoneId);
        var services = new ServiceCollection();
        services.AddGraphClient(o =>
        {
            o.BaseUrl = meta.Host.GraphBaseUrl;
            o.AppId = meta.Host.Options.AppId;
            o.AppSecret = meta.Host.Options.AppSecret;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<GraphClient>();

        await meta.AddFaultAsync("messages", GraphErrorCodes.ApiService, count: 5, httpStatus: 503);
        var send = await Assert.ThrowsAsync<GraphApiException>(() => client.SendMessageAsync(c.PhoneId, SendMessageRequest.CreateText("15557654321", "once"), c.Token, Ct));
        Assert.True(send.IsTransient);
        Assert.Equal(4, await meta.FaultsRemainingAsync());
        Assert.Empty(await meta.OutboxAsync(c.PhoneId));

        await meta.ControlAsync(HttpMethod.Delete, "/faults", expected: System.Net.HttpStatusCode.NoContent);
        await meta.AddFaultAsync("phone_numbers", GraphErrorCodes.ApiService, count: 2, httpStatus: 503);
        Assert.Equal(c.PhoneId, (await client.GetPhoneNumbersAsync(c.WabaId, c.Token, ct: Ct)).Data[0].Id);
        Assert.Equal(0, await meta.FaultsRemainingAsync());
    }
}
