using System.Net;
using WabaGate.Graph.Errors;
using WabaGate.Graph.Messages;
using WabaGate.Graph.Tests.AgainstSimulator.Infrastructure;
using static WabaGate.Graph.Tests.AgainstSimulator.Infrastructure.LiveMeta;

namespace WabaGate.Graph.Tests.AgainstSimulator;

public sealed class MessageErrorTests
{
    private const string Customer = "447700900123";

    [Fact]
    public async Task Free_form_outside_the_window_needs_a_template_until_the_customer_writes()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();
        var text = SendMessageRequest.CreateText(Customer, "Hi there");

        var closed = await Assert.ThrowsAsync<GraphApiException>(() => meta.Client.SendMessageAsync(c.PhoneId, text, c.Token, Ct));
        Assert.Equal(GraphErrorCodes.ReEngagementRequired, closed.Code);
        Assert.Equal(GraphErrorClass.NeedsTemplate, closed.ErrorClass);
        Assert.True(closed.RequiresTemplate);
        Assert.NotNull(closed.Details);

        await meta.CustomerWritesAsync(Customer, c.PhoneId);
        var sent = await meta.Client.SendMessageAsync(c.PhoneId, text, c.Token, Ct);
        Assert.NotNull(sent.MessageId);

        meta.Clock.Advance(TimeSpan.FromHours(25));
        var expired = await Assert.ThrowsAsync<GraphApiException>(() => meta.Client.SendMessageAsync(c.PhoneId, text, c.Token, Ct));
        Assert.True(expired.RequiresTemplate);
    }

    [Fact]
    public async Task Throughput_limit_answers_130429_rate_limited_and_is_not_retried()
    {
        await using var meta = await LiveMeta.StartAsync(o => o.ThroughputPerSecond = 2);
        var c = await meta.ConnectAsync();
        for (var i = 0; i < 3; i++) await meta.CustomerWritesAsync($"4477009000{i:D2}", c.PhoneId);

        GraphApiException? limited = null;
        var sends = 0;
        while (limited is null && sends < 20)
        {
            var to = $"4477009000{sends++ % 3:D2}";
            limited = await Record(() => meta.Client.SendMessageAsync(c.PhoneId, SendMessageRequest.CreateText(to, "hi"), c.Token, Ct));
        }

        Assert.NotNull(limited);
        Assert.Equal(GraphErrorCodes.ThroughputReached, limited.Code);
        Assert.Equal(GraphErrorClass.RateLimited, limited.ErrorClass);
        Assert.True(limited.IsRateLimited);
        Assert.Equal(sends, meta.Attempts.Count(HttpMethod.Post, "/messages"));
    }

    [Fact]
    public async Task Pair_rate_limit_answers_131056_for_that_user_only()
    {
        await using var meta = await LiveMeta.StartAsync(o =>
        {
            o.PairRateBurst = 2;
            o.PairRateInterval = TimeSpan.FromHours(1);
        });
        var c = await meta.ConnectAsync();
        await meta.CustomerWritesAsync(Customer, c.PhoneId);
        await meta.CustomerWritesAsync("447700900999", c.PhoneId);
        var text = SendMessageRequest.CreateText(Customer, "again");

        await meta.Client.SendMessageAsync(c.PhoneId, text, c.Token, Ct);
        await meta.Client.SendMessageAsync(c.PhoneId, text, c.Token, Ct);
        var ex = await Assert.ThrowsAsync<GraphApiException>(() => meta.Client.SendMessageAsync(c.PhoneId, text, c.Token, Ct));

        Assert.Equal(GraphErrorCodes.PairRateLimit, ex.Code);
        Assert.Equal(GraphErrorClass.RateLimited, ex.ErrorClass);
        Assert.NotNull((await meta.Client.SendMessageAsync(c.PhoneId, SendMessageRequest.CreateText("447700900999", "other user"), c.Token, Ct)).MessageId);
        Assert.Equal(3, (await meta.OutboxAsync(c.PhoneId)).Count);
    }

    [Fact]
    public async Task Unknown_and_revoked_tokens_are_auth_errors()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();
        await meta.CustomerWritesAsync(Customer, c.PhoneId);
        var text = SendMessageRequest.CreateText(Customer, "hi");

        var unknown = await Assert.ThrowsAsync<GraphApiException>(() => meta.Client.SendMessageAsync(c.PhoneId, text, "EAAnot-a-token", Ct));
        await meta.ControlAsync(HttpMethod.Post, "/tokens/revoke", new { accessToken = c.Token }, HttpStatusCode.NoContent);
        var revoked = await Assert.ThrowsAsync<GraphApiException>(() => meta.Client.GetPhoneNumbersAsync(c.WabaId, c.Token, ct: Ct));

        Assert.All([unknown, revoked], e =>
        {
            Assert.Equal(GraphErrorCodes.AccessTokenInvalid, e.Code);
            Assert.Equal(GraphErrorClass.Auth, e.ErrorClass);
            Assert.True(e.IsAuthError);
            Assert.Equal("OAuthException", e.ErrorType);
        });
        Assert.Equal(458, revoked.Subcode);
        Assert.Equal(1, meta.Attempts.Count(HttpMethod.Get, "/phone_numbers"));
    }

    [Fact]
    public async Task A_send_is_never_retried_even_on_a_5xx()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();
        await meta.CustomerWritesAsync(Customer, c.PhoneId);
        await meta.AddFaultAsync("messages", GraphErrorCodes.UnknownError, count: 3, httpStatus: 500);

        var ex = await Assert.ThrowsAsync<GraphApiException>(() => meta.Client.SendMessageAsync(c.PhoneId, SendMessageRequest.CreateText(Customer, "once"), c.Token, Ct));

        Assert.Equal(500, ex.StatusCode);
        Assert.True(ex.IsTransient);
        Assert.Equal(2, await meta.FaultsRemainingAsync());
        Assert.Equal(1, meta.Attempts.Count(HttpMethod.Post, "/messages"));
        Assert.Empty(await meta.OutboxAsync(c.PhoneId));
    }

    [Fact]
    public async Task Sending_from_an_unregistered_number_fails_with_133010()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync(register: false);

        var ex = await Assert.ThrowsAsync<GraphApiException>(() => meta.Client.SendMessageAsync(c.PhoneId, SendMessageRequest.CreateText(Customer, "hi"), c.Token, Ct));

        Assert.Equal(GraphErrorCodes.PhoneNotRegistered, ex.Code);
        Assert.Equal(GraphErrorClass.Permanent, ex.ErrorClass);
    }

    private static async Task<GraphApiException?> Record(Func<Task> send)
    {
        try
        {
            await send();
            return null;
        }
        catch (GraphApiException ex)
        {
            return ex;
        }
    }
}
