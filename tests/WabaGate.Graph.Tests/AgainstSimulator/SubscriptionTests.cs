using WabaGate.Graph.Errors;
using WabaGate.Graph.Tests.AgainstSimulator.Infrastructure;
using WabaGate.Graph.Webhooks;
using static WabaGate.Graph.Tests.AgainstSimulator.Infrastructure.LiveMeta;

namespace WabaGate.Graph.Tests.AgainstSimulator;

public sealed class SubscriptionTests
{
    [Fact]
    public async Task Subscribe_list_and_unsubscribe()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync(subscribe: false);
        Assert.Empty(await meta.Client.GetSubscribedAppsAsync(c.WabaId, c.Token, Ct));

        await meta.Client.SubscribeAppAsync(c.WabaId, c.Token, ct: Ct);
        var app = Assert.Single(await meta.Client.GetSubscribedAppsAsync(c.WabaId, c.Token, Ct));
        Assert.Equal(AppId, app.WhatsappBusinessApiData?.Id);
        Assert.Equal(meta.Host.Options.AppName, app.WhatsappBusinessApiData?.Name);
        Assert.Null(app.OverrideCallbackUri);

        await meta.Client.UnsubscribeAppAsync(c.WabaId, c.Token, Ct);
        Assert.Empty(await meta.Client.GetSubscribedAppsAsync(c.WabaId, c.Token, Ct));
    }

    [Fact]
    public async Task An_override_needs_a_subscription_first()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync(subscribe: false);

        var ex = await Assert.ThrowsAsync<GraphApiException>(() =>
            meta.Client.SubscribeAppAsync(c.WabaId, c.Token, meta.Sink.Url("/webhooks/override"), VerifyToken, Ct));

        Assert.Equal(100, ex.Code);
        Assert.Contains("subscribed", ex.GraphMessage, StringComparison.Ordinal);
        Assert.Equal(GraphErrorClass.Permanent, ex.ErrorClass);
        Assert.Empty(meta.Sink.Challenges);
    }

    [Fact]
    public async Task An_override_is_verified_saved_used_for_messages_and_removed()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();
        var overrideUrl = meta.Sink.Url("/webhooks/override");

        await meta.Client.SubscribeAppAsync(c.WabaId, c.Token, overrideUrl, VerifyToken, Ct);

        Assert.Contains("/webhooks/override", meta.Sink.Challenges);
        Assert.Equal(overrideUrl, Assert.Single(await meta.Client.GetSubscribedAppsAsync(c.WabaId, c.Token, Ct)).OverrideCallbackUri);
        await meta.CustomerWritesAsync("15550001111", c.PhoneId);
        var delivery = await meta.Sink.WaitForAsync(d => d.Path == "/webhooks/override");
        Assert.True(WebhookSignature.IsValid(delivery.Body, delivery.Signature, AppSecret));

        await meta.Client.SubscribeAppAsync(c.WabaId, c.Token, ct: Ct);
        Assert.Null(Assert.Single(await meta.Client.GetSubscribedAppsAsync(c.WabaId, c.Token, Ct)).OverrideCallbackUri);
    }

    [Fact]
    public async Task An_override_that_fails_the_challenge_is_refused()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();

        var ex = await Assert.ThrowsAsync<GraphApiException>(() =>
            meta.Client.SubscribeAppAsync(c.WabaId, c.Token, meta.Sink.Url("/webhooks/override"), "wrong-token", Ct));

        Assert.Equal(GraphErrorClass.Permanent, ex.ErrorClass);
        Assert.Null(Assert.Single(await meta.Client.GetSubscribedAppsAsync(c.WabaId, c.Token, Ct)).OverrideCallbackUri);
    }
}
