using WabaGate.Graph.Errors;
using WabaGate.Graph.Onboarding;
using WabaGate.Graph.Tests.AgainstSimulator.Infrastructure;
using static WabaGate.Graph.Tests.AgainstSimulator.Infrastructure.LiveMeta;

namespace WabaGate.Graph.Tests.AgainstSimulator;

public sealed class OnboardingTests
{
    [Fact]
    public async Task A_signup_code_exchanges_once_for_a_business_token()
    {
        await using var meta = await LiveMeta.StartAsync();
        var session = await meta.SignupAsync();

        var token = await meta.Client.ExchangeCodeAsync(session.Code, ct: Ct);
        Assert.StartsWith("EAA", token.AccessToken, StringComparison.Ordinal);
        Assert.Equal("bearer", token.TokenType);
        Assert.True(token.ExpiresIn > 0);

        var reuse = await Assert.ThrowsAsync<GraphApiException>(() => meta.Client.ExchangeCodeAsync(session.Code, ct: Ct));
        Assert.Equal(100, reuse.Code);
        Assert.Equal(36009, reuse.Subcode);
        Assert.Equal(GraphErrorClass.Permanent, reuse.ErrorClass);
        Assert.False(string.IsNullOrEmpty(reuse.FbTraceId));
        Assert.Equal(2, meta.Attempts.Count(HttpMethod.Get, "/oauth/access_token"));
    }

    [Fact]
    public async Task Debug_token_shows_both_whatsapp_scopes_and_the_waba()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();

        var data = await meta.Client.DebugTokenAsync(c.Token, ct: Ct);

        Assert.True(data.IsValid);
        Assert.Equal(AppId, data.AppId);
        Assert.Equal("SYSTEM_USER", data.Type);
        Assert.Contains("whatsapp_business_management", data.Scopes);
        Assert.Contains("whatsapp_business_messaging", data.Scopes);
        Assert.Contains(c.WabaId, data.TargetIds("whatsapp_business_management"));
        Assert.Contains(c.WabaId, data.TargetIds("whatsapp_business_messaging"));
        Assert.NotNull(data.ExpiresAtTime);
    }

    [Fact]
    public async Task Debug_token_reports_a_revoked_token_as_invalid()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();
        await meta.ControlAsync(HttpMethod.Post, "/tokens/revoke", new { accessToken = c.Token }, System.Net.HttpStatusCode.NoContent);

        var data = await meta.Client.DebugTokenAsync(c.Token, ct: Ct);

        Assert.False(data.IsValid);
        Assert.Equal(190, data.Error?.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Phone_numbers_list_and_read_with_the_default_fields()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync(phoneNumbers: 2);

        var page = await meta.Client.GetPhoneNumbersAsync(c.WabaId, c.Token, ct: Ct);

        Assert.Equal(c.PhoneIds, page.Data.Select(p => p.Id));
        var registered = page.Data[0];
        Assert.StartsWith("+1 555", registered.DisplayPhoneNumber, StringComparison.Ordinal);
        Assert.Equal("GREEN", registered.QualityRating);
        Assert.Equal("CLOUD_API", registered.PlatformType);
        Assert.Equal("STANDARD", registered.Throughput?.Level);
        Assert.Equal("CONNECTED", registered.Status);
        Assert.True(registered.IsPinEnabled);
        Assert.Equal("PENDING", page.Data[1].Status);

        var one = await meta.Client.GetPhoneNumberAsync(c.PhoneId, c.Token, ct: Ct);
        Assert.Equal(registered with { ExtensionData = null }, one with { ExtensionData = null });
    }

    [Fact]
    public async Task Register_deregister_and_two_step_pin()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync(register: false);

        await meta.Client.RegisterPhoneNumberAsync(c.PhoneId, "111111", c.Token, ct: Ct);
        await meta.Client.SetTwoStepPinAsync(c.PhoneId, "222222", c.Token, Ct);
        var mismatch = await Assert.ThrowsAsync<GraphApiException>(() => meta.Client.RegisterPhoneNumberAsync(c.PhoneId, "111111", c.Token, ct: Ct));
        Assert.Equal(GraphErrorCodes.PinMismatch, mismatch.Code);
        Assert.Equal(GraphErrorClass.Permanent, mismatch.ErrorClass);

        await meta.Client.DeregisterPhoneNumberAsync(c.PhoneId, c.Token, Ct);
        Assert.Equal("PENDING", (await meta.Client.GetPhoneNumberAsync(c.PhoneId, c.Token, ct: Ct)).Status);
        await meta.Client.RegisterPhoneNumberAsync(c.PhoneId, "222222", c.Token, "DE", Ct);
        Assert.Equal("CONNECTED", (await meta.Client.GetPhoneNumberAsync(c.PhoneId, c.Token, ct: Ct)).Status);
    }

    [Fact]
    public async Task The_eleventh_register_call_hits_133016_and_is_not_retried()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync(register: false);
        for (var i = 0; i < 10; i++)
        {
            await meta.Client.RegisterPhoneNumberAsync(c.PhoneId, Pin, c.Token, ct: Ct);
        }

        var ex = await Assert.ThrowsAsync<GraphApiException>(() => meta.Client.RegisterPhoneNumberAsync(c.PhoneId, Pin, c.Token, ct: Ct));

        Assert.Equal(GraphErrorCodes.RegisterRateLimit, ex.Code);
        Assert.Equal(GraphErrorCodes.Find(GraphErrorCodes.RegisterRateLimit)!.Class, ex.ErrorClass);
        Assert.Equal(GraphErrorClass.RateLimited, ex.ErrorClass);
        Assert.Equal(11, meta.Attempts.Count(HttpMethod.Post, "/register"));
        Assert.Equal(10, meta.Host.State.GetRegisterCallCount(c.PhoneId));
    }

    [Fact]
    public async Task Business_profile_reads_and_updates()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();

        await meta.Client.UpdateBusinessProfileAsync(c.PhoneId, new BusinessProfileUpdate
        {
            About = "Fresh succulents, délivered 🌵",
            Address = "1 Lucky Shrub Way",
            Description = "Plants.",
            Email = "hi@luckyshrub.example",
            Websites = ["https://luckyshrub.example/"],
            Vertical = "RETAIL",
        }, c.Token, Ct);
        var profile = await meta.Client.GetBusinessProfileAsync(c.PhoneId, c.Token, Ct);

        Assert.NotNull(profile);
        Assert.Equal("Fresh succulents, délivered 🌵", profile.About);
        Assert.Equal("hi@luckyshrub.example", profile.Email);
        Assert.Equal(["https://luckyshrub.example/"], profile.Websites);
        Assert.Equal("RETAIL", profile.Vertical);
        Assert.Equal("whatsapp", profile.MessagingProduct);

        var invalid = await Assert.ThrowsAsync<GraphApiException>(() =>
            meta.Client.UpdateBusinessProfileAsync(c.PhoneId, new BusinessProfileUpdate { Vertical = "SPACESHIPS" }, c.Token, Ct));
        Assert.Equal(100, invalid.Code);
    }
}
