using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Graph.Webhooks;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Infrastructure.Encryption;
using WabaGate.TestKit;
using StoredDelivery = WabaGate.Server.Data.Entities.WebhookDelivery;

namespace WabaGate.Server.Tests.Webhooks;

internal sealed record ManualSecrets(string Key, string AppSecret, string VerifyToken);

/// <summary>Connections written straight to the database (onboarding is built elsewhere), signed posts and waits.</summary>
internal static class WebhookTestKit
{
    public const string AppSecret = "app-secret-for-tests";
    public const string VerifyToken = "verify-token-for-tests";

    public static async Task<Guid> AddConnectionAsync(
        this GatewayFactory gateway, Guid orgId, string wabaId, IEnumerable<string> phoneNumberIds, ManualSecrets? manual = null)
        => await gateway.InScopeAsync(async sp =>
        {
            sp.GetRequiredService<TenantContext>().Set(orgId);
            var db = sp.GetRequiredService<AppDbContext>();
            var encryptor = sp.GetRequiredService<IFieldEncryptor>();
            var now = DateTimeOffset.UtcNow;
            var connection = new Connection
            {
                OrgId = orgId, WabaId = wabaId, Name = "Test " + wabaId, Status = ConnectionStatus.Active,
                Kind = manual is null ? ConnectionKind.EmbeddedSignup : ConnectionKind.Manual, CreatedAt = now, UpdatedAt = now,
            };
            if (manual is not null)
            {
                connection.WebhookKey = manual.Key;
                connection.AppSecretCipher = await encryptor.EncryptStringAsync(manual.AppSecret, EncryptionContext.For(orgId, "connections", connection.Id, "app_secret"));
                connection.VerifyTokenCipher = await encryptor.EncryptStringAsync(manual.VerifyToken, EncryptionContext.For(orgId, "connections", connection.Id, "verify_token"));
            }

            db.Add(connection);
            foreach (var phone in phoneNumberIds)
            {
                db.Add(new PhoneNumber { OrgId = orgId, ConnectionId = connection.Id, PhoneNumberId = phone, CreatedAt = now, UpdatedAt = now });
            }

            await db.SaveChangesAsync();
            return connection.Id;
        });

    /// <summary>A <c>messages</c> delivery in Meta's wire form, one entry per (WABA, phone number, wamid).</summary>
    public static string MessagesDelivery(params (string WabaId, string PhoneNumberId, string Wamid, string Text)[] entries)
    {
        var parts = entries.Select(e => $$$"""
            {"id":"{{{e.WabaId}}}","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"{{{e.PhoneNumberId}}}"},"contacts":[{"profile":{"name":"Ana"},"wa_id":"5511999990000"}],"messages":[{"from":"5511999990000","id":"{{{e.Wamid}}}","timestamp":"1732230000","type":"text","text":{"body":"{{{e.Text}}}"}}]},"field":"messages"}]}
            """);
        return $$"""{"object":"whatsapp_business_account","entry":[{{string.Join(',', parts)}}]}""";
    }

    public static async Task<HttpResponseMessage> PostSignedAsync(this HttpClient client, string path, byte[] body, string? secret, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (secret is not null)
        {
            request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, WebhookSignature.Compute(body, secret));
        }

        return await client.SendAsync(request, ct);
    }

    public static Task<HttpResponseMessage> PostSignedAsync(this HttpClient client, string path, string body, string? secret, CancellationToken ct)
        => client.PostSignedAsync(path, Encoding.UTF8.GetBytes(body), secret, ct);

    /// <summary>The deliveries visible to <paramref name="orgId"/> (or the system's unroutable ones for <see langword="null"/>).</summary>
    public static Task<List<StoredDelivery>> DeliveriesAsync(this GatewayFactory gateway, Guid? orgId)
        => gateway.InScopeAsync(async sp =>
        {
            if (orgId is { } id)
            {
                sp.GetRequiredService<TenantContext>().Set(id);
            }

            return await sp.GetRequiredService<AppDbContext>().Set<StoredDelivery>().AsNoTracking()
                .Where(d => d.OrgId == orgId).OrderBy(d => d.Id).ToListAsync();
        });

    public static async Task<StoredDelivery> WaitForAsync(this GatewayFactory gateway, Guid orgId, Func<StoredDelivery, bool> done, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var found = (await gateway.DeliveriesAsync(orgId)).FirstOrDefault(done);
            if (found is not null)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("No delivery reached the expected state.");
            }

            await Task.Delay(50, ct);
        }
    }
}
