using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using WabaGate.Server.Data;
using WabaGate.Server.Infrastructure.Health;

namespace WabaGate.Server.Tests.Infrastructure;

public sealed class HealthAndOpenApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Ready_is_healthy_when_the_database_is_reachable(DatabaseProvider provider)
    {
        await using var gateway = await TestGateway.CreateAsync(provider: provider);
        var response = await gateway.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal("healthy", json.GetProperty("status").GetString());
        var check = Assert.Single(json.GetProperty("checks").EnumerateArray());
        Assert.Equal("database", check.GetProperty("name").GetString());
        Assert.Equal("healthy", check.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_is_unavailable_when_a_dependency_is_not()
    {
        await using var gateway = await TestGateway.CreateAsync(configure: b => b.ConfigureServices(s => s.AddHealthChecks()
            .AddCheck("broken", () => HealthCheckResult.Unhealthy("nonexistent host", new InvalidOperationException("nonexistent")), tags: [HealthEndpoints.ReadyTag])));
        var response = await gateway.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, body);
        Assert.Equal("unhealthy", JsonDocument.Parse(body).RootElement.GetProperty("status").GetString());
        Assert.DoesNotContain("nonexistent", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Live_is_healthy_without_auth()
    {
        await using var gateway = await TestGateway.CreateAsync();
        var response = await gateway.CreateClient().GetAsync(new Uri("/health/live", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task OpenApi_document_lists_the_endpoints_the_scheme_and_problem_responses()
    {
        await using var gateway = await TestGateway.CreateAsync(e => e.MapPost("/api/v1/test-items", (ProblemDetailsTests.Echo body) => TypedResults.Ok(body)));
        var response = await gateway.CreateClient().GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

        Assert.StartsWith("3.", doc.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("WabaGate API", doc.GetProperty("info").GetProperty("title").GetString());
        var paths = doc.GetProperty("paths");
        string[] expected =
        [
            "/health/live", "/health/ready", "/metrics", "/api/v1/test-items", "/api/v1/me", "/api/v1/api-keys", "/api/v1/api-keys/{id}",
            "/api/v1/jobs", "/api/v1/jobs/{id}/retry", "/api/v1/connections", "/api/v1/connections/{id}", "/api/v1/connections/{id}/health-check",
            "/api/v1/phone-numbers", "/api/v1/onboarding/embedded-signup/config", "/api/v1/onboarding/embedded-signup/complete",
            "/api/v1/onboarding/embedded-signup/status", "/api/v1/webhook-events", "/api/v1/webhook-events/{id}/replay",
        ];
        foreach (var path in expected)
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document");
        }

        var scheme = doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.True(doc.GetProperty("components").GetProperty("schemas").TryGetProperty("Problem", out _));

        var create = paths.GetProperty("/api/v1/test-items").GetProperty("post");
        Assert.Equal("#/components/schemas/Problem",
            create.GetProperty("responses").GetProperty("default").GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.True(create.TryGetProperty("security", out _), "an authenticated endpoint should name the API key scheme");
        Assert.False(paths.GetProperty("/health/live").GetProperty("get").TryGetProperty("security", out _), "health is anonymous");
    }
}
