using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WabaGate.Graph.Client;
using WabaGate.Graph.Errors;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Infrastructure;
using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Features.Connections;

/// <summary>
/// Asks Meta how a connection is: the token (validity and expiry from <c>debug_token</c>), the app's subscription
/// to the WABA, and each number's quality, limit tier and throughput (refreshed). A revoked, expired or invalid
/// token (error 190) turns the connection to <c>needs_reauthorization</c> with the reason (field lesson 7).
/// </summary>
internal sealed class ConnectionHealth(
    AppDbContext db, GraphClient graph, ConnectionSecrets secrets, ConnectionSetup setup, IOptions<MetaOptions> meta, TimeProvider clock,
    ILogger<ConnectionHealth> logger)
{
    public const string JobKind = "connections.health_check";

    public async Task<HealthCheckResponse> CheckAsync(Connection connection, CancellationToken ct)
    {
        if (connection.Status == ConnectionStatus.Disconnected)
        {
            return new HealthCheckResponse(ConnectionNames.Status(connection.Status), [new HealthCheckItem("connection", false, "The connection is disconnected.")]);
        }

        var checks = new List<HealthCheckItem>();
        var token = await secrets.AccessTokenAsync(connection, ct);
        string? reauthorization = token is null ? "No access token is stored; connect the account again." : null;
        if (token is not null)
        {
            reauthorization = await CheckTokenAsync(connection, token, checks, ct);
        }

        if (reauthorization is null && token is not null)
        {
            reauthorization = await CheckSubscriptionAsync(connection, token, checks, ct) ?? await CheckNumbersAsync(connection, token, checks, ct);
        }

        var now = clock.GetUtcNow();
        if (reauthorization is not null)
        {
            connection.Status = ConnectionStatus.NeedsReauthorization;
            connection.StatusReason = reauthorization;
        }
        else if (checks.TrueForAll(c => c.Ok))
        {
            connection.Status = ConnectionStatus.Active;
            connection.StatusReason = null;
        }
        else
        {
            connection.Status = ConnectionStatus.Error;
            connection.StatusReason = string.Join(" ", checks.Where(c => !c.Ok).Select(c => c.Detail));
        }

        connection.LastHealthCheckAt = now;
        connection.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        var status = ConnectionNames.Status(connection.Status);
        ConnectionsLog.HealthChecked(logger, connection.Id, status);
        return new HealthCheckResponse(status, checks);
    }

    private async Task<string?> CheckTokenAsync(Connection connection, string token, List<HealthCheckItem> checks, CancellationToken ct)
    {
        try
        {
            // Embedded Signup tokens are inspected with our app's token; a manual connection's token belongs to another app.
            var debug = await graph.DebugTokenAsync(token, connection.Kind == ConnectionKind.Manual ? token : null, ct);
            if (!debug.IsValid)
            {
                var reason = debug.Error is { } e && e.TryGetProperty("message", out var m) ? m.GetString() : null;
                var detail = $"The access token is no longer valid ({reason ?? "revoked or expired"}); connect the account again.";
                checks.Add(new HealthCheckItem("token", false, detail));
                return detail;
            }

            connection.TokenExpiresAt = debug.ExpiresAtTime;
            checks.Add(new HealthCheckItem("token", true, debug.ExpiresAtTime is { } at
                ? "Valid until " + at.ToString("O", CultureInfo.InvariantCulture) + "."
                : "Valid; does not expire."));
            return null;
        }
        catch (GraphApiException error) when (error.Code == 190)
        {
            var detail = $"The access token is no longer valid (Meta error 190: {error.GraphMessage}); connect the account again.";
            checks.Add(new HealthCheckItem("token", false, detail));
            return detail;
        }
        catch (GraphApiException error)
        {
            checks.Add(new HealthCheckItem("token", false, $"Meta could not inspect the token (Meta error {error.Code}: {error.GraphMessage})."));
            return null;
        }
    }

    private async Task<string?> CheckSubscriptionAsync(Connection connection, string token, List<HealthCheckItem> checks, CancellationToken ct)
    {
        try
        {
            var apps = await graph.GetSubscribedAppsAsync(connection.WabaId, token, ct);
            var subscribed = connection.Kind == ConnectionKind.Manual
                ? apps.Count > 0
                : apps.Any(a => a.WhatsappBusinessApiData?.Id == meta.Value.AppId);
            checks.Add(new HealthCheckItem("subscription", subscribed, subscribed
                ? "The app is subscribed to the WhatsApp Business Account's webhooks."
                : "The app is not subscribed to the WhatsApp Business Account's webhooks; no messages will arrive."));
            return null;
        }
        catch (GraphApiException error)
        {
            return Failed(checks, "subscription", error);
        }
    }

    private async Task<string?> CheckNumbersAsync(Connection connection, string token, List<HealthCheckItem> checks, CancellationToken ct)
    {
        try
        {
            var numbers = (await graph.GetPhoneNumbersAsync(connection.WabaId, token, ct: ct)).Data;
            if (connection.Kind == ConnectionKind.Manual)
            {
                var known = await db.Set<PhoneNumber>().Where(p => p.ConnectionId == connection.Id).Select(p => p.PhoneNumberId).ToListAsync(ct);
                numbers = numbers.Where(n => known.Contains(n.Id)).ToList();
            }

            var phones = await setup.SyncAsync(connection, numbers, coexistence: false, ct);
            var unregistered = phones.Count(p => !p.Registered && !p.IsCoexistence);
            checks.Add(new HealthCheckItem("phone_numbers", unregistered == 0, unregistered == 0
                ? $"{phones.Count} phone number(s) refreshed: " + string.Join(", ", phones.Select(p => $"{p.DisplayPhoneNumber} {p.QualityRating}/{p.MessagingLimitTier}/{p.ThroughputLevel}"))
                : $"{unregistered} phone number(s) are not registered for the Cloud API."));
            return null;
        }
        catch (GraphApiException error)
        {
            return Failed(checks, "phone_numbers", error);
        }
    }

    private static string? Failed(List<HealthCheckItem> checks, string name, GraphApiException error)
    {
        var detail = $"Meta error {error.Code}: {error.GraphMessage}";
        if (error.Code == 190)
        {
            detail = $"The access token is no longer valid ({detail}); connect the account again.";
            checks.Add(new HealthCheckItem(name, false, detail));
            return detail;
        }

        checks.Add(new HealthCheckItem(name, false, detail + "."));
        return null;
    }
}

internal sealed record HealthCheckPayload(Guid ConnectionId);

/// <summary>The health check as a job (for schedules and for after webhooks that hint at trouble).</summary>
internal sealed class HealthCheckJob(AppDbContext db, ConnectionHealth health) : IJobHandler<HealthCheckPayload>
{
    public async Task<JobResult> HandleAsync(HealthCheckPayload payload, JobContext context, CancellationToken cancellationToken)
    {
        if (await db.Set<Connection>().SingleOrDefaultAsync(c => c.Id == payload.ConnectionId, cancellationToken) is { } connection)
        {
            await health.CheckAsync(connection, cancellationToken);
        }

        return JobResult.Success;
    }
}
