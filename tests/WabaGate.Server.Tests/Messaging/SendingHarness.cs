using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Connections;
using WabaGate.Server.Features.Inbox;
using WabaGate.Server.Features.Media;
using WabaGate.Server.Tests.Jobs;
using WabaGate.Simulator;
using WabaGate.Simulator.State;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Messaging;

/// <summary>
/// A gateway whose Graph client talks over real HTTP to a standalone simulated Meta (which outlives gateway
/// restarts and is shared by several gateway nodes), with one organization and one connected, registered number.
/// </summary>
internal sealed class SendingHarness : IAsyncDisposable
{
    private SendingHarness(SimulatorHost sim, GatewayFactory gateway, TestOrganization org, SignupResult signup, Guid connectionId, Guid phoneRowId, string token)
    {
        Sim = sim;
        Gateway = gateway;
        Org = org;
        Signup = signup;
        ConnectionId = connectionId;
        PhoneRowId = phoneRowId;
        Token = token;
        Http = new HttpClient();
    }

    public SimulatorHost Sim { get; }

    public GatewayFactory Gateway { get; private set; }

    public TestOrganization Org { get; private set; }

    public SignupResult Signup { get; }

    public string PhoneNumberId => Signup.PhoneNumberIds[0];

    public Guid ConnectionId { get; }

    public Guid PhoneRowId { get; }

    /// <summary>The connection's Meta access token (issued by the simulator).</summary>
    public string Token { get; }

    private HttpClient Http { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Settings every sending test wants: fast retries and polling, no recipient pacing in the way.</summary>
    public static Dictionary<string, string?> Settings(SimulatorHost sim, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Meta:GraphBaseUrl"] = sim.GraphBaseUrl,
            ["Messaging:RetryBaseDelay"] = "00:00:00.050",
            ["Messaging:RecipientBurst"] = "1000",
            ["Jobs:PollInterval"] = "00:00:00.050",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    public static async Task<SendingHarness> StartAsync(DatabaseProvider provider, IDictionary<string, string?>? settings = null, Action<SimulatorOptions>? simulator = null)
    {
        var sim = await SimulatorHost.StartAsync(o =>
        {
            o.SentDelay = o.DeliveredDelay = o.ReadDelay = TimeSpan.FromMilliseconds(10);
            o.OutboxCapacity = 5000;
            simulator?.Invoke(o);
        }, cancellationToken: Ct);
        var gateway = await GatewayFactory.CreateAsync(provider, Settings(sim, settings));
        var org = await gateway.CreateOrganizationAsync();
        var signup = sim.State.CreateSignupSession(1, "Sending Test");
        var token = sim.State.IssueToken([signup.WabaId]);
        using (var http = new HttpClient())
        {
            foreach (var phone in signup.PhoneNumberIds)
            {
                using var register = new HttpRequestMessage(HttpMethod.Post, $"{sim.GraphBaseUrl}/v24.0/{phone}/register")
                {
                    Content = JsonContent.Create(new { messaging_product = "whatsapp", pin = "123456" }),
                };
                register.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var registered = await http.SendAsync(register, Ct);
                registered.EnsureSuccessStatusCode();
            }
        }

        var (connectionId, phoneRowId) = await gateway.InScopeAsync(async sp =>
        {
            sp.GetRequiredService<TenantContext>().Set(org.OrgId);
            var db = sp.GetRequiredService<AppDbContext>();
            var now = DateTimeOffset.UtcNow;
            var connection = new Connection
            {
                OrgId = org.OrgId, WabaId = signup.WabaId, Name = "Sending", Status = ConnectionStatus.Active, Kind = ConnectionKind.EmbeddedSignup,
                CreatedAt = now, UpdatedAt = now,
            };
            connection.AccessTokenCipher = await sp.GetRequiredService<ConnectionSecrets>().EncryptAsync(connection, ConnectionSecrets.AccessToken, token, CancellationToken.None);
            db.Add(connection);
            var phone = new PhoneNumber { OrgId = org.OrgId, ConnectionId = connection.Id, PhoneNumberId = signup.PhoneNumberIds[0], Registered = true, CreatedAt = now, UpdatedAt = now };
            db.Add(phone);
            await db.SaveChangesAsync();
            return (connection.Id, phone.Id);
        });

        return new SendingHarness(sim, gateway, org, signup, connectionId, phoneRowId, token);
    }

    /// <summary>Stops the gateway and starts it again on the same database (the simulated Meta keeps running).</summary>
    public async Task RestartAsync(IDictionary<string, string?>? changed = null, Action<IServiceCollection>? services = null)
    {
        var next = Gateway.Restart(changed);
        next.ConfigureServices = services;
        Org.Client.Dispose();
        await Gateway.DisposeAsync();
        Gateway = next;
        var client = next.CreateClient();
        client.DefaultRequestHeaders.Authorization = Org.Client.DefaultRequestHeaders.Authorization;
        Org = Org with { Client = client };
    }

    /// <summary>The customer writes first: opens Meta's window at the simulator and, as the inbound pipeline would, the gateway's conversation window.</summary>
    public async Task OpenWindowAsync(string waId)
    {
        using var response = await Http.PostAsJsonAsync($"{Sim.BaseUrl}/customers/{waId}/messages", new { phoneNumberId = PhoneNumberId, text = new { body = "Oi" } }, Ct);
        response.EnsureSuccessStatusCode();
        await InOrgAsync(async sp =>
        {
            var directory = sp.GetRequiredService<ConversationDirectory>();
            var phone = await sp.GetRequiredService<AppDbContext>().Set<PhoneNumber>().SingleAsync(p => p.Id == PhoneRowId);
            var conversation = await directory.ConversationAsync(phone, await directory.ContactAsync(Org.OrgId, waId, null, CancellationToken.None), CancellationToken.None);
            conversation.LastInboundAt = DateTimeOffset.UtcNow;
            conversation.WindowExpiresAt = DateTimeOffset.UtcNow.AddHours(24);
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
            return true;
        });
    }

    /// <summary>An approved template at Meta and in the gateway's catalog; by default positional, body "Hello {{1}}, order {{2}} is ready."</summary>
    public async Task<string> ApprovedTemplateAsync(string name = "order_ready", string language = "en_US", string status = "APPROVED", JsonArray? withComponents = null)
    {
        var components = withComponents ?? new JsonArray(new JsonObject
        {
            ["type"] = "BODY",
            ["text"] = "Hello {{1}}, order {{2}} is ready.",
            ["example"] = new JsonObject { ["body_text"] = new JsonArray(new JsonArray("Ana", "42")) },
        });
        using var create = new HttpRequestMessage(HttpMethod.Post, $"{Sim.GraphBaseUrl}/v24.0/{Signup.WabaId}/message_templates")
        {
            Content = JsonContent.Create(new JsonObject { ["name"] = name, ["language"] = language, ["category"] = "UTILITY", ["components"] = components.DeepClone() }),
        };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var created = await Http.SendAsync(create, Ct);
        var body = await created.Content.ReadAsStringAsync(Ct);
        Assert.True(created.IsSuccessStatusCode, body);
        var metaId = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        using var review = await Http.PostAsJsonAsync($"{Sim.BaseUrl}/templates/{metaId}/review", new { status = "APPROVED" }, Ct);
        review.EnsureSuccessStatusCode();
        await InOrgAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var now = DateTimeOffset.UtcNow;
            db.Add(new Template
            {
                OrgId = Org.OrgId, ConnectionId = ConnectionId, MetaId = metaId, Name = name, Language = language, Category = "UTILITY", Status = status,
                Components = components.ToJsonString(), CreatedAt = now, UpdatedAt = now, SyncedAt = now,
            });
            await db.SaveChangesAsync();
            return true;
        });
        return name;
    }

    /// <summary>A stored WabaGate media file (as <c>POST /api/v1/media</c> would leave it).</summary>
    public Task<Guid> StoredMediaAsync(string mimeType, int size, string fileName = "file.bin") => InOrgAsync(async sp =>
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        var media = await sp.GetRequiredService<MediaStore>().AddAsync(Org.OrgId, ConnectionId, MediaOrigin.Upload, mimeType, fileName, bytes, CancellationToken.None);
        await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        return media.Id;
    });

    public async Task<(HttpResponseMessage Response, JsonElement Body)> SendAsync(object body, string? idempotencyKey = null, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var response = await (client ?? Org.Client).SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Sends and expects 202; returns the message.</summary>
    public async Task<JsonElement> AcceptedAsync(object body, string? idempotencyKey = null)
    {
        var (response, json) = await SendAsync(body, idempotencyKey);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {json}");
        return json;
    }

    public async Task<JsonElement> MessageAsync(string id) => await Org.Client.GetFromJsonAsync<JsonElement>($"/api/v1/messages/{id}", Ct);

    /// <summary>Waits until the message reaches <paramref name="status"/> (or fails the test when it settles elsewhere for good).</summary>
    public async Task<JsonElement> WaitForStatusAsync(string id, string status)
    {
        JsonElement message = default;
        await Eventually.TrueAsync(async () =>
        {
            message = await MessageAsync(id);
            var current = message.GetProperty("status").GetString();
            if (current != status && current is "failed" or "rejected")
            {
                Assert.Fail($"Message {id} became {current}, not {status}: {message}");
            }

            return current == status;
        }, $"message {id} to be {status}");
        return message;
    }

    /// <summary>What the simulated Meta accepted from this number.</summary>
    public IReadOnlyList<OutboxMessage> Outbox() => Sim.State.GetOutbox(PhoneNumberId);

    public JsonObject OutboxRequest(string wamid) => Outbox().Single(m => m.Wamid == wamid).Request!.AsObject();

    public async Task FaultAsync(int metaCode, int? httpStatus = null, int count = 1, string endpoint = "messages", string? details = null)
    {
        using var response = await Http.PostAsJsonAsync($"{Sim.BaseUrl}/faults", new { endpoint, metaCode, httpStatus, count, details }, Ct);
        response.EnsureSuccessStatusCode();
    }

    public Task<T> InOrgAsync<T>(Func<IServiceProvider, Task<T>> work) => Gateway.InScopeAsync(sp =>
    {
        sp.GetRequiredService<TenantContext>().Set(Org.OrgId);
        return work(sp);
    });

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Org.Client.Dispose();
        await Gateway.DisposeAsync();
        await Sim.DisposeAsync();
    }
}
