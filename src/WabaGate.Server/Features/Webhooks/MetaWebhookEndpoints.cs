using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WabaGate.Graph.Webhooks;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Infrastructure;
using WabaGate.Server.Infrastructure.Encryption;
using WabaGate.Server.Infrastructure.Problems;

namespace WabaGate.Server.Features.Webhooks;

/// <summary>
/// Meta's side: GET verification and POST deliveries, at the app level (<c>/webhooks/meta</c>, the gateway's Meta
/// app) and per manual connection (<c>/webhooks/meta/{key}</c>, that connection's app). Verify, store, acknowledge:
/// a POST reads the raw bytes, checks the HMAC over exactly those bytes, reads only the entry ids it routes by, and
/// commits one insert before answering. Refusals carry no detail about the expected signature or token.
/// </summary>
internal static class MetaWebhookEndpoints
{
    public const int MaxBodyBytes = 3 * 1024 * 1024;

    public static WebApplication MapMetaWebhooks(this WebApplication app)
    {
        var meta = app.MapGroup("/webhooks/meta").WithTags("Meta webhooks").AllowAnonymous().ExcludeFromDescription();
        meta.MapGet("/", VerifyApp);
        meta.MapGet("/{key}", VerifyConnection);
        meta.MapPost("/", ReceiveApp).WithRequestBodyLimit(MaxBodyBytes);
        meta.MapPost("/{key}", ReceiveConnection).WithRequestBodyLimit(MaxBodyBytes);
        app.MapBenchNoOp();
        return app;
    }

    private static Results<ContentHttpResult, StatusCodeHttpResult> VerifyApp(HttpRequest request, IOptions<MetaOptions> options)
        => Challenge(request, options.Value.WebhookVerifyToken);

    private static async Task<Results<ContentHttpResult, StatusCodeHttpResult>> VerifyConnection(
        string key, HttpRequest request, SystemQueries system, TenantContext tenant, AppDbContext db, IFieldEncryptor encryptor, CancellationToken ct)
    {
        if (await ManualConnectionAsync(key, system, tenant, db, ct) is not { VerifyTokenCipher: { } cipher } connection)
        {
            return TypedResults.StatusCode(StatusCodes.Status403Forbidden);
        }

        var token = await encryptor.DecryptStringAsync(cipher, WebhookSecrets.VerifyToken(connection.OrgId, connection.Id), ct);
        return Challenge(request, token);
    }

    private static Results<ContentHttpResult, StatusCodeHttpResult> Challenge(HttpRequest request, string? expected)
    {
        var query = request.Query;
        var answer = string.IsNullOrEmpty(expected)
            ? null
            : WebhookChallenge.Verify(query["hub.mode"], query["hub.verify_token"], query["hub.challenge"], expected);
        return answer is null
            ? TypedResults.StatusCode(StatusCodes.Status403Forbidden)
            : TypedResults.Text(answer, "text/plain");
    }

    private static async Task<IResult> ReceiveApp(
        HttpRequest request, IOptions<MetaOptions> options, ReferenceCache routes, WebhookInbox inbox, ILogger<WebhookInbox> logger, CancellationToken ct)
    {
        var body = await ReadBodyAsync(request, ct);
        if (Refuse(body, request, options.Value.AppSecret, logger) is { } refused)
        {
            return refused;
        }

        var envelope = WebhookEnvelope.TryRead(body);
        var route = envelope is null ? WebhookRoute.Nowhere("malformed") : await RouteAsync(envelope, request.HttpContext.RequestServices, routes, ct);
        await inbox.StoreAsync(body, WebhookSource.App, envelope, route, ct);
        return TypedResults.Ok();
    }

    private static async Task<IResult> ReceiveConnection(
        string key, HttpRequest request, SystemQueries system, TenantContext tenant, AppDbContext db, IFieldEncryptor encryptor,
        WebhookInbox inbox, ILogger<WebhookInbox> logger, CancellationToken ct)
    {
        var body = await ReadBodyAsync(request, ct);
        var connection = await ManualConnectionAsync(key, system, tenant, db, ct);
        if (connection is not { AppSecretCipher: { } cipher })
        {
            // An unknown key is refused like a wrong signature: the URL is the only thing that names the connection.
            WebhookLog.Refused(logger, "unknown webhook key");
            return TypedResults.StatusCode(StatusCodes.Status403Forbidden);
        }

        var secret = await encryptor.DecryptStringAsync(cipher, WebhookSecrets.AppSecret(connection.OrgId, connection.Id), ct);
        if (Refuse(body, request, secret, logger) is { } refused)
        {
            return refused;
        }

        await inbox.StoreAsync(body, WebhookSource.Connection, WebhookEnvelope.TryRead(body), WebhookRoute.To(connection.OrgId, connection.Id), ct);
        return TypedResults.Ok();
    }

    private static StatusCodeHttpResult? Refuse(byte[] body, HttpRequest request, string? secret, ILogger logger)
    {
        string? header = request.Headers[WebhookSignature.HeaderName];
        if (string.IsNullOrEmpty(header))
        {
            WebhookLog.Refused(logger, "missing signature");
            return TypedResults.StatusCode(StatusCodes.Status401Unauthorized);
        }

        if (string.IsNullOrEmpty(secret) || !WebhookSignature.IsValid(body, header, secret))
        {
            WebhookLog.Refused(logger, "invalid signature");
            return TypedResults.StatusCode(StatusCodes.Status403Forbidden);
        }

        return null;
    }

    /// <summary>
    /// Routes an app-level delivery by its entries' WABA ids (one indexed lookup each, usually answered by the routing
    /// cache). It is stored under an organization only when exactly one owns every entry; the raw body is never split
    /// or re-serialised.
    /// </summary>
    private static async Task<WebhookRoute> RouteAsync(WebhookEnvelope envelope, IServiceProvider scope, ReferenceCache routeCache, CancellationToken ct)
    {
        if (envelope.EntryIds.Count == 0)
        {
            return WebhookRoute.Nowhere("The delivery has no entries.");
        }

        var routes = new List<SystemQueries.Route>();
        foreach (var wabaId in envelope.EntryIds)
        {
            var found = await routeCache.RouteAsync(wabaId, scope, ct);
            if (found.Count == 0)
            {
                return WebhookRoute.Nowhere($"No connection holds WABA {Cut(wabaId)}.");
            }

            routes.AddRange(found);
        }

        var orgs = routes.Select(r => r.OrgId).Distinct().ToList();
        if (orgs.Count != 1)
        {
            return WebhookRoute.Nowhere("The delivery's WABAs belong to several organizations.");
        }

        var connections = routes.Select(r => r.ConnectionId).Distinct().ToList();
        return WebhookRoute.To(orgs[0], connections.Count == 1 ? connections[0] : null);
    }

    private static async Task<Connection?> ManualConnectionAsync(string key, SystemQueries system, TenantContext tenant, AppDbContext db, CancellationToken ct)
    {
        if (key.Length is 0 or > 200 || await system.RouteWebhookKeyAsync(key, ct) is not { } route)
        {
            return null;
        }

        tenant.Set(route.OrgId);
        return await db.Set<Connection>().AsNoTracking()
            .SingleOrDefaultAsync(c => c.Id == route.ConnectionId && c.Kind == ConnectionKind.Manual && c.Status != ConnectionStatus.Disconnected, ct);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        // The limit is enforced while reading (413 payload_too_large); the raw bytes are what the signature covers.
        using var buffer = new MemoryStream(request.ContentLength is > 0 and <= MaxBodyBytes ? (int)request.ContentLength : 4096);
        await request.Body.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    private static string Cut(string id) => id.Length <= 32 ? id : id[..32];
}
