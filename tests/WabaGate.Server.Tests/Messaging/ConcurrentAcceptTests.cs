using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Tests.Messaging;

/// <summary>
/// Accepts arriving together (they share one group commit): each is answered only once its message and
/// job are committed, races on a new contact or conversation and on an Idempotency-Key fail no neighbour, and every
/// accepted message is sent exactly once.
/// </summary>
public sealed class ConcurrentAcceptTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Concurrent_accepts_to_new_recipients_and_with_one_key_are_all_committed_and_sent_once(DatabaseProvider provider)
    {
        await using var h = await SendingHarness.StartAsync(provider);
        var template = await h.ApprovedTemplateAsync();
        object Body(string to) => new
        {
            from = h.PhoneNumberId, to, type = "template",
            template = new { name = template, language = "en_US", parameters = new { body = new[] { "Ana", "42" } } },
        };

        // Two messages for each of ten new recipients (so two accepts race to create each contact), and five with one key.
        var recipients = Enumerable.Range(0, 10).Select(i => $"55119777{i:D5}").ToList();
        var plain = recipients.Concat(recipients).Select(to => h.AcceptedAsync(Body(to))).ToList();
        var keyed = Enumerable.Range(0, 5).Select(_ => h.AcceptedAsync(Body("5511977799999"), "campaign-1-ana")).ToList();
        var accepted = await Task.WhenAll(plain.Concat(keyed));

        var ids = accepted.Select(m => m.GetProperty("id").GetString()!).ToList();
        Assert.Equal(21, ids.Distinct().Count()); // twenty plain messages and one for the key
        var rows = await h.InOrgAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var contacts = await db.Set<Contact>().CountAsync();
            var conversations = await db.Set<Conversation>().CountAsync();
            var messages = await db.Set<Message>().CountAsync();
            return (contacts, conversations, messages);
        });
        Assert.Equal((11, 11, 21), rows);

        foreach (var id in ids.Distinct())
        {
            await h.WaitForStatusAsync(id, "sent");
        }

        Assert.Equal(21, h.Outbox().Count);
    }
}
