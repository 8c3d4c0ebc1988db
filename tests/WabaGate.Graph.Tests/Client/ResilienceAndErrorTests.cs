using System.Net;
using System.Net.Sockets;
using WabaGate.Graph.Errors;
using WabaGate.Graph.Messages;
using WabaGate.Graph.Tests.Infrastructure;

namespace WabaGate.Graph.Tests.Client;

public sealed class ResilienceAndErrorTests
{
    private const string Token = "EAA-token";
    private const string Unavailable = """{"error":{"message":"(#2) Service temporarily unavailable","type":"OAuthException","code":2,"fbtrace_id":"AbC"}}""";
    private const string Phones = """{"data":[{"id":"1","display_phone_number":"+1 555"}]}""";

    [Fact]
    public async Task A_transient_get_is_retried_until_it_succeeds()
    {
        var calls = 0;
        await using var stub = await MetaStub.StartAsync(_ => Interlocked.Increment(ref calls) <= 2 ? new StubResponse(503, Unavailable) : new StubResponse(200, Phones));

        var page = await stub.CreateClient().GetPhoneNumbersAsync("waba", Token, ct: TestContext.Current.CancellationToken);

        Assert.Equal(3, stub.Requests.Count);
        Assert.Equal("1", Assert.Single(page.Data).Id);
    }

    [Fact]
    public async Task A_rate_limited_get_honours_retry_after()
    {
        var calls = 0;
        await using var stub = await MetaStub.StartAsync(_ => Interlocked.Increment(ref calls) == 1
            ? new StubResponse(429, "") { Headers = new Dictionary<string, string> { ["Retry-After"] = "0" } }
            : new StubResponse(200, Phones));

        await stub.CreateClient().GetPhoneNumbersAsync("waba", Token, ct: TestContext.Current.CancellationToken);

        Assert.Equal(2, stub.Requests.Count);
    }

    [Fact]
    public async Task Retries_give_up_after_the_configured_attempts()
    {
        await using var stub = await MetaStub.StartAsync(_ => new StubResponse(500, """{"error":{"message":"(#131000) Something went wrong","code":131000,"fbtrace_id":"X"}}"""));

        var ex = await Assert.ThrowsAsync<GraphApiException>(() =>
            stub.CreateClient(o => o.MaxRetryAttempts = 2).GetMediaAsync("m", Token, ct: TestContext.Current.CancellationToken));

        Assert.Equal(3, stub.Requests.Count);
        Assert.True(ex.IsTransient);
        Assert.Equal(131000, ex.Code);
    }

    [Fact]
    public async Task Retries_can_be_disabled()
    {
        await using var stub = await MetaStub.StartAsync(_ => new StubResponse(503, Unavailable));

        await Assert.ThrowsAsync<GraphApiException>(() =>
            stub.CreateClient(o => o.MaxRetryAttempts = 0).GetPhoneNumbersAsync("waba", Token, ct: TestContext.Current.CancellationToken));

        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task A_send_is_never_repeated_even_on_a_transient_error()
    {
        await using var stub = await MetaStub.StartAsync(_ => new StubResponse(503, Unavailable));

        var ex = await Assert.ThrowsAsync<GraphApiException>(() =>
            stub.CreateClient().SendMessageAsync("phone", SendMessageRequest.CreateText("+1555", "hi"), Token, TestContext.Current.CancellationToken));

        Assert.Single(stub.Requests);
        Assert.True(ex.IsTransient);
        Assert.Equal(503, ex.StatusCode);
    }

    [Fact]
    public async Task Register_upload_and_template_create_are_not_repeated()
    {
        await using var stub = await MetaStub.StartAsync(_ => new StubResponse(503, Unavailable));
        var client = stub.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<GraphApiException>(() => client.RegisterPhoneNumberAsync("p", "123456", Token, ct: ct));
        await Assert.ThrowsAsync<GraphApiException>(() => client.UploadMediaAsync("p", new MemoryStream([1, 2]), "a.jpg", "image/jpeg", Token, ct));
        await Assert.ThrowsAsync<GraphApiException>(() => client.CreateTemplateAsync("w", new() { Name = "n", Language = "en", Category = "UTILITY", Components = [] }, Token, ct));

        Assert.Equal(3, stub.Requests.Count);
    }

    [Fact]
    public async Task A_permanent_error_is_not_retried_and_is_fully_parsed()
    {
        const string body = """
            {"error":{"message":"(#131047) Re-engagement message","type":"OAuthException","code":131047,
              "error_data":{"messaging_product":"whatsapp","details":"Message failed to send because more than 24 hours have passed since the customer last replied to this number."},
              "error_subcode":2494010,"error_user_title":"Outside window","error_user_msg":"Send a template","fbtrace_id":"Az8or2yhqkZfEZ-_4Qn_Bam"}}
            """;
        await using var stub = await MetaStub.StartAsync(_ => new StubResponse(400, body));

        var ex = await Assert.ThrowsAsync<GraphApiException>(() =>
            stub.CreateClient().GetMediaAsync("m", Token, ct: TestContext.Current.CancellationToken));

        Assert.Single(stub.Requests);
        Assert.Equal(400, ex.StatusCode);
        Assert.Equal(131047, ex.Code);
        Assert.Equal(2494010, ex.Subcode);
        Assert.Equal("OAuthException", ex.ErrorType);
        Assert.Equal("(#131047) Re-engagement message", ex.GraphMessage);
        Assert.Equal("Outside window", ex.UserTitle);
        Assert.Equal("Send a template", ex.UserMessage);
        Assert.StartsWith("Message failed to send because more than 24 hours", ex.Details, StringComparison.Ordinal);
        Assert.Equal("Az8or2yhqkZfEZ-_4Qn_Bam", ex.FbTraceId);
        Assert.Equal(body, ex.RawBody);
        Assert.Equal(GraphErrorClass.NeedsTemplate, ex.ErrorClass);
        Assert.True(ex.RequiresTemplate);
        Assert.False(ex.IsRetryable);
        Assert.Equal("GET /m", ex.Request);
    }

    [Fact]
    public async Task An_expired_token_is_an_auth_error()
    {
        await using var stub = await MetaStub.StartAsync(_ => new StubResponse(401,
            """{"error":{"message":"Error validating access token: Session has expired","type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"T"}}"""));

        var ex = await Assert.ThrowsAsync<GraphApiException>(() =>
            stub.CreateClient().GetPhoneNumbersAsync("waba", Token, ct: TestContext.Current.CancellationToken));

        Assert.True(ex.IsAuthError);
        Assert.Equal(463, ex.Subcode);
        Assert.Single(stub.Requests);
        Assert.DoesNotContain(Token, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_connection_is_a_transient_network_error()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var client = new Graph.Client.GraphClient(new HttpClient(), new() { BaseUrl = $"http://127.0.0.1:{port}", MaxRetryAttempts = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(1) });

        var ex = await Assert.ThrowsAsync<GraphApiException>(() =>
            client.SendMessageAsync("p", SendMessageRequest.CreateText("1", "x"), Token, TestContext.Current.CancellationToken));

        Assert.True(ex.IsNetworkError);
        Assert.True(ex.IsTransient);
        Assert.Null(ex.StatusCode);
        Assert.IsType<HttpRequestException>(ex.InnerException);
    }

    [Fact]
    public async Task An_attempt_timeout_is_a_network_error_and_a_get_is_retried()
    {
        var calls = 0;
        await using var stub = await MetaStub.StartAsync(_ => Interlocked.Increment(ref calls) == 1
            ? new StubResponse(200, Phones) { Delay = TimeSpan.FromSeconds(5) }
            : new StubResponse(200, Phones));
        var client = stub.CreateClient(o => o.AttemptTimeout = TimeSpan.FromMilliseconds(200));

        await client.GetPhoneNumbersAsync("waba", Token, ct: TestContext.Current.CancellationToken);
        Assert.Equal(2, stub.Requests.Count);
    }

    [Fact]
    public async Task A_send_that_times_out_reports_an_unknown_outcome()
    {
        await using var stub = await MetaStub.StartAsync(_ => new StubResponse(200, "{}") { Delay = TimeSpan.FromSeconds(5) });
        var client = stub.CreateClient(o => o.AttemptTimeout = TimeSpan.FromMilliseconds(200));

        var ex = await Assert.ThrowsAsync<GraphApiException>(() =>
            client.SendMessageAsync("p", SendMessageRequest.CreateText("1", "x"), Token, TestContext.Current.CancellationToken));

        Assert.True(ex.IsNetworkError);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_turned_into_a_graph_error()
    {
        await using var stub = await MetaStub.StartAsync(_ => new StubResponse(200, Phones) { Delay = TimeSpan.FromSeconds(5) });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stub.CreateClient().GetPhoneNumbersAsync("waba", Token, ct: cts.Token));
    }

    [Fact]
    public async Task A_non_json_error_body_is_kept_raw_and_classified_by_status()
    {
        await using var stub = await MetaStub.StartAsync(_ => new StubResponse(502, "<html>Bad gateway</html>", "text/html"));

        var ex = await Assert.ThrowsAsync<GraphApiException>(() =>
            stub.CreateClient(o => o.MaxRetryAttempts = 0).GetMediaAsync("m", Token, ct: TestContext.Current.CancellationToken));

        Assert.Null(ex.Error);
        Assert.Equal("<html>Bad gateway</html>", ex.RawBody);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<InvalidOperationException>(() => new Graph.Client.GraphClient(new HttpClient(), new() { BaseUrl = "not a url" }));
        Assert.Throws<InvalidOperationException>(() => new Graph.Client.GraphClient(new HttpClient(), new() { Version = "" }));
    }
}
