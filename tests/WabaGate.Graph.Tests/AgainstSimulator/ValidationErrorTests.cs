using WabaGate.Graph.Errors;
using WabaGate.Graph.Messages;
using WabaGate.Graph.Tests.AgainstSimulator.Infrastructure;
using static WabaGate.Graph.Tests.AgainstSimulator.Infrastructure.LiveMeta;

namespace WabaGate.Graph.Tests.AgainstSimulator;

/// <summary>Requests Meta refuses: every one is a permanent error, answered once and never retried.</summary>
public sealed class ValidationErrorTests
{
    private const string Customer = "819012345678";

    [Fact]
    public async Task Invalid_sends_are_refused_with_metas_codes()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();
        await meta.CustomerWritesAsync(Customer, c.PhoneId);
        var self = (await meta.Client.GetPhoneNumberAsync(c.PhoneId, c.Token, ct: Ct)).DisplayPhoneNumber!;
        var buttons = Enumerable.Range(1, 4).Select(i => ReplyButton.Create($"b{i}", $"Button {i}")).ToList();

        var cases = new (SendMessageRequest Request, int Code)[]
        {
            (SendMessageRequest.CreateText("12ab", "hi"), GraphErrorCodes.ParameterValueInvalid),
            (SendMessageRequest.CreateText(self, "hi"), GraphErrorCodes.RecipientIsSender),
            (SendMessageRequest.CreateText(Customer, new string('x', 4097)), GraphErrorCodes.ParameterValueInvalid),
            (SendMessageRequest.CreateText(Customer, ""), GraphErrorCodes.RequiredParameterMissing),
            (SendMessageRequest.CreateImage(Customer, MediaContent.FromId("999999999")), GraphErrorCodes.ParameterValueInvalid),
            (SendMessageRequest.CreateImage(Customer, new MediaContent { Id = "1", Link = "https://example.com/a.jpg" }), GraphErrorCodes.InvalidParameter),
            (SendMessageRequest.CreateInteractive(Customer, InteractiveContent.Buttons("Pick", buttons)), GraphErrorCodes.ParameterValueInvalid),
            (new SendMessageRequest { To = Customer, Type = "poll" }, GraphErrorCodes.InvalidParameter),
        };
        foreach (var (request, code) in cases)
        {
            var ex = await Assert.ThrowsAsync<GraphApiException>(() => meta.Client.SendMessageAsync(c.PhoneId, request, c.Token, Ct));
            Assert.True(code == ex.Code, $"{request.Type} to {request.To}: expected {code}, got {ex.Code} ({ex.GraphMessage})");
            Assert.Equal(GraphErrorClass.Permanent, ex.ErrorClass);
        }

        Assert.Equal(cases.Length, meta.Attempts.Count(HttpMethod.Post, "/messages"));
        Assert.Empty(await meta.OutboxAsync(c.PhoneId));
    }

    [Fact]
    public async Task Expired_and_mismatched_codes_are_permanent()
    {
        await using var meta = await LiveMeta.StartAsync();
        var expired = await meta.SignupAsync();

        meta.Clock.Advance(TimeSpan.FromSeconds(31));
        var late = await Assert.ThrowsAsync<GraphApiException>(() => meta.Client.ExchangeCodeAsync(expired.Code, ct: Ct));
        var fresh = await meta.SignupAsync();
        var mismatch = await Assert.ThrowsAsync<GraphApiException>(() => meta.Client.ExchangeCodeAsync(fresh.Code, "https://app.example.com/callback", Ct));
        var garbage = await Assert.ThrowsAsync<GraphApiException>(() => meta.Client.ExchangeCodeAsync("not-a-code", ct: Ct));

        Assert.All([late, mismatch, garbage], e =>
        {
            Assert.Equal(GraphErrorCodes.InvalidParameter, e.Code);
            Assert.Equal(GraphErrorClass.Permanent, e.ErrorClass);
        });
        Assert.Equal(36008, mismatch.Subcode);
    }

    [Fact]
    public async Task An_expired_token_is_an_auth_error_with_subcode_463()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();

        meta.Clock.Advance(TimeSpan.FromDays(61));
        var ex = await Assert.ThrowsAsync<GraphApiException>(() => meta.Client.GetSubscribedAppsAsync(c.WabaId, c.Token, Ct));
        var debug = await meta.Client.DebugTokenAsync(c.Token, ct: Ct);

        Assert.Equal(GraphErrorCodes.AccessTokenInvalid, ex.Code);
        Assert.Equal(463, ex.Subcode);
        Assert.True(ex.IsAuthError);
        Assert.False(debug.IsValid);
    }

    [Fact]
    public async Task Media_and_templates_outside_the_callers_scope_do_not_exist()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync(phoneNumbers: 2);
        var other = await meta.ConnectAsync();
        using var file = new MemoryStream([1, 2, 3]);
        var media = (await meta.Client.UploadMediaAsync(c.PhoneId, file, "a.png", "image/png", c.Token, Ct)).Id;

        var wrongNumber = await Assert.ThrowsAsync<GraphApiException>(() => meta.Client.GetMediaAsync(media, c.Token, c.PhoneIds[1], Ct));
        var wrongToken = await Assert.ThrowsAsync<GraphApiException>(() => meta.Client.GetMediaAsync(media, other.Token, ct: Ct));
        var wrongWaba = await Assert.ThrowsAsync<GraphApiException>(() => meta.Client.GetPhoneNumbersAsync(c.WabaId, other.Token, ct: Ct));

        Assert.All([wrongNumber, wrongToken, wrongWaba], e =>
        {
            Assert.Equal(GraphErrorCodes.InvalidParameter, e.Code);
            Assert.Equal(33, e.Subcode);
            Assert.Equal("GraphMethodException", e.ErrorType);
            Assert.Equal(GraphErrorClass.Permanent, e.ErrorClass);
        });
        Assert.Equal(media, (await meta.Client.GetMediaAsync(media, c.Token, c.PhoneId, Ct)).Id);
    }
}
