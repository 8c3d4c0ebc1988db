using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Webhooks;
using WabaGate.TestKit;
using static WabaGate.Server.Tests.Webhooks.ProcessingKit;

namespace WabaGate.Server.Tests.Webhooks;

/// <summary>What processing stores: every inbound type with its content, contacts and windows, statuses only forward, dedupe.</summary>
public sealed class WebhookProcessingTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Every_inbound_type_is_stored_with_its_content_context_and_referral(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(provider, GatewaySettings.Production());
        var org = await gateway.CreateOrganizationAsync();
        await gateway.AddConnectionAsync(org.OrgId, "940001", ["840001"]);

        var text = Message("wamid.text", "text", new JsonObject { ["body"] = "Olá, tudo bem? 👋" }, 1732230000);
        text["context"] = new JsonObject { ["from"] = "15550001111", ["id"] = "wamid.quoted" };
        text["referral"] = new JsonObject { ["source_url"] = "https://fb.me/ad", ["source_type"] = "ad", ["ctwa_clid"] = "clid" };
        var messages = new[]
        {
            text,
            Message("wamid.image", "image", new JsonObject { ["caption"] = "foto", ["mime_type"] = "image/jpeg", ["sha256"] = "abc", ["id"] = "media-1" }, 1732230001),
            Message("wamid.location", "location", new JsonObject { ["latitude"] = -23.5, ["longitude"] = -46.6, ["name"] = "Casa", ["address"] = "Rua A" }, 1732230002),
            Message("wamid.contacts", "contacts", new JsonArray(new JsonObject { ["name"] = new JsonObject { ["formatted_name"] = "Bia" }, ["phones"] = new JsonArray(new JsonObject { ["phone"] = "+55 11 1234", ["wa_id"] = "55111234" }) }), 1732230003),
            Message("wamid.interactive", "interactive", new JsonObject { ["type"] = "button_reply", ["button_reply"] = new JsonObject { ["id"] = "yes", ["title"] = "Sim" } }, 1732230004),
            Message("wamid.button", "button", new JsonObject { ["text"] = "Parar", ["payload"] = "STOP" }, 1732230005),
            Message("wamid.reaction", "reaction", new JsonObject { ["message_id"] = "wamid.text", ["emoji"] = "❤️" }, 1732230006),
            Message("wamid.order", "order", new JsonObject { ["catalog_id"] = "cat", ["product_items"] = new JsonArray(new JsonObject { ["product_retailer_id"] = "sku", ["quantity"] = 2, ["item_price"] = 9.9, ["currency"] = "BRL" }) }, 1732230007),
            WithErrors(Message("wamid.unsupported", "unsupported", new JsonObject { ["type"] = "poll_creation" }, 1732230008)),
            Message("wamid.future", "hologram", new JsonObject { ["shape_name"] = "cube" }, 1732230009),
        };
        await gateway.PostAsync(Delivery("940001", Messages("840001", messages)), ct);
        var delivery = Assert.Single(await gateway.SettledAsync(org.OrgId, 1, ct));
        Assert.Equal(WebhookDeliveryState.Processed, delivery.State);

        var conversations = await org.Client.GetJsonAsync("/api/v1/conversations", ct);
        var conversation = Assert.Single(conversations.GetProperty("items").EnumerateArray());
        Assert.Equal("5511999990000", conversation.GetProperty("contact").GetProperty("waId").GetString());
        Assert.Equal("Ana", conversation.GetProperty("contact").GetProperty("name").GetString());
        Assert.Equal(10, conversation.GetProperty("unread").GetInt32());
        var newest = DateTimeOffset.FromUnixTimeSeconds(1732230009);
        Assert.Equal(newest.AddHours(24), conversation.GetProperty("windowExpiresAt").GetDateTimeOffset());
        Assert.Equal(newest, conversation.GetProperty("lastMessageAt").GetDateTimeOffset());

        var thread = await org.Client.GetJsonAsync($"/api/v1/conversations/{conversation.GetProperty("id").GetGuid()}/messages", ct);
        var byWamid = thread.GetProperty("items").EnumerateArray().ToDictionary(m => m.GetProperty("wamid").GetString()!);
        Assert.Equal(10, byWamid.Count);
        Assert.Equal("wamid.text", thread.GetProperty("items")[0].GetProperty("wamid").GetString()); // oldest first within the page

        var t = byWamid["wamid.text"];
        Assert.Equal("inbound", t.GetProperty("direction").GetString());
        Assert.Equal("received", t.GetProperty("status").GetString());
        Assert.Equal("Olá, tudo bem? 👋", t.GetProperty("content").GetProperty("body").GetString());
        Assert.Equal("wamid.quoted", t.GetProperty("context").GetProperty("id").GetString());
        Assert.Equal("https://fb.me/ad", t.GetProperty("referral").GetProperty("sourceUrl").GetString());
        Assert.Equal("clid", t.GetProperty("referral").GetProperty("ctwaClid").GetString());

        var image = byWamid["wamid.image"].GetProperty("content");
        Assert.Equal("foto", image.GetProperty("caption").GetString());
        Assert.Equal("image/jpeg", image.GetProperty("mimeType").GetString());
        var mediaId = image.GetProperty("mediaId").GetGuid();
        var media = await gateway.InOrgAsync(org.OrgId, db => db.Set<MediaFile>().SingleAsync(m => m.Id == mediaId));
        Assert.Equal(MediaOrigin.Inbound, media.Origin);
        Assert.Equal("media-1", media.MetaMediaId);

        Assert.Equal(-23.5, byWamid["wamid.location"].GetProperty("content").GetProperty("latitude").GetDouble());
        Assert.Equal("Casa", byWamid["wamid.location"].GetProperty("content").GetProperty("name").GetString());
        Assert.Equal("Bia", byWamid["wamid.contacts"].GetProperty("content").GetProperty("contacts")[0].GetProperty("name").GetProperty("formattedName").GetString());
        var reply = byWamid["wamid.interactive"].GetProperty("content");
        Assert.Equal(("button_reply", "yes", "Sim"), (reply.GetProperty("type").GetString(), reply.GetProperty("id").GetString(), reply.GetProperty("title").GetString()));
        Assert.Equal("STOP", byWamid["wamid.button"].GetProperty("content").GetProperty("payload").GetString());
        Assert.Equal("wamid.text", byWamid["wamid.reaction"].GetProperty("content").GetProperty("messageId").GetString());
        Assert.Equal("❤️", byWamid["wamid.reaction"].GetProperty("content").GetProperty("emoji").GetString());
        Assert.Equal("sku", byWamid["wamid.order"].GetProperty("content").GetProperty("productItems")[0].GetProperty("productRetailerId").GetString());
        var unsupported = byWamid["wamid.unsupported"].GetProperty("content");
        Assert.Equal("poll_creation", unsupported.GetProperty("type").GetString());
        Assert.Equal(131051, unsupported.GetProperty("errors")[0].GetProperty("code").GetInt32());
        Assert.Equal("hologram", byWamid["wamid.future"].GetProperty("type").GetString());
        Assert.Equal("cube", byWamid["wamid.future"].GetProperty("content").GetProperty("shapeName").GetString());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Duplicates_add_nothing_and_the_window_only_moves_forward(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(provider, GatewaySettings.Production());
        var org = await gateway.CreateOrganizationAsync();
        await gateway.AddConnectionAsync(org.OrgId, "940002", ["840002"]);

        var newer = Message("wamid.b", "text", new JsonObject { ["body"] = "second" }, 1732233600);
        var older = Message("wamid.a", "text", new JsonObject { ["body"] = "first" }, 1732230000);
        await gateway.PostAsync(Delivery("940002", Messages("840002", [newer])), ct);
        await gateway.SettledAsync(org.OrgId, 1, ct); // the profile name is the last one processed: keep the order
        // Not the same bytes (so not deduplicated at the door): the same wamid with an older message and a new name.
        await gateway.PostAsync(Delivery("940002", Messages("840002", [older, newer], name: "Ana Maria")), ct);
        await gateway.PostAsync(Delivery("940002", Messages("840002", [older], name: "Ana Maria")), ct);
        var deliveries = await gateway.SettledAsync(org.OrgId, 3, ct);
        Assert.All(deliveries, d => Assert.Equal(WebhookDeliveryState.Processed, d.State));

        var conversation = Assert.Single((await org.Client.GetJsonAsync("/api/v1/conversations", ct)).GetProperty("items").EnumerateArray());
        Assert.Equal(2, conversation.GetProperty("unread").GetInt32());
        Assert.Equal("Ana Maria", conversation.GetProperty("contact").GetProperty("name").GetString());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1732233600).AddHours(24), conversation.GetProperty("windowExpiresAt").GetDateTimeOffset());
        Assert.Equal(2, await gateway.InOrgAsync(org.OrgId, db => db.Set<Message>().CountAsync()));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Statuses_only_move_forward_whatever_their_order_and_a_late_failure_is_terminal(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(provider, GatewaySettings.Production());
        var org = await gateway.CreateOrganizationAsync();
        var connectionId = await gateway.AddConnectionAsync(org.OrgId, "940003", ["840003"]);
        var readFirst = await gateway.AddOutboundAsync(org.OrgId, connectionId, "840003", "wamid.out1");
        var failsLate = await gateway.AddOutboundAsync(org.OrgId, connectionId, "840003", "wamid.out2");

        var failure = new JsonArray(new JsonObject
        {
            ["code"] = 131047,
            ["title"] = "Re-engagement message",
            ["message"] = "Re-engagement message",
            ["error_data"] = new JsonObject { ["details"] = "Message failed to send because more than 24 hours have passed." },
        });
        await gateway.PostAsync(Delivery("940003", Messages("840003", statuses: [Status("wamid.out1", "read", 1732230030), Status("wamid.out2", "delivered", 1732230010)])), ct);
        await gateway.PostAsync(Delivery("940003", Messages("840003", statuses: [Status("wamid.out1", "delivered", 1732230020), Status("wamid.out1", "sent", 1732230010)])), ct);
        await gateway.PostAsync(Delivery("940003", Messages("840003", statuses: [Status("wamid.out2", "failed", 1732230040, failure), Status("wamid.out1", "read", 1732230030), Status("wamid.out2", "read", 1732230050)])), ct);
        await gateway.SettledAsync(org.OrgId, 3, ct);

        var (first, second, events) = await gateway.InOrgAsync(org.OrgId, async db => (
            await db.Set<Message>().SingleAsync(m => m.Id == readFirst),
            await db.Set<Message>().SingleAsync(m => m.Id == failsLate),
            await db.Set<MessageStatusEvent>().OrderBy(e => e.Wamid).ThenBy(e => e.Status).ToListAsync()));
        Assert.Equal(MessageStatus.Read, first.Status);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1732230010), first.SentAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1732230020), first.DeliveredAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1732230030), first.ReadAt);
        Assert.Equal(MessageStatus.Failed, second.Status);
        Assert.Equal(131047, second.ErrorCode);
        Assert.Equal("Re-engagement message", second.ErrorTitle);
        Assert.Equal("Message failed to send because more than 24 hours have passed.", second.ErrorDetail);
        Assert.Contains("131047", second.ErrorMeta, StringComparison.Ordinal);
        Assert.Equal(
            ["wamid.out1:delivered", "wamid.out1:read", "wamid.out1:sent", "wamid.out2:delivered", "wamid.out2:failed", "wamid.out2:read"],
            events.Select(e => e.Wamid + ":" + e.Status));
        Assert.All(events, e => Assert.NotNull(e.MessageId));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_status_that_arrives_before_its_wamid_is_stored_is_kept_and_applied_later(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(provider, GatewaySettings.Production());
        var org = await gateway.CreateOrganizationAsync();
        var connectionId = await gateway.AddConnectionAsync(org.OrgId, "940004", ["840004"]);
        await gateway.PostAsync(Delivery("940004", Messages("840004", statuses: [Status("wamid.early", "delivered", 1732230020), Status("wamid.early", "sent", 1732230010)])), ct);
        await gateway.SettledAsync(org.OrgId, 1, ct);
        var pending = await gateway.InOrgAsync(org.OrgId, db => db.Set<MessageStatusEvent>().Where(e => e.Wamid == "wamid.early").ToListAsync());
        Assert.Equal(2, pending.Count);
        Assert.All(pending, e => Assert.Null(e.MessageId));

        var messageId = await gateway.AddOutboundAsync(org.OrgId, connectionId, "840004", "wamid.early");
        var changed = await gateway.InScopeAsync(async sp =>
        {
            sp.GetRequiredService<TenantContext>().Set(org.OrgId);
            return await sp.GetRequiredService<MessageStatusApplier>().ApplyPendingAsync(messageId, "wamid.early", ct);
        });
        Assert.True(changed);
        var message = await gateway.InOrgAsync(org.OrgId, db => db.Set<Message>().SingleAsync(m => m.Id == messageId));
        Assert.Equal(MessageStatus.Delivered, message.Status);
        Assert.NotNull(message.SentAt);
        Assert.All(await gateway.InOrgAsync(org.OrgId, db => db.Set<MessageStatusEvent>().ToListAsync()), e => Assert.Equal(messageId, e.MessageId));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Unknown_fields_are_recorded_and_account_and_quality_events_update_the_connection(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(provider, GatewaySettings.Production());
        var org = await gateway.CreateOrganizationAsync();
        var connectionId = await gateway.AddConnectionAsync(org.OrgId, "940005", ["840005"]);
        await gateway.InOrgAsync(org.OrgId, db => db.Set<PhoneNumber>().ExecuteUpdateAsync(s => s.SetProperty(p => p.DisplayPhoneNumber, "+1 555-000-5555")));

        await gateway.PostAsync(Delivery("940005",
            new JsonObject { ["field"] = "brand_new_field", ["value"] = new JsonObject { ["anything"] = 1 } },
            new JsonObject { ["field"] = "phone_number_quality_update", ["value"] = new JsonObject { ["display_phone_number"] = "15550005555", ["event"] = "UPGRADE", ["current_limit"] = "TIER_10K" } },
            new JsonObject { ["field"] = "phone_number_name_update", ["value"] = new JsonObject { ["display_phone_number"] = "15550005555", ["decision"] = "APPROVED", ["requested_verified_name"] = "Clínica Boa" } }), ct);
        var first = Assert.Single(await gateway.SettledAsync(org.OrgId, 1, ct));
        Assert.Equal(WebhookDeliveryState.Processed, first.State);
        Assert.Contains("unknown_field", first.Outcome, StringComparison.Ordinal);
        Assert.Contains("brand_new_field", first.Fields, StringComparison.Ordinal);
        var phone = await gateway.InOrgAsync(org.OrgId, db => db.Set<PhoneNumber>().SingleAsync());
        Assert.Equal("TIER_10K", phone.MessagingLimitTier);
        Assert.Equal("APPROVED", phone.NameStatus);
        Assert.Equal("Clínica Boa", phone.VerifiedName);

        await gateway.PostAsync(Delivery("940005", new JsonObject { ["field"] = "account_update", ["value"] = new JsonObject { ["event"] = "DISABLED_UPDATE", ["ban_info"] = new JsonObject { ["waba_ban_state"] = "DISABLE" } } }), ct);
        await gateway.SettledAsync(org.OrgId, 2, ct);
        var connection = await org.Client.GetJsonAsync($"/api/v1/connections/{connectionId}", ct);
        Assert.Equal("error", connection.GetProperty("status").GetString());
        Assert.Contains("DISABLED_UPDATE", connection.GetProperty("statusReason").GetString(), StringComparison.Ordinal);

        await gateway.PostAsync(Delivery("940005", new JsonObject { ["field"] = "account_update", ["value"] = new JsonObject { ["event"] = "PARTNER_REMOVED" } }), ct);
        await gateway.SettledAsync(org.OrgId, 3, ct);
        connection = await org.Client.GetJsonAsync($"/api/v1/connections/{connectionId}", ct);
        Assert.Equal("disconnected", connection.GetProperty("status").GetString());
    }

    private static JsonObject WithErrors(JsonObject message)
    {
        message["errors"] = new JsonArray(new JsonObject { ["code"] = 131051, ["title"] = "Message type unknown", ["message"] = "Message type unknown" });
        return message;
    }
}
