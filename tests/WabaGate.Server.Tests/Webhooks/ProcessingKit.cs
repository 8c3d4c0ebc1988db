using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Webhooks;

/// <summary>Building Meta-shaped deliveries from message and status objects, posting them signed, and reading what was stored.</summary>
internal static class ProcessingKit
{
    public static string Delivery(string wabaId, params JsonObject[] changes)
        => new JsonObject
        {
            ["object"] = "whatsapp_business_account",
            ["entry"] = new JsonArray(new JsonObject { ["id"] = wabaId, ["changes"] = new JsonArray(changes) }),
        }.ToJsonString();

    public static JsonObject Messages(string phoneNumberId, IEnumerable<JsonObject>? messages = null, IEnumerable<JsonObject>? statuses = null, string? name = "Ana", string waId = "5511999990000")
    {
        var value = new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["metadata"] = new JsonObject { ["display_phone_number"] = "15550001111", ["phone_number_id"] = phoneNumberId },
        };
        if (messages is not null)
        {
            value["contacts"] = new JsonArray(new JsonObject { ["profile"] = new JsonObject { ["name"] = name }, ["wa_id"] = waId });
            value["messages"] = new JsonArray(messages.Select(m => m.DeepClone()).ToArray());
        }

        if (statuses is not null)
        {
            value["statuses"] = new JsonArray(statuses.Select(s => s.DeepClone()).ToArray());
        }

        return new JsonObject { ["value"] = value, ["field"] = "messages" };
    }

    public static JsonObject Message(string wamid, string type, JsonNode content, long timestamp = 1732230000, string from = "5511999990000")
        => new() { ["from"] = from, ["id"] = wamid, ["timestamp"] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), ["type"] = type, [type] = content };

    public static JsonObject Status(string wamid, string status, long timestamp, JsonArray? errors = null)
    {
        var s = new JsonObject { ["id"] = wamid, ["status"] = status, ["timestamp"] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), ["recipient_id"] = "5511999990000" };
        if (errors is not null)
        {
            s["errors"] = errors;
        }

        return s;
    }

    public static async Task PostAsync(this GatewayFactory gateway, string body, CancellationToken ct)
    {
        using var client = gateway.CreateClient();
        using var response = await client.PostSignedAsync("/webhooks/meta", body, WebhookTestKit.AppSecret, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Waits until every delivery of the organization has left <c>pending</c>.</summary>
    public static async Task<List<WebhookDelivery>> SettledAsync(this GatewayFactory gateway, Guid orgId, int expected, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var all = await gateway.DeliveriesAsync(orgId);
            if (all.Count >= expected && all.All(d => d.State != WebhookDeliveryState.Pending))
            {
                return all;
            }

            Assert.True(DateTime.UtcNow < deadline, $"deliveries did not settle: {string.Join(", ", all.Select(d => d.State + " " + d.Error))}");
            await Task.Delay(50, ct);
        }
    }

    public static Task<T> InOrgAsync<T>(this GatewayFactory gateway, Guid orgId, Func<AppDbContext, Task<T>> work)
        => gateway.InScopeAsync(async sp =>
        {
            sp.GetRequiredService<TenantContext>().Set(orgId);
            return await work(sp.GetRequiredService<AppDbContext>());
        });

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path, CancellationToken ct)
    {
        using var response = await client.GetAsync(path, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>An outbound message as the sending feature stores it once Meta returned its wamid.</summary>
    public static Task<Guid> AddOutboundAsync(this GatewayFactory gateway, Guid orgId, Guid connectionId, string phoneNumberId, string wamid)
        => gateway.InOrgAsync(orgId, async db =>
        {
            var phone = await db.Set<PhoneNumber>().SingleAsync(p => p.PhoneNumberId == phoneNumberId);
            var now = DateTimeOffset.UtcNow;
            var contact = await db.Set<Contact>().SingleOrDefaultAsync(c => c.WaId == "5511999990000")
                ?? new Contact { OrgId = orgId, WaId = "5511999990000", CreatedAt = now, UpdatedAt = now };
            if (db.Entry(contact).State == EntityState.Detached)
            {
                db.Add(contact);
            }

            var conversation = await db.Set<Conversation>().SingleOrDefaultAsync(c => c.ContactId == contact.Id && c.PhoneNumberRowId == phone.Id)
                ?? new Conversation { OrgId = orgId, ConnectionId = connectionId, PhoneNumberRowId = phone.Id, ContactId = contact.Id, CreatedAt = now, UpdatedAt = now };
            if (db.Entry(conversation).State == EntityState.Detached)
            {
                db.Add(conversation);
            }

            var message = new Message
            {
                OrgId = orgId,
                ConnectionId = connectionId,
                PhoneNumberRowId = phone.Id,
                ConversationId = conversation.Id,
                ContactId = contact.Id,
                Direction = MessageDirection.Outbound,
                Origin = MessageOrigin.Api,
                From = phoneNumberId,
                To = "5511999990000",
                Type = "text",
                Status = MessageStatus.Sending,
                Wamid = wamid,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Add(message);
            await db.SaveChangesAsync();
            return message.Id;
        });
}
