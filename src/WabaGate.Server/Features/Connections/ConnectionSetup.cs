using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using WabaGate.Graph.Client;
using WabaGate.Graph.Errors;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Infrastructure.Jobs;
using GraphPhone = WabaGate.Graph.Onboarding.PhoneNumber;

namespace WabaGate.Server.Features.Connections;

/// <summary>
/// Finishes an Embedded Signup connection, in Meta's order: subscribe the app to the WABA (before any callback
/// override, field lesson 1), list the numbers, register each one that needs it (field lesson 10). Every step is
/// idempotent and progress is saved as it goes (a PIN is stored before it is sent to Meta), so when a step fails
/// the connection shows <c>error</c> with the reason and a <c>connections.finish_setup</c> job finishes it later;
/// a revoked or expired token (190) means <c>needs_reauthorization</c> instead.
/// </summary>
internal sealed class ConnectionSetup(
    AppDbContext db, GraphClient graph, ConnectionSecrets secrets, IJobQueue jobs, TimeProvider clock, ILogger<ConnectionSetup> logger)
{
    public const string JobKind = "connections.finish_setup";

    /// <summary>Runs the steps; true when the connection is active. <paramref name="scheduleRetry"/> enqueues the retry job on failure.</summary>
    public async Task<bool> FinishAsync(Connection connection, bool coexistence, bool scheduleRetry, CancellationToken ct)
    {
        var token = await secrets.AccessTokenAsync(connection, ct);
        if (token is null)
        {
            return false;
        }

        var step = "subscribe";
        try
        {
            await graph.SubscribeAppAsync(connection.WabaId, token, ct: ct);
            step = "phone_numbers";
            var numbers = await graph.GetPhoneNumbersAsync(connection.WabaId, token, ct: ct);
            var phones = await SyncAsync(connection, numbers.Data, coexistence, ct);
            step = "register";
            foreach (var phone in phones.Where(p => !p.Registered && !p.IsCoexistence))
            {
                await RegisterAsync(phone, token, ct);
            }

            connection.Status = ConnectionStatus.Active;
            connection.StatusReason = null;
            connection.UpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
            await Templates.TemplateSyncJobs.RequestAsync(jobs, connection.Id, clock, ct);
            await Webhooks.UnroutableAdoptionJob.RequestAsync(jobs, connection.OrgId, ct);
            ConnectionsLog.Activated(logger, connection.Id, connection.WabaId, phones.Count);
            return true;
        }
        catch (GraphApiException error) when (!ct.IsCancellationRequested)
        {
            await FailAsync(connection, step, error, coexistence, scheduleRetry, ct);
            return false;
        }
    }

    /// <summary>Upserts the WABA's numbers as Meta reports them; numbers no longer listed are kept (history).</summary>
    public async Task<IReadOnlyList<PhoneNumber>> SyncAsync(Connection connection, IReadOnlyList<GraphPhone> numbers, bool coexistence, CancellationToken ct)
    {
        var existing = await db.Set<PhoneNumber>().Where(p => p.ConnectionId == connection.Id).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var synced = new List<PhoneNumber>();
        foreach (var number in numbers)
        {
            var phone = existing.Find(p => p.PhoneNumberId == number.Id);
            if (phone is null)
            {
                phone = new PhoneNumber { OrgId = connection.OrgId, ConnectionId = connection.Id, PhoneNumberId = number.Id, CreatedAt = now };
                db.Add(phone);
            }

            Apply(phone, number, now);
            phone.IsCoexistence |= coexistence || number.IsOnBizApp == true;
            synced.Add(phone);
        }

        if (synced.FirstOrDefault(p => p.VerifiedName is { Length: > 0 }) is { } named && connection.Name == DefaultName(connection.WabaId))
        {
            connection.Name = named.VerifiedName!;
        }

        await db.SaveChangesAsync(ct);
        return synced;
    }

    public static void Apply(PhoneNumber phone, GraphPhone number, DateTimeOffset now)
    {
        phone.DisplayPhoneNumber = number.DisplayPhoneNumber ?? phone.DisplayPhoneNumber;
        phone.VerifiedName = number.VerifiedName ?? phone.VerifiedName;
        phone.QualityRating = number.QualityRating ?? phone.QualityRating;
        phone.MessagingLimitTier = number.WhatsappBusinessManagerMessagingLimit ?? number.MessagingLimitTier ?? phone.MessagingLimitTier;
        phone.ThroughputLevel = number.Throughput?.Level ?? phone.ThroughputLevel;
        phone.NameStatus = number.NameStatus ?? phone.NameStatus;
        phone.Status = number.Status ?? phone.Status;
        phone.PlatformType = number.PlatformType ?? phone.PlatformType;
        phone.Registered |= number.Status == "CONNECTED" && number.PlatformType == "CLOUD_API";
        phone.UpdatedAt = now;
    }

    public static string DefaultName(string wabaId) => "WABA " + wabaId;

    private async Task RegisterAsync(PhoneNumber phone, string token, CancellationToken ct)
    {
        // The PIN is saved before Meta sees it: if we crash after Meta accepted it, the retry sends the same PIN
        // instead of a new one that would fail with 133005.
        var pin = await secrets.PinAsync(phone, ct);
        if (pin is null)
        {
            pin = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
            phone.PinCipher = await secrets.EncryptPinAsync(phone, pin, ct);
            await db.SaveChangesAsync(ct);
        }

        await graph.RegisterPhoneNumberAsync(phone.PhoneNumberId, pin, token, ct: ct);
        phone.Registered = true;
        phone.Status = "CONNECTED";
        phone.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    private async Task FailAsync(Connection connection, string step, GraphApiException error, bool coexistence, bool scheduleRetry, CancellationToken ct)
    {
        var what = step switch
        {
            "subscribe" => "Subscribing the app to the WhatsApp Business Account's webhooks",
            "phone_numbers" => "Listing the WhatsApp Business Account's phone numbers",
            _ => "Registering a phone number for the Cloud API",
        };
        var meta = $"Meta error {error.Code?.ToString(CultureInfo.InvariantCulture) ?? "?"}: {error.GraphMessage ?? "no response"}";
        if (error.Code == 190)
        {
            connection.Status = ConnectionStatus.NeedsReauthorization;
            connection.StatusReason = $"{what} failed because the access token is no longer valid ({meta}). Connect the account again.";
        }
        else
        {
            connection.Status = ConnectionStatus.Error;
            connection.StatusReason = $"{what} failed ({meta}). {(scheduleRetry ? "It is retried automatically." : "Retrying.")}";
            if (scheduleRetry)
            {
                jobs.Enqueue(JobKind, new FinishSetupPayload(connection.Id, coexistence), maxAttempts: 8);
            }
        }

        connection.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        ConnectionsLog.SetupFailed(logger, connection.Id, step, error.Code, ConnectionNames.Status(connection.Status));
    }
}

internal sealed record FinishSetupPayload(Guid ConnectionId, bool Coexistence);

/// <summary>Retries the setup steps of a connection left in <c>error</c>; a failed attempt is retried with backoff.</summary>
internal sealed class FinishSetupJob(AppDbContext db, ConnectionSetup setup) : IJobHandler<FinishSetupPayload>
{
    public async Task<JobResult> HandleAsync(FinishSetupPayload payload, JobContext context, CancellationToken cancellationToken)
    {
        var connection = await db.Set<Connection>().SingleOrDefaultAsync(c => c.Id == payload.ConnectionId, cancellationToken);
        if (connection is null || connection.Status is ConnectionStatus.Active or ConnectionStatus.Disconnected or ConnectionStatus.NeedsReauthorization)
        {
            return JobResult.Success;
        }

        if (await setup.FinishAsync(connection, payload.Coexistence, scheduleRetry: false, cancellationToken))
        {
            return JobResult.Success;
        }

        return connection.Status == ConnectionStatus.NeedsReauthorization
            ? JobResult.Fail("The access token is no longer valid; the connection needs reauthorization.")
            : throw new InvalidOperationException(connection.StatusReason ?? "Connection setup is incomplete.");
    }
}
