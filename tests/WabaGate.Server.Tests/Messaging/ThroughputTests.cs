using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Messaging.Dispatch;
using WabaGate.Server.Tests.Jobs;
using WabaGate.Simulator.State;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Messaging;

/// <summary>
/// The per-number limit measured where it matters, at the simulated Meta: sends are counted per one-second
/// window of Meta's acceptance times (the limit plus the small burst plus a margin for scheduling noise).
/// </summary>
public sealed class ThroughputTests
{
    private const int Rate = 10;

    /// <summary>Accepting is not what is measured: the API fills the queue with the workers off, then they start.</summary>
    private static Dictionary<string, string?> Limited(string concurrency = "0") => new()
    {
        ["Messaging:DefaultThroughputPerSecond"] = Rate.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Jobs:Concurrency"] = concurrency,

        // A job claimed in the instant a node stops is recovered when its lease runs out: keep that short here.
        ["Jobs:Lease"] = "00:00:05",
    };

    /// <summary>The most sends Meta accepted within any one second.</summary>
    private static int BusiestSecond(IReadOnlyList<OutboxMessage> outbox)
    {
        var times = outbox.Select(m => m.AcceptedAt).Order().ToList();
        return times.Select((t, i) => times.Skip(i).TakeWhile(u => u - t < TimeSpan.FromSeconds(1)).Count()).DefaultIfEmpty(0).Max();
    }

    private static async Task<List<string>> SendTemplatesAsync(SendingHarness h, string template, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var (response, body) = await h.SendAsync(new { from = h.PhoneNumberId, to = $"55119{i:D8}", type = "template", template = new { name = template, language = "en_US", parameters = new { body = new[] { "Ana", $"{i}" } } } });
            Assert.True(response.IsSuccessStatusCode, body.ToString());
            ids.Add(body.GetProperty("id").GetString()!);
        }

        return ids;
    }

    private static async Task AllSentOnceAsync(SendingHarness h, List<string> ids)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (h.Outbox().Count < ids.Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        if (h.Outbox().Count < ids.Count)
        {
            var jobs = await h.InOrgAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Job>().AsNoTracking()
                .Where(j => j.State != JobState.Succeeded).Select(j => $"{j.State} attempts={j.Attempts} runAt={j.RunAt:O} error={j.LastError}").ToListAsync());
            var messages = await h.InOrgAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Message>().AsNoTracking()
                .Where(m => m.Status != MessageStatus.Sent).Select(m => $"{m.Status} attempts={m.SendAttempts} {m.ErrorDetail}").ToListAsync());
            Assert.Fail($"{h.Outbox().Count} of {ids.Count} at Meta. Unfinished jobs: {string.Join("; ", jobs)}. Unsent: {string.Join("; ", messages)}");
        }

        var outbox = h.Outbox();
        var callbacks = outbox.Select(m => System.Text.Json.Nodes.JsonNode.Parse(m.RawRequest)!["biz_opaque_callback_data"]!.GetValue<string>()).ToList();
        Assert.Equal(ids.Order(), callbacks.Order());

        // Meta's outbox fills as each answer leaves the simulator; the gateway commits 'sent' a moment later.
        var settle = DateTime.UtcNow.AddSeconds(15);
        var notSent = await NotSentAsync(h);
        while (notSent.Count > 0 && notSent.All(m => m.Contains(" Sending ", StringComparison.Ordinal)) && DateTime.UtcNow < settle)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            notSent = await NotSentAsync(h);
        }

        Assert.Empty(notSent);
    }

    private static Task<List<string>> NotSentAsync(SendingHarness h) => h.InOrgAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Message>().AsNoTracking()
        .Where(m => m.Status != MessageStatus.Sent).Select(m => $"{m.Id} {m.Status} {m.ErrorTitle}: {m.ErrorDetail}").ToListAsync());

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task One_node_holds_the_number_to_its_rate(DatabaseProvider provider)
    {
        await using var h = await SendingHarness.StartAsync(provider, Limited());
        var template = await h.ApprovedTemplateAsync();
        var ids = await SendTemplatesAsync(h, template, 3 * Rate);
        Assert.Empty(h.Outbox());

        await h.RestartAsync(Limited("8"));
        await AllSentOnceAsync(h, ids);

        var busiest = BusiestSecond(h.Outbox());
        Assert.True(busiest <= Rate + 1 + 4, $"{busiest} sends within one second; the limit is {Rate}/s");
    }

    [Fact]
    public async Task Two_nodes_on_one_database_do_not_multiply_a_number_rate()
    {
        await using var h = await SendingHarness.StartAsync(DatabaseProvider.Postgres, Limited());
        var template = await h.ApprovedTemplateAsync();

        // Two nodes with workers on the one database, both polling when the sends arrive: both claim the number's
        // jobs. Each node's dispatch-lock log is kept.
        var withLeaseLog = new Dictionary<string, string?>(Limited("8")) { [$"Logging:LogLevel:{typeof(DispatchLeases).FullName}"] = "Information" };
        var firstLog = new CapturingLoggerProvider();
        var secondLog = new CapturingLoggerProvider();
        await h.RestartAsync(withLeaseLog, services => services.AddSingleton<ILoggerProvider>(firstLog));
        await using var second = await GatewayFactory.CreateAsync(DatabaseProvider.Postgres, new Dictionary<string, string?>(h.Gateway.Settings));
        second.ConfigureServices = services => services.AddSingleton<ILoggerProvider>(secondLog);
        using var startSecond = second.CreateClient(); // the host starts on first use
        var ids = await SendTemplatesAsync(h, template, 4 * Rate);
        await AllSentOnceAsync(h, ids);

        // One node, and only one, became the number's dispatcher, and kept it for the whole burst.
        var acquired = new[] { firstLog, secondLog }.Select(log => log.Entries.Count(e => e.Contains($"now dispatches phone number {h.PhoneRowId}", StringComparison.Ordinal))).ToList();
        Assert.Equal(1, acquired.Sum());
        Assert.DoesNotContain(firstLog.Entries.Concat(secondLog.Entries), e => e.Contains("released phone number", StringComparison.Ordinal));

        // And the number's rate held: sends reserved 1/rate apart cannot reach Meta in less than (n - 1 - burst)/rate,
        // less what a stall of this busy machine takes off the first send; two dispatchers would need half of it. (The
        // busiest single second is no measure here: a stall on either side bunches sends into one.)
        var accepted = h.Outbox().Select(m => m.AcceptedAt).Order().ToList();
        var span = accepted[^1] - accepted[0];
        var least = TimeSpan.FromSeconds((ids.Count - 2) / (double)Rate);
        Assert.True(span >= least * 0.75, $"{ids.Count} sends reached Meta within {span.TotalSeconds:F2} s; at {Rate}/s they take at least {least.TotalSeconds:F1} s; busiest {BusiestSecond(h.Outbox())}");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_restart_in_the_middle_of_a_burst_loses_no_queued_message(DatabaseProvider provider)
    {
        await using var h = await SendingHarness.StartAsync(provider, Limited());
        var template = await h.ApprovedTemplateAsync();
        var ids = await SendTemplatesAsync(h, template, 3 * Rate);
        await h.RestartAsync(Limited("8"));
        await Eventually.TrueAsync(() => Task.FromResult(h.Outbox().Count >= 5), "the burst to start");
        Assert.True(h.Outbox().Count < ids.Count, "the burst finished before the restart");

        await h.RestartAsync(Limited("8"));
        await AllSentOnceAsync(h, ids);
    }
}
