using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Graph.Errors;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Tests.Messaging;

/// <summary>Meta's failures injected at the simulator: transient ones are retried (each attempt recorded), permanent ones fail the message with Meta's code and a readable reason.</summary>
public sealed class DispatchFailureTests
{
    private const string Customer = "5511988884001";

    private static Task<Message> RowAsync(SendingHarness h, string id)
        => h.InOrgAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Message>().AsNoTracking().SingleAsync(m => m.Id == Guid.Parse(id)));

    [Theory]
    [InlineData(1, 400)]
    [InlineData(2, 503)]
    [InlineData(4, 429)]
    [InlineData(80007, 400)]
    [InlineData(130429, 400)]
    [InlineData(131056, 400)]
    [InlineData(131000, 500)]
    [InlineData(131016, 503)]
    public async Task Transient_failures_are_retried_and_every_attempt_is_recorded(int code, int httpStatus)
    {
        await using var h = await SendingHarness.StartAsync(DatabaseProvider.Sqlite);
        await h.OpenWindowAsync(Customer);
        await h.FaultAsync(code, httpStatus, count: 1);

        var accepted = await h.AcceptedAsync(new { from = h.PhoneNumberId, to = Customer, type = "text", text = new { body = "retry me" } });
        var sent = await h.WaitForStatusAsync(accepted.GetProperty("id").GetString()!, "sent");

        var row = await RowAsync(h, accepted.GetProperty("id").GetString()!);
        Assert.Equal(2, row.SendAttempts);
        Assert.NotNull(row.LastAttemptAt);
        Assert.Equal(JsonValueKind.Null, sent.GetProperty("error").ValueKind);
        Assert.Single(h.Outbox());
    }

    [Theory]
    [InlineData(131047)]
    [InlineData(132000)]
    [InlineData(131026)]
    [InlineData(131051)]
    [InlineData(100)]
    [InlineData(131009)]
    public async Task Permanent_failures_fail_the_message_with_Meta_code_and_an_explanation(int code)
    {
        await using var h = await SendingHarness.StartAsync(DatabaseProvider.Sqlite);
        await h.OpenWindowAsync(Customer);
        await h.FaultAsync(code, count: 1);

        var accepted = await h.AcceptedAsync(new { from = h.PhoneNumberId, to = Customer, type = "text", text = new { body = "fail me" } });
        var failed = await h.WaitForStatusAsync(accepted.GetProperty("id").GetString()!, "failed");

        var error = failed.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        Assert.Equal(GraphErrorCodes.Explain(code), error.GetProperty("detail").GetString());
        Assert.Equal(code, error.GetProperty("meta").GetProperty("code").GetInt32());
        Assert.Equal(JsonValueKind.String, failed.GetProperty("failedAt").ValueKind);
        Assert.Equal(1, (await RowAsync(h, accepted.GetProperty("id").GetString()!)).SendAttempts);
        Assert.Empty(h.Outbox());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task An_expired_token_fails_the_message_and_flags_the_connection_for_reauthorization(DatabaseProvider provider)
    {
        await using var h = await SendingHarness.StartAsync(provider);
        await h.OpenWindowAsync(Customer);
        await h.FaultAsync(190, 401, count: 1);

        var accepted = await h.AcceptedAsync(new { from = h.PhoneNumberId, to = Customer, type = "text", text = new { body = "hi" } });
        var failed = await h.WaitForStatusAsync(accepted.GetProperty("id").GetString()!, "failed");
        Assert.Equal(190, failed.GetProperty("error").GetProperty("code").GetInt32());

        var connection = await h.Org.Client.GetFromJsonAsync<JsonElement>($"/api/v1/connections/{h.ConnectionId}", TestContext.Current.CancellationToken);
        Assert.Equal("needs_reauthorization", connection.GetProperty("status").GetString());
        var refused = await h.SendAsync(new { from = h.PhoneNumberId, to = Customer, type = "text", text = new { body = "again" } });
        Assert.Equal("connection_not_active", refused.Body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Transient_failures_give_up_after_the_configured_attempts()
    {
        await using var h = await SendingHarness.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Messaging:MaxSendAttempts"] = "3" });
        await h.OpenWindowAsync(Customer);
        await h.FaultAsync(2, 503, count: 10);

        var accepted = await h.AcceptedAsync(new { from = h.PhoneNumberId, to = Customer, type = "text", text = new { body = "hi" } });
        var failed = await h.WaitForStatusAsync(accepted.GetProperty("id").GetString()!, "failed");
        Assert.Equal(2, failed.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(3, (await RowAsync(h, accepted.GetProperty("id").GetString()!)).SendAttempts);
        Assert.Empty(h.Outbox());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_send_whose_outcome_was_never_learned_is_not_repeated(DatabaseProvider provider)
    {
        await using var h = await SendingHarness.StartAsync(provider, new Dictionary<string, string?> { ["Jobs:Concurrency"] = "0" });
        await h.OpenWindowAsync(Customer);
        var accepted = await h.AcceptedAsync(new { from = h.PhoneNumberId, to = Customer, type = "text", text = new { body = "maybe sent" } });
        var id = Guid.Parse(accepted.GetProperty("id").GetString()!);

        // As if a worker recorded its attempt, called Meta and died before the answer was stored.
        await h.InOrgAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Message>().Where(m => m.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MessageStatus.Sending).SetProperty(m => m.SendAttempts, 1)));
        await h.RestartAsync(new Dictionary<string, string?> { ["Jobs:Concurrency"] = "4" });

        var failed = await h.WaitForStatusAsync(id.ToString(), "failed");
        Assert.Equal("Send outcome unknown", failed.GetProperty("error").GetProperty("title").GetString());
        Assert.Empty(h.Outbox());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Media_whose_Meta_copy_expired_or_vanished_is_uploaded_again(DatabaseProvider provider)
    {
        await using var h = await SendingHarness.StartAsync(provider);
        await h.OpenWindowAsync(Customer);
        var old = await h.StoredMediaAsync("image/jpeg", 4096, "old.jpg");
        var vanished = await h.StoredMediaAsync("image/png", 4096, "gone.png");
        await h.InOrgAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            await db.Set<MediaFile>().Where(m => m.Id == old).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.MetaMediaId, "1111111111").SetProperty(m => m.MetaPhoneNumberId, h.PhoneNumberId).SetProperty(m => m.MetaUploadedAt, DateTimeOffset.UtcNow.AddDays(-30)));
            await db.Set<MediaFile>().Where(m => m.Id == vanished).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.MetaMediaId, "2222222222").SetProperty(m => m.MetaPhoneNumberId, h.PhoneNumberId).SetProperty(m => m.MetaUploadedAt, DateTimeOffset.UtcNow.AddDays(-1)));
            return true;
        });

        foreach (var media in new[] { old, vanished })
        {
            var accepted = await h.AcceptedAsync(new { from = h.PhoneNumberId, to = Customer, type = "image", media = new { mediaId = media } });
            var sent = await h.WaitForStatusAsync(accepted.GetProperty("id").GetString()!, "sent");
            var row = await h.InOrgAsync(sp => sp.GetRequiredService<AppDbContext>().Set<MediaFile>().AsNoTracking().SingleAsync(m => m.Id == media));
            Assert.NotEqual(media == old ? "1111111111" : "2222222222", row.MetaMediaId);
            Assert.True(row.MetaUploadedAt > DateTimeOffset.UtcNow.AddMinutes(-5));
            Assert.Equal(row.MetaMediaId, h.OutboxRequest(sent.GetProperty("wamid").GetString()!)["image"]!["id"]!.GetValue<string>());
        }

        Assert.Equal(2, h.Outbox().Count);
    }
}
