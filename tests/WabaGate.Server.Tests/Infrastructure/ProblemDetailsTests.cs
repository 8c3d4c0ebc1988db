using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WabaGate.Server.Infrastructure.Problems;

namespace WabaGate.Server.Tests.Infrastructure;

/// <summary>Client errors are problem details with the right status and code — never a 500, never a stack trace.</summary>
public sealed class ProblemDetailsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal sealed record Echo(string Name, int Count);

    internal static void MapTestEndpoints(IEndpointRouteBuilder e)
    {
        e.MapPost("/test/echo", (Echo body) => TypedResults.Ok(body));
        e.MapPost("/test/big", (Echo body) => TypedResults.Ok(body)).WithRequestBodyLimit(3 * 1024 * 1024);
        e.MapPost("/test/raw", async (HttpRequest request) =>
        {
            var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            return TypedResults.Ok(buffer.Length);
        });
        e.MapGet("/test/int", (int n) => TypedResults.Ok(n));
        e.MapGet("/test/boom", string () => throw new InvalidOperationException("kaboom EAAGsecretsecretsecret wg_secretkey123"));
        e.MapGet("/test/problem", string () => throw new ApiProblemException("code_exchange_failed", 502, "Meta refused the code.")
        {
            Meta = new MetaErrorInfo(100, 33, "AbCdEf", "Invalid parameter"),
        });
        e.MapGet("/test/rate", string () => throw new ApiProblemException(ProblemCodes.RateLimited, 429, "Slow down.") { RetryAfter = TimeSpan.FromSeconds(7) });
        e.MapGet("/test/validation", () => ApiResults.ValidationFailed("to", "Must be a phone number in E.164 digits."));
        e.MapGet("/test/status/{status:int}", (int status) => Results.StatusCode(status));
        e.MapGet("/test/graph/{code:int}", string (int code) => throw WabaGate.Graph.Errors.GraphApiException.FromResponse(
            code == 4 ? 429 : 400,
            $$$"""{"error":{"message":"Meta says no","type":"OAuthException","code":{{{code}}},"error_subcode":2494010,"fbtrace_id":"Abc123"}}""",
            code == 4 ? TimeSpan.FromSeconds(30) : null));
    }

    [Fact]
    public async Task Unhandled_meta_errors_are_bad_gateway_with_what_meta_said()
    {
        await using var gateway = await TestGateway.CreateAsync(MapTestEndpoints);
        var client = gateway.CreateClient();

        var problem = await ProblemAssert.IsProblemAsync(await client.GetAsync(new Uri("/test/graph/131047", UriKind.Relative), Ct), HttpStatusCode.BadGateway, "meta_error");
        Assert.Equal(131047, problem.GetProperty("meta").GetProperty("code").GetInt32());
        Assert.Equal(2494010, problem.GetProperty("meta").GetProperty("subcode").GetInt32());
        Assert.Equal("Abc123", problem.GetProperty("meta").GetProperty("fbtraceId").GetString());
        Assert.Contains("24", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var limited = await client.GetAsync(new Uri("/test/graph/4", UriKind.Relative), Ct);
        await ProblemAssert.IsProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(TimeSpan.FromSeconds(30), limited.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Unknown_route_is_not_found()
    {
        await using var gateway = await TestGateway.CreateAsync(MapTestEndpoints);
        var response = await gateway.CreateClient().GetAsync(new Uri("/no/such/thing?access_token=x", UriKind.Relative), Ct);
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "not_found");
        Assert.Equal("/no/such/thing", problem.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task Wrong_method_is_method_not_allowed()
    {
        await using var gateway = await TestGateway.CreateAsync(MapTestEndpoints);
        var response = await gateway.CreateClient().DeleteAsync(new Uri("/health/live", UriKind.Relative), Ct);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    [Fact]
    public async Task Malformed_json_is_malformed_json()
    {
        await using var gateway = await TestGateway.CreateAsync(MapTestEndpoints);
        using var content = new StringContent("{\"name\": \"a\", \"count\": ", Encoding.UTF8, "application/json");
        var response = await gateway.CreateClient().PostAsync(new Uri("/test/echo", UriKind.Relative), content, Ct);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "malformed_json");
    }

    [Fact]
    public async Task Json_of_the_wrong_shape_is_malformed_json()
    {
        await using var gateway = await TestGateway.CreateAsync(MapTestEndpoints);
        using var content = new StringContent("{\"name\": \"a\", \"count\": \"many\"}", Encoding.UTF8, "application/json");
        var response = await gateway.CreateClient().PostAsync(new Uri("/test/echo", UriKind.Relative), content, Ct);
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "malformed_json");
        Assert.Contains("$.count", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_content_type_is_unsupported_media_type()
    {
        await using var gateway = await TestGateway.CreateAsync(MapTestEndpoints);
        using var content = new StringContent("{\"name\":\"a\",\"count\":1}", Encoding.UTF8, "text/plain");
        var response = await gateway.CreateClient().PostAsync(new Uri("/test/echo", UriKind.Relative), content, Ct);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task Body_over_the_default_limit_is_payload_too_large()
    {
        await using var gateway = await TestGateway.CreateAsync(MapTestEndpoints);
        var response = await gateway.CreateClient().PostAsync(new Uri("/test/echo", UriKind.Relative), BigJson(1_100_000), Ct);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task Chunked_body_over_the_limit_is_payload_too_large()
    {
        await using var gateway = await TestGateway.CreateAsync(MapTestEndpoints);
        using var content = new StreamContent(new MemoryStream(new byte[1_100_000]));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/test/raw") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        var response = await gateway.CreateClient().SendAsync(request, Ct);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task Chunked_json_over_the_limit_is_payload_too_large()
    {
        await using var gateway = await TestGateway.CreateAsync(MapTestEndpoints);
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($"{{\"name\":\"{new string('x', 1_100_000)}\",\"count\":1}}")));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/test/echo") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        var response = await gateway.CreateClient().SendAsync(request, Ct);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task An_endpoint_can_raise_its_own_limit()
    {
        await using var gateway = await TestGateway.CreateAsync(MapTestEndpoints);
        var client = gateway.CreateClient();
        var accepted = await client.PostAsync(new Uri("/test/big", UriKind.Relative), BigJson(2_000_000), Ct);
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync(Ct));
        var refused = await client.PostAsync(new Uri("/test/big", UriKind.Relative), BigJson(3_200_000), Ct);
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task Unbindable_parameter_is_invalid_request_without_echoing_the_value()
    {
        await using var gateway = await TestGateway.CreateAsync(MapTestEndpoints);
        var response = await gateway.CreateClient().GetAsync(new Uri("/test/int?n=EAAGsecretsecretsecret", UriKind.Relative), Ct);
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.DoesNotContain("EAAG", problem.GetRawText(), StringComparison.Ordinal);
        var missing = await gateway.CreateClient().GetAsync(new Uri("/test/int", UriKind.Relative), Ct);
        await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Unhandled_exception_is_internal_error_and_reveals_nothing()
    {
        await using var gateway = await TestGateway.CreateAsync(MapTestEndpoints);
        var response = await gateway.CreateClient().GetAsync(new Uri("/test/boom", UriKind.Relative), Ct);
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError, "internal_error");
        var text = problem.GetRawText();
        Assert.DoesNotContain("kaboom", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperation", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_problem_carries_code_and_meta()
    {
        await using var gateway = await TestGateway.CreateAsync(MapTestEndpoints);
        var response = await gateway.CreateClient().GetAsync(new Uri("/test/problem", UriKind.Relative), Ct);
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadGateway, "code_exchange_failed");
        var meta = problem.GetProperty("meta");
        Assert.Equal(100, meta.GetProperty("code").GetInt32());
        Assert.Equal(33, meta.GetProperty("subcode").GetInt32());
        Assert.Equal("AbCdEf", meta.GetProperty("fbtraceId").GetString());
        Assert.Equal("Invalid parameter", meta.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Rate_limited_problem_sends_retry_after()
    {
        await using var gateway = await TestGateway.CreateAsync(MapTestEndpoints);
        var response = await gateway.CreateClient().GetAsync(new Uri("/test/rate", UriKind.Relative), Ct);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Validation_result_lists_errors_by_field()
    {
        await using var gateway = await TestGateway.CreateAsync(MapTestEndpoints);
        var response = await gateway.CreateClient().GetAsync(new Uri("/test/validation", UriKind.Relative), Ct);
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("Must be a phone number in E.164 digits.", problem.GetProperty("errors").GetProperty("to")[0].GetString());
    }

    [Theory]
    [InlineData(401, "unauthorized")]
    [InlineData(403, "forbidden")]
    [InlineData(404, "not_found")]
    [InlineData(409, "conflict")]
    [InlineData(503, "service_unavailable")]
    public async Task Bare_status_codes_become_problems(int status, string code)
    {
        await using var gateway = await TestGateway.CreateAsync(MapTestEndpoints);
        var response = await gateway.CreateClient().GetAsync(new Uri($"/test/status/{status}", UriKind.Relative), Ct);
        await ProblemAssert.IsProblemAsync(response, (HttpStatusCode)status, code);
    }

    [Fact]
    public async Task Problems_are_json_even_when_the_client_asks_for_html()
    {
        await using var gateway = await TestGateway.CreateAsync(MapTestEndpoints);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/nothing-here");
        request.Headers.Accept.ParseAdd("text/html");
        var response = await gateway.CreateClient().SendAsync(request, Ct);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    private static StringContent BigJson(int size)
        => new($"{{\"name\":\"{new string('x', size)}\",\"count\":1}}", Encoding.UTF8, "application/json");
}
