using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Graph.Client;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Infrastructure.Encryption;
using WabaGate.Server.Tests.Webhooks;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Inbox;

/// <summary>End to end with the simulated Meta: inbound media is downloaded at once, stored encrypted and served; mark-as-read.</summary>
public sealed class InboundMediaTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_customers_document_is_downloaded_stored_encrypted_served_to_its_organization_and_marked_read(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(provider);
        using var http = new HttpClient { BaseAddress = gateway.StartOnLoopback() };
        var org = await gateway.CreateOrganizationAsync();
        var other = await gateway.CreateOrganizationAsync();
        var (connectionId, phoneNumberId) = await ConnectSandboxAsync(gateway, http, org.OrgId, ct);

        using var patch = await org.Client.PatchAsJsonAsync($"/api/v1/connections/{connectionId}", new { autoMarkRead = true }, ct);
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.True((await patch.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("autoMarkRead").GetBoolean());

        var bytes = "%PDF-1.4\nolá 👋 — a small document"u8.ToArray();
        using var sent = await http.PostAsJsonAsync("/sandbox/meta/customers/5511977776666/messages", new
        {
            phoneNumberId,
            type = "document",
            profileName = "Carla",
            document = new { contentBase64 = Convert.ToBase64String(bytes), mimeType = "application/pdf", filename = "receita.pdf", caption = "segue" },
        }, ct);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var wamid = (await sent.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("wamid").GetString()!;

        var message = await WaitAsync(() => gateway.InOrgAsync(org.OrgId, db => db.Set<Message>().SingleOrDefaultAsync(m => m.Wamid == wamid)), ct);
        Assert.NotNull(message.MediaId);
        var media = await WaitAsync(
            () => gateway.InOrgAsync(org.OrgId, db => db.Set<MediaFile>().SingleOrDefaultAsync(m => m.Id == message.MediaId && m.State != MediaState.Pending)), ct);
        Assert.Equal(MediaState.Stored, media.State);
        Assert.Equal(bytes.Length, media.Size);

        // Encrypted at rest: the stored file does not contain the plaintext.
        var stored = Directory.EnumerateFiles(gateway.DataDirectory, "*", SearchOption.AllDirectories).Where(f => f.Contains(media.Id.ToString("N"), StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(stored);
        Assert.All(stored, f => Assert.DoesNotContain("a small document", File.ReadAllText(f), StringComparison.Ordinal));

        using var content = await org.Client.GetAsync($"/api/v1/media/{media.Id}/content", ct);
        Assert.Equal(HttpStatusCode.OK, content.StatusCode);
        Assert.Equal("application/pdf", content.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await content.Content.ReadAsByteArrayAsync(ct));
        using var foreign = await other.Client.GetAsync($"/api/v1/media/{media.Id}/content", ct);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);

        var thread = await org.Client.GetJsonAsync($"/api/v1/conversations/{message.ConversationId}/messages", ct);
        var document = Assert.Single(thread.GetProperty("items").EnumerateArray()).GetProperty("content");
        Assert.Equal(media.Id, document.GetProperty("mediaId").GetGuid());
        Assert.Equal("receita.pdf", document.GetProperty("filename").GetString());
        Assert.Equal("segue", document.GetProperty("caption").GetString());

        // Auto mark-as-read: the job ran against the simulated Graph, which accepts only known inbound wamids.
        var markRead = await WaitAsync(
            () => gateway.InOrgAsync(org.OrgId, db => db.Set<Job>().SingleOrDefaultAsync(j => j.Kind == "messages.mark_read" && j.State != JobState.Pending && j.State != JobState.Running)), ct);
        Assert.Equal(JobState.Succeeded, markRead.State);
    }

    /// <summary>What onboarding does, reduced: a simulated signup whose token is exchanged, stored encrypted, and subscribed.</summary>
    internal static async Task<(Guid ConnectionId, string PhoneNumberId)> ConnectSandboxAsync(GatewayFactory gateway, HttpClient http, Guid orgId, CancellationToken ct)
    {
        using var session = await http.PostAsJsonAsync("/sandbox/meta/signup-sessions", new { phoneNumbers = 1 }, ct);
        var signup = await session.Content.ReadFromJsonAsync<JsonElement>(ct);
        var wabaId = signup.GetProperty("wabaId").GetString()!;
        var phoneNumberId = signup.GetProperty("phoneNumberIds")[0].GetString()!;
        var connectionId = await gateway.AddConnectionAsync(orgId, wabaId, [phoneNumberId]);
        await gateway.InScopeAsync(async sp =>
        {
            sp.GetRequiredService<TenantContext>().Set(orgId);
            var graph = sp.GetRequiredService<GraphClient>();
            var token = await graph.ExchangeCodeAsync(signup.GetProperty("code").GetString()!, null, ct);
            await graph.SubscribeAppAsync(wabaId, token.AccessToken, ct: ct);
            var cipher = await sp.GetRequiredService<IFieldEncryptor>().EncryptStringAsync(token.AccessToken, EncryptionContext.For(orgId, "connections", connectionId, "access_token"), ct);
            var db = sp.GetRequiredService<AppDbContext>();
            return await db.Set<Connection>().Where(c => c.Id == connectionId).ExecuteUpdateAsync(s => s.SetProperty(c => c.AccessTokenCipher, cipher), ct);
        });
        return (connectionId, phoneNumberId);
    }

    private static async Task<T> WaitAsync<T>(Func<Task<T?>> probe, CancellationToken ct)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(50, ct);
        }
    }
}
