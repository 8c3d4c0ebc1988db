using WabaGate.Graph.Errors;
using WabaGate.Graph.Tests.AgainstSimulator.Infrastructure;
using static WabaGate.Graph.Tests.AgainstSimulator.Infrastructure.LiveMeta;

namespace WabaGate.Graph.Tests.AgainstSimulator;

/// <summary>Injected transient failures on idempotent GETs: retried while attempts remain, surfaced after.</summary>
public sealed class ResilienceTests
{
    private const int Attempts = 4; // MaxRetryAttempts = 3 plus the first attempt

    [Theory]
    [InlineData(GraphErrorCodes.ApiUnknown, null, GraphErrorClass.Transient)]
    [InlineData(GraphErrorCodes.ApiService, null, GraphErrorClass.Transient)]
    [InlineData(GraphErrorCodes.ApiTooManyCalls, null, GraphErrorClass.RateLimited)]
    [InlineData(GraphErrorCodes.WabaRateLimit, null, GraphErrorClass.RateLimited)]
    [InlineData(GraphErrorCodes.UnknownError, 500, GraphErrorClass.Transient)]
    [InlineData(131016, 503, GraphErrorClass.Transient)]
    [InlineData(999_001, 500, GraphErrorClass.Transient)]
    [InlineData(999_002, 503, GraphErrorClass.Transient)]
    public async Task A_transient_fault_on_a_get_is_retried_then_succeeds(int code, int? httpStatus, GraphErrorClass expected)
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync(phoneNumbers: 1);
        await meta.AddFaultAsync("phone_numbers", code, count: Attempts - 1, httpStatus);

        var page = await meta.Client.GetPhoneNumbersAsync(c.WabaId, c.Token, ct: Ct);

        Assert.Equal(c.PhoneIds, page.Data.Select(p => p.Id));
        Assert.Equal(Attempts, meta.Attempts.Count(HttpMethod.Get, "/phone_numbers"));
        Assert.Equal(0, await meta.FaultsRemainingAsync());
        Assert.Equal(expected, GraphErrorCodes.Classify(code, httpStatus ?? 400));
    }

    [Theory]
    [InlineData(GraphErrorCodes.ApiUnknown, null, GraphErrorClass.Transient)]
    [InlineData(GraphErrorCodes.ApiService, null, GraphErrorClass.Transient)]
    [InlineData(GraphErrorCodes.WabaRateLimit, null, GraphErrorClass.RateLimited)]
    [InlineData(999_001, 500, GraphErrorClass.Transient)]
    [InlineData(999_002, 503, GraphErrorClass.Transient)]
    public async Task A_fault_that_outlasts_the_retries_surfaces(int code, int? httpStatus, GraphErrorClass expected)
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();
        await meta.AddFaultAsync("message_templates", code, count: Attempts + 2, httpStatus);

        var ex = await Assert.ThrowsAsync<GraphApiException>(() => meta.Client.GetTemplatesPageAsync(c.WabaId, c.Token, ct: Ct));

        Assert.Equal(code, ex.Code);
        Assert.Equal(expected, ex.ErrorClass);
        Assert.True(ex.IsRetryable);
        Assert.Equal(expected == GraphErrorClass.Transient, ex.IsTransient);
        Assert.False(string.IsNullOrEmpty(ex.FbTraceId));
        Assert.Equal(Attempts, meta.Attempts.Count(HttpMethod.Get, "/message_templates"));
        Assert.Equal(2, await meta.FaultsRemainingAsync());
    }

    [Fact]
    public async Task Other_idempotent_calls_are_retried_too()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();
        using var file = new MemoryStream([1, 2, 3]);
        var media = (await meta.Client.UploadMediaAsync(c.PhoneId, file, "a.png", "image/png", c.Token, Ct)).Id;
        await meta.AddFaultAsync("debug_token", GraphErrorCodes.ApiService, count: 1);
        await meta.AddFaultAsync("subscribed_apps", GraphErrorCodes.ApiTooManyCalls, count: 2);
        await meta.AddFaultAsync("media", GraphErrorCodes.UnknownError, count: 1, httpStatus: 500);

        Assert.True((await meta.Client.DebugTokenAsync(c.Token, ct: Ct)).IsValid);
        Assert.Single(await meta.Client.GetSubscribedAppsAsync(c.WabaId, c.Token, Ct));
        Assert.Equal(media, (await meta.Client.GetMediaAsync(media, c.Token, ct: Ct)).Id);

        Assert.Equal(0, await meta.FaultsRemainingAsync());
        Assert.Equal(2, meta.Attempts.Count(HttpMethod.Get, "/debug_token"));
        Assert.Equal(3, meta.Attempts.Count(HttpMethod.Get, "/subscribed_apps"));
    }

    [Fact]
    public async Task Non_idempotent_calls_surface_the_first_transient_failure()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync(register: false);
        await meta.AddFaultAsync("register", GraphErrorCodes.ApiService, count: 5);
        await meta.AddFaultAsync("message_templates", GraphErrorCodes.ApiService, count: 5);

        var register = await Assert.ThrowsAsync<GraphApiException>(() => meta.Client.RegisterPhoneNumberAsync(c.PhoneId, Pin, c.Token, ct: Ct));
        var create = await Assert.ThrowsAsync<GraphApiException>(() => meta.Client.CreateTemplateAsync(c.WabaId, TemplateSamples.Simple("once_only"), c.Token, Ct));

        Assert.All([register, create], e => Assert.True(e.IsTransient));
        Assert.Equal(8, await meta.FaultsRemainingAsync());
    }
}
