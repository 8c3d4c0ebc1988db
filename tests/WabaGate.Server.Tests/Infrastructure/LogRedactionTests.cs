using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WabaGate.Server.Data;
using WabaGate.Server.Infrastructure.Observability;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Infrastructure;

/// <summary>
/// The redaction guarantee: with every category at Trace, known secrets driven through request URLs, headers,
/// bodies, bad requests, unhandled exceptions, problem responses and EF commands never reach a log entry.
/// </summary>
public sealed class LogRedactionTests
{
    private const string AccessToken = "EAAGm0PX4ZCpsBAKZCZAbc123TokenValue987";
    private const string ApiKey = "wg_live_9Tq2XvB7kP4mN8sR1wZ6yH3c";
    private const string AppSecret = "9f3c2a7b1e8d4c6f0a5b2e9d7c1f3a8b";
    private const string VerifyToken = "verify-me-7Hk2pQ9zLm";
    private const string OAuthCode = "AQDx-oauth-code-5512abc";

    private static readonly string[] Secrets = [AccessToken, ApiKey, AppSecret, VerifyToken, OAuthCode];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Secrets_never_reach_the_logs(DatabaseProvider provider)
    {
        var capture = new CapturingLoggerProvider();
        await using var gateway = await TestGateway.CreateAsync(
            MapEndpoints,
            provider,
            TraceEverything(),
            b => b.ConfigureLogging(l => l.AddProvider(capture)));
        var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        client.DefaultRequestHeaders.Add("X-Hub-Signature-256", "sha256=" + AppSecret);

        var query = $"access_token={AccessToken}&client_secret={AppSecret}&code={OAuthCode}&hub.verify_token={VerifyToken}&input_token={AccessToken}";
        await client.GetAsync(new Uri($"/webhooks/unknown?{query}", UriKind.Relative), Ct);
        await client.GetAsync(new Uri($"/test/ok?{query}", UriKind.Relative), Ct);
        await client.GetAsync(new Uri($"/test/int?n={AccessToken}", UriKind.Relative), Ct);
        await client.GetAsync(new Uri($"/test/boom?{query}", UriKind.Relative), Ct);
        await client.GetAsync(new Uri("/test/boom-secret", UriKind.Relative), Ct);
        await client.DeleteAsync(new Uri($"/health/live?{query}", UriKind.Relative), Ct);
        using (var malformed = new StringContent($"{{\"accessToken\": \"{AccessToken}\", \"appSecret\": {AppSecret}", Encoding.UTF8, "application/json"))
        {
            await client.PostAsync(new Uri($"/test/echo?{query}", UriKind.Relative), malformed, Ct);
        }

        using (var valid = new StringContent($"{{\"name\": \"{AccessToken}\", \"count\": 1}}", Encoding.UTF8, "application/json"))
        {
            await client.PostAsync(new Uri("/test/echo", UriKind.Relative), valid, Ct);
        }

        await gateway.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            var secret = AccessToken;
            return await db.Organizations.AnyAsync(o => o.Name == secret, Ct);
        });

        var logs = capture.AllText;
        Assert.Contains("WabaGate.Requests", logs, StringComparison.Ordinal);
        Assert.Contains("Unhandled System.InvalidOperationException", logs, StringComparison.Ordinal);
        Assert.Contains("Microsoft.EntityFrameworkCore.Database.Command", logs, StringComparison.Ordinal);
        foreach (var secret in Secrets)
        {
            Assert.False(logs.Contains(secret, StringComparison.Ordinal), $"'{secret}' leaked into the logs:\n{Excerpt(logs, secret)}");
        }
    }

    [Fact]
    public async Task Sensitive_data_logging_is_off()
    {
        await using var gateway = await TestGateway.CreateAsync();
        await gateway.InScopeAsync(services =>
        {
            var options = services.GetRequiredService<AppDbContext>().GetService<IDbContextOptions>();
            Assert.False(options.FindExtension<CoreOptionsExtension>()?.IsSensitiveDataLoggingEnabled ?? false);
            return Task.FromResult(true);
        });
    }

    [Fact]
    public void Gateway_scope_carries_organization_and_connection_ids()
    {
        var capture = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(capture).SetMinimumLevel(LogLevel.Trace));
        var logger = factory.CreateLogger("scope-test");
        var org = Guid.CreateVersion7();
        var connection = Guid.CreateVersion7();
        using (logger.BeginGatewayScope(org, connection))
        {
            logger.LogInformation("inside");
        }

        var entry = Assert.Single(capture.Entries);
        Assert.Contains($"OrganizationId={org:D}", entry, StringComparison.Ordinal);
        Assert.Contains($"ConnectionId={connection:D}", entry, StringComparison.Ordinal);
        Assert.Null(logger.BeginGatewayScope());
    }

    [Theory]
    [InlineData("token EAAGm0PX4ZCpsBAKZCZ in text")]
    [InlineData("key wg_live_9Tq2XvB7kP4 in text")]
    [InlineData("secret 9f3c2a7b1e8d4c6f0a5b2e9d7c1f3a8b in text")]
    [InlineData("GET /x?client_secret=abc&hub.verify_token=def HTTP")]
    [InlineData("Authorization: Bearer abc.def-ghi")]
    public void Redactor_masks_known_secret_shapes(string text)
    {
        var redacted = SecretRedactor.Redact(text);
        Assert.Contains(SecretRedactor.Mask, redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("EAAGm0", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("wg_live", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("9f3c2a7b", redacted, StringComparison.Ordinal);
    }

    private static void MapEndpoints(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder e)
    {
        ProblemDetailsTests.MapTestEndpoints(e);
        e.MapGet("/test/ok", () => TypedResults.Ok());
        e.MapGet("/test/boom-secret", string () => throw new InvalidOperationException($"Graph said no to {AccessToken} with {AppSecret}"));
    }

    private static string Excerpt(string logs, string secret)
    {
        var at = logs.IndexOf(secret, StringComparison.Ordinal);
        return logs[Math.Max(0, at - 600)..Math.Min(logs.Length, at + 200)];
    }

    /// <summary>Every category at Trace, overriding the quieter defaults of appsettings.json.</summary>
    private static Dictionary<string, string?> TraceEverything() => new()
    {
        ["Logging:LogLevel:Default"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Trace",
        ["Logging:LogLevel:WabaGate.Requests"] = "Trace",
    };
}
