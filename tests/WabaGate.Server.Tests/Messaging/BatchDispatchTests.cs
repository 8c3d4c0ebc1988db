using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Tests.Jobs;

namespace WabaGate.Server.Tests.Messaging;

/// <summary>
/// Sends queued together are dispatched as one batch (one commit for their attempts, one for their outcomes): each
/// outcome still lands on its own message — sent once, failed with Meta's code, or retried and then sent.
/// </summary>
public sealed class BatchDispatchTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_batch_with_a_permanent_and_a_transient_refusal_records_each_outcome_on_its_own_message(DatabaseProvider provider)
    {
        // No worker while the messages are accepted, so a single worker then claims them all as one batch.
        await using var h = await SendingHarness.StartAsync(provider, new Dictionary<string, string?> { ["Jobs:Concurrency"] = "0" });
        var template = await h.ApprovedTemplateAsync();
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var accepted = await h.AcceptedAsync(new
            {
                from = h.PhoneNumberId, to = $"55119666{i:D5}", type = "template",
                template = new { name = template, language = "en_US", parameters = new { body = new[] { "Ana", $"{i}" } } },
            });
            ids.Add(accepted.GetProperty("id").GetString()!);
        }

        await h.FaultAsync(131026, count: 1);
        await h.FaultAsync(131000, 500, count: 1);
        await h.RestartAsync(new Dictionary<string, string?> { ["Jobs:Concurrency"] = "1" });

        var rows = new List<Message>();
        await Eventually.TrueAsync(async () =>
        {
            rows = await h.InOrgAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Message>().AsNoTracking().ToListAsync());
            return rows.Count == 12 && rows.All(m => m.Status is MessageStatus.Sent or MessageStatus.Failed);
        }, "every message to be sent or failed");

        var failed = Assert.Single(rows, m => m.Status == MessageStatus.Failed);
        Assert.Equal(131026, failed.ErrorCode);
        Assert.Equal(1, failed.SendAttempts);
        Assert.Equal(11, rows.Count(m => m.Status == MessageStatus.Sent && m.Wamid is not null));
        var retried = Assert.Single(rows, m => m.SendAttempts == 2);
        Assert.Equal(MessageStatus.Sent, retried.Status);
        Assert.Equal(10, rows.Count(m => m.SendAttempts == 1 && m.Status == MessageStatus.Sent));
        Assert.Equal(11, h.Outbox().Count);
        Assert.Equal(11, h.Outbox().Select(m => m.Wamid).Distinct().Count());
    }
}
