using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using WabaGate.Graph.Client;
using WabaGate.Graph.Errors;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Onboarding;
using WabaGate.Server.Features.Tenancy;
using WabaGate.Server.Infrastructure.Problems;

namespace WabaGate.Server.Features.Connections;

/// <summary>
/// Connects a WABA with the customer's own Meta app and token: checks the number belongs to the WABA with that
/// token, subscribes their app, and gives the connection its own webhook URL and verify token (field lesson 12).
/// </summary>
internal sealed class ManualConnectService(
    AppDbContext db, GraphClient graph, SystemQueries system, ConnectionSetup setup, ConnectionSecrets secrets, TimeProvider clock, Infrastructure.Jobs.IJobQueue jobs)
{
    public const string InvalidCredentials = "invalid_credentials";

    public async Task<Connection> ConnectAsync(Caller caller, CreateConnectionRequest request, CancellationToken ct)
    {
        Validate(request);
        var (token, wabaId, phoneNumberId) = (request.AccessToken!.Trim(), request.WabaId!.Trim(), request.PhoneNumberId!.Trim());

        WabaGate.Graph.Onboarding.PhoneNumber number;
        IReadOnlyList<WabaGate.Graph.Onboarding.PhoneNumber> numbers;
        try
        {
            numbers = (await graph.GetPhoneNumbersAsync(wabaId, token, ct: ct)).Data;
            number = numbers.FirstOrDefault(n => n.Id == phoneNumberId)
                ?? throw new ApiProblemException(InvalidCredentials, StatusCodes.Status422UnprocessableEntity,
                    "The phone number does not belong to this WhatsApp Business Account.");
        }
        catch (GraphApiException error)
        {
            throw new ApiProblemException(InvalidCredentials, StatusCodes.Status422UnprocessableEntity,
                "Meta refused these credentials for this WhatsApp Business Account; check the access token and ids.", error)
            {
                Meta = MetaErrorInfo.From(error),
            };
        }

        if ((await system.RouteWabaAsync(wabaId, ct)).Any(r => r.OrgId != caller.OrgId))
        {
            throw ApiProblemException.Conflict(OnboardingCodes.WabaOwnedByAnotherOrganization,
                "This WhatsApp Business Account is connected to another organization; disconnect it there first.");
        }

        var now = clock.GetUtcNow();
        var connection = await db.Set<Connection>().SingleOrDefaultAsync(c => c.WabaId == wabaId, ct);
        // A working connection is not silently replaced; one that is disconnected, lost its token or is failing can be
        // given new credentials, keeping its row, webhook URL and history.
        if (connection is { Status: ConnectionStatus.Active or ConnectionStatus.Pending })
        {
            throw ApiProblemException.Conflict(ProblemCodes.Conflict, "This WhatsApp Business Account is already connected; disconnect it first.");
        }

        if (connection is null)
        {
            connection = new Connection { OrgId = caller.OrgId, WabaId = wabaId, Name = string.Empty, CreatedAt = now };
            db.Add(connection);
        }

        connection.Kind = ConnectionKind.Manual;
        connection.Name = request.Name is { Length: > 0 } name ? name.Trim() : number.VerifiedName ?? ConnectionSetup.DefaultName(wabaId);
        connection.WebhookKey ??= Random(24);
        connection.AccessTokenCipher = await secrets.EncryptAsync(connection, ConnectionSecrets.AccessToken, token, ct);
        connection.AppSecretCipher = await secrets.EncryptAsync(connection, ConnectionSecrets.AppSecret, request.AppSecret!.Trim(), ct);
        connection.VerifyTokenCipher ??= await secrets.EncryptAsync(connection, ConnectionSecrets.VerifyToken, Random(24), ct);
        connection.Status = ConnectionStatus.Active;
        connection.StatusReason = null;
        connection.DisconnectedAt = null;
        connection.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await setup.SyncAsync(connection, [number], coexistence: false, ct);
        await Templates.TemplateSyncJobs.RequestAsync(jobs, connection.Id, clock, ct);

        // Their own app receives the webhooks (configured with our URL in their app dashboard); subscribing it to the
        // WABA is what makes Meta send them. Best effort: the health check reports a missing subscription.
        try
        {
            await graph.SubscribeAppAsync(wabaId, token, ct: ct);
        }
        catch (GraphApiException error) when (!ct.IsCancellationRequested)
        {
            connection.StatusReason = $"Subscribing your app to the WhatsApp Business Account failed (Meta error {error.Code}); run a health check after fixing its permissions.";
            await db.SaveChangesAsync(ct);
        }

        return connection;
    }

    private static void Validate(CreateConnectionRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        Require(errors, "accessToken", request.AccessToken);
        Require(errors, "wabaId", request.WabaId);
        Require(errors, "phoneNumberId", request.PhoneNumberId);
        Require(errors, "appSecret", request.AppSecret);
        if (errors.Count > 0)
        {
            throw ApiProblemException.Validation(errors);
        }
    }

    private static void Require(Dictionary<string, string[]> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = [$"{field} is required."];
        }
    }

    private static string Random(int bytes) => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(bytes));
}
