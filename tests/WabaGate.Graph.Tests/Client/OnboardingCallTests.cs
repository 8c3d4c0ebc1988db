using WabaGate.Graph.Onboarding;
using WabaGate.Graph.Tests.Infrastructure;

namespace WabaGate.Graph.Tests.Client;

public sealed class OnboardingCallTests
{
    private const string Waba = "102290129340398";
    private const string Phone = "106540352242922";
    private const string Token = "EAA-business-token";
    private static readonly string V = MetaStub.Prefix + "/v24.0";

    [Fact]
    public async Task Code_exchange_sends_app_credentials_in_the_query_and_no_bearer()
    {
        await using var stub = await MetaStub.StartAsync("""{"access_token":"EAAbiz","token_type":"bearer","expires_in":5184000}""");
        var client = stub.CreateClient();

        var token = await client.ExchangeCodeAsync("AQD-code", ct: TestContext.Current.CancellationToken);

        var r = stub.OnlyRequest();
        Assert.Equal("GET", r.Method);
        Assert.Equal($"{V}/oauth/access_token", r.Path);
        Assert.Equal("634974688087057", r.Query["client_id"]);
        Assert.Equal("app-secret", r.Query["client_secret"]);
        Assert.Equal("AQD-code", r.Query["code"]);
        Assert.False(r.Query.ContainsKey("redirect_uri"));
        Assert.Null(r.Authorization);
        Assert.Equal("EAAbiz", token.AccessToken);
        Assert.Equal(5184000, token.ExpiresIn);
    }

    [Fact]
    public async Task Code_exchange_passes_redirect_uri_when_given_and_is_not_retried()
    {
        await using var stub = await MetaStub.StartAsync(_ => new StubResponse(500, """{"error":{"message":"boom","type":"OAuthException","code":2,"fbtrace_id":"T"}}"""));
        var client = stub.CreateClient();

        var ex = await Assert.ThrowsAsync<Graph.Errors.GraphApiException>(() =>
            client.ExchangeCodeAsync("c", "https://app.example.com/onboarding/callback?x=1", TestContext.Current.CancellationToken));

        var r = stub.OnlyRequest();
        Assert.Equal("https://app.example.com/onboarding/callback?x=1", r.Query["redirect_uri"]);
        Assert.True(ex.IsTransient);
        Assert.DoesNotContain("app-secret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Debug_token_uses_the_app_token_and_exposes_granted_wabas()
    {
        await using var stub = await MetaStub.StartAsync("""
            {"data":{"app_id":"634974688087057","type":"SYSTEM_USER","application":"Lucky Shrub","data_access_expires_at":0,
             "expires_at":0,"is_valid":true,"issued_at":1712099387,
             "scopes":["whatsapp_business_management","whatsapp_business_messaging"],
             "granular_scopes":[{"scope":"whatsapp_business_management","target_ids":["102290129340398"]},
                                {"scope":"whatsapp_business_messaging","target_ids":["102290129340398"]},
                                {"scope":"business_management"}],
             "user_id":"104169029247128"}}
            """);

        var data = await stub.CreateClient().DebugTokenAsync("EAAbiz", ct: TestContext.Current.CancellationToken);

        var r = stub.OnlyRequest();
        Assert.Equal($"{V}/debug_token", r.Path);
        Assert.Equal("EAAbiz", r.Query["input_token"]);
        Assert.Equal("Bearer 634974688087057|app-secret", r.Authorization);
        Assert.True(data.IsValid);
        Assert.Equal("SYSTEM_USER", data.Type);
        Assert.Null(data.ExpiresAtTime);
        Assert.Equal([Waba], data.TargetIds("whatsapp_business_management"));
        Assert.Empty(data.TargetIds("business_management"));
        Assert.Contains("whatsapp_business_messaging", data.Scopes);
    }

    [Fact]
    public async Task Debug_token_reports_an_invalid_token()
    {
        await using var stub = await MetaStub.StartAsync("""
            {"data":{"app_id":"1","is_valid":false,"expires_at":1712099387,"scopes":[],"error":{"code":190,"message":"Session has expired","subcode":463}}}
            """);

        var data = await stub.CreateClient().DebugTokenAsync("old", "1|s", TestContext.Current.CancellationToken);

        Assert.Equal("Bearer 1|s", stub.OnlyRequest().Authorization);
        Assert.False(data.IsValid);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1712099387), data.ExpiresAtTime);
        Assert.Equal(190, data.Error!.Value.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Phone_numbers_are_listed_with_their_fields()
    {
        await using var stub = await MetaStub.StartAsync("""
            {"data":[{"verified_name":"Jasper's Market","display_phone_number":"+1 631-555-5555","id":"1906385232743451",
              "quality_rating":"GREEN","code_verification_status":"VERIFIED","platform_type":"CLOUD_API",
              "throughput":{"level":"STANDARD"},"name_status":"APPROVED","messaging_limit_tier":"TIER_250",
              "status":"CONNECTED","is_on_biz_app":false,"health_status":{"can_send_message":"AVAILABLE"}}],
             "paging":{"cursors":{"before":"abcdefghij","after":"klmnopqr"}}}
            """);

        var page = await stub.CreateClient().GetPhoneNumbersAsync(Waba, Token, ct: TestContext.Current.CancellationToken);

        var r = stub.OnlyRequest();
        Assert.Equal("GET", r.Method);
        Assert.Equal($"{V}/{Waba}/phone_numbers", r.Path);
        Assert.Equal($"Bearer {Token}", r.Authorization);
        Assert.Contains("throughput", r.Query["fields"], StringComparison.Ordinal);
        Assert.Contains("is_on_biz_app", r.Query["fields"], StringComparison.Ordinal);
        Assert.DoesNotContain(Token, r.QueryString, StringComparison.Ordinal);
        var number = Assert.Single(page.Data);
        Assert.Equal("1906385232743451", number.Id);
        Assert.Equal("+1 631-555-5555", number.DisplayPhoneNumber);
        Assert.Equal("Jasper's Market", number.VerifiedName);
        Assert.Equal("GREEN", number.QualityRating);
        Assert.Equal("VERIFIED", number.CodeVerificationStatus);
        Assert.Equal("CLOUD_API", number.PlatformType);
        Assert.Equal("STANDARD", number.Throughput?.Level);
        Assert.Equal("APPROVED", number.NameStatus);
        Assert.Equal("TIER_250", number.MessagingLimitTier);
        Assert.Equal("CONNECTED", number.Status);
        Assert.False(number.IsOnBizApp);
        Assert.True(number.ExtensionData!.ContainsKey("health_status"));
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Register_deregister_and_pin_change_post_the_documented_bodies()
    {
        await using var stub = await MetaStub.StartAsync("""{"success":true}""");
        var client = stub.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        await client.RegisterPhoneNumberAsync(Phone, "212834", Token, ct: ct);
        await client.RegisterPhoneNumberAsync(Phone, "212834", Token, "BR", ct);
        await client.DeregisterPhoneNumberAsync(Phone, Token, ct);
        await client.SetTwoStepPinAsync(Phone, "123456", Token, ct);

        var r = stub.Requests.ToArray();
        Assert.All(r, x => Assert.Equal("POST", x.Method));
        Assert.Equal($"{V}/{Phone}/register", r[0].Path);
        JsonAssert.Equal("""{"messaging_product":"whatsapp","pin":"212834"}""", r[0].Json);
        JsonAssert.Equal("""{"messaging_product":"whatsapp","pin":"212834","data_localization_region":"BR"}""", r[1].Json);
        Assert.Equal($"{V}/{Phone}/deregister", r[2].Path);
        Assert.Empty(r[2].Body);
        Assert.Equal($"{V}/{Phone}", r[3].Path);
        JsonAssert.Equal("""{"pin":"123456"}""", r[3].Json);
    }

    [Fact]
    public async Task Subscribed_apps_post_get_and_delete()
    {
        await using var stub = await MetaStub.StartAsync(r => r.Method == "GET"
            ? new StubResponse(200, """
                {"data":[{"whatsapp_business_api_data":{"id":"670843887433847","link":"https://www.facebook.com/games/?app_id=670843887433847","name":"Lucky Shrub"},
                          "override_callback_uri":"https://my-waba-alternate-callback.com/webhook"}]}
                """)
            : new StubResponse(200, """{"success":true}"""));
        var client = stub.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        await client.SubscribeAppAsync(Waba, Token, ct: ct);
        await client.SubscribeAppAsync(Waba, Token, "https://example.com/wa/webhook", "my-verify-token", ct);
        var apps = await client.GetSubscribedAppsAsync(Waba, Token, ct);
        await client.UnsubscribeAppAsync(Waba, Token, ct);

        var r = stub.Requests.ToArray();
        Assert.Equal(["POST", "POST", "GET", "DELETE"], r.Select(x => x.Method));
        Assert.All(r, x => Assert.Equal($"{V}/{Waba}/subscribed_apps", x.Path));
        Assert.Empty(r[0].Body);
        JsonAssert.Equal("""{"override_callback_uri":"https://example.com/wa/webhook","verify_token":"my-verify-token"}""", r[1].Json);
        var app = Assert.Single(apps);
        Assert.Equal("670843887433847", app.WhatsappBusinessApiData?.Id);
        Assert.Equal("Lucky Shrub", app.WhatsappBusinessApiData?.Name);
        Assert.Equal("https://my-waba-alternate-callback.com/webhook", app.OverrideCallbackUri);
    }

    [Fact]
    public async Task Business_profile_get_and_update()
    {
        await using var stub = await MetaStub.StartAsync(r => r.Method == "GET"
            ? new StubResponse(200, """
                {"data":[{"about":"My Butterfly Business sells butterflies","address":"101 Butterfly Ln., Butterfly, Ohio",
                  "description":"We sell butterflies.","email":"butterflies@butterflies.com","messaging_product":"whatsapp",
                  "profile_picture_url":"https://pps.whatsapp.net/x","websites":["https://www.butterflies.com/"],"vertical":"RETAIL"}]}
                """)
            : new StubResponse(200, """{"success":true}"""));
        var client = stub.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        var profile = await client.GetBusinessProfileAsync(Phone, Token, ct);
        await client.UpdateBusinessProfileAsync(Phone, new BusinessProfileUpdate { About = "Borboletas 🦋", Websites = ["https://www.butterflies.com/"], Vertical = "RETAIL" }, Token, ct);

        var r = stub.Requests.ToArray();
        Assert.All(r, x => Assert.Equal($"{V}/{Phone}/whatsapp_business_profile", x.Path));
        Assert.Equal(BusinessProfile.DefaultFields, r[0].Query["fields"]);
        Assert.Equal("RETAIL", profile?.Vertical);
        Assert.Equal(["https://www.butterflies.com/"], profile?.Websites);
        JsonAssert.Equal("""{"messaging_product":"whatsapp","about":"Borboletas 🦋","websites":["https://www.butterflies.com/"],"vertical":"RETAIL"}""", r[1].Json);
    }
}
