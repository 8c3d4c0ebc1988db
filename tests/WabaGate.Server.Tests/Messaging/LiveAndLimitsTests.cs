using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Features.Inbox;

namespace WabaGate.Server.Tests.Messaging;

/// <summary><c>message.status</c> live events from the dispatcher and approvals; API rate limits per key and per connection.</summary>
public sealed class LiveAndLimitsTests
{
    private const string Customer = "5511988886001";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Dispatcher_transitions_and_approval_decisions_are_published_as_message_status(DatabaseProvider provider)
    {
        await using var h = await SendingHarness.StartAsync(provider);
        await h.OpenWindowAsync(Customer);
        var live = h.Gateway.Services.GetRequiredService<ILiveEvents>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        stop.CancelAfter(TimeSpan.FromSeconds(60));
        var events = new List<(string Id, string Status)>();
        var subscribed = new TaskCompletionSource();
        var reader = Task.Run(async () =>
        {
            var stream = live.SubscribeAsync(h.Org.OrgId, null, stop.Token).GetAsyncEnumerator(stop.Token);
            var next = stream.MoveNextAsync();
            subscribed.SetResult();
            while (await next)
            {
                if (stream.Current.Type == LiveEventTypes.MessageStatus)
                {
                    lock (events)
                    {
                        events.Add((stream.Current.Data.GetProperty("id").GetString()!, stream.Current.Data.GetProperty("status").GetString()!));
                    }
                }

                next = stream.MoveNextAsync();
            }
        }, stop.Token);
        await subscribed.Task;

        var sent = await h.AcceptedAsync(new { from = h.PhoneNumberId, to = Customer, type = "text", text = new { body = "one" } });
        await h.WaitForStatusAsync(sent.GetProperty("id").GetString()!, "sent");
        await h.FaultAsync(131026);
        var failed = await h.AcceptedAsync(new { from = h.PhoneNumberId, to = Customer, type = "text", text = new { body = "two" } });
        (await h.Org.Client.PutAsJsonAsync("/api/v1/approval-policy", new { policy = "all_outbound" }, Ct)).EnsureSuccessStatusCode();
        var rejected = await h.AcceptedAsync(new { from = h.PhoneNumberId, to = Customer, type = "text", text = new { body = "three" } });
        (await h.Org.Client.PostAsJsonAsync($"/api/v1/messages/{rejected.GetProperty("id").GetString()}/reject", new { reason = "no" }, Ct)).EnsureSuccessStatusCode();

        bool Seen(string id, string status)
        {
            lock (events)
            {
                return events.Contains((id, status));
            }
        }

        await Jobs.Eventually.TrueAsync(() => Task.FromResult(
            Seen(sent.GetProperty("id").GetString()!, "sent") && Seen(failed.GetProperty("id").GetString()!, "failed") && Seen(rejected.GetProperty("id").GetString()!, "rejected")),
            "sent, failed and rejected events");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader);
    }

    [Fact]
    public async Task An_api_key_over_its_rate_gets_429_with_retry_after()
    {
        await using var h = await SendingHarness.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["Messaging:ApiRequestsPerSecond"] = "10",
            ["Messaging:ApiBurst"] = "5",
        });

        var statuses = new List<HttpResponseMessage>();
        for (var i = 0; i < 20; i++)
        {
            statuses.Add(await h.Org.Client.GetAsync("/api/v1/approvals", Ct));
        }

        var limited = statuses.FirstOrDefault(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.NotNull(limited);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal("rate_limited", (await limited.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct)).GetProperty("code").GetString());
        statuses.ForEach(r => r.Dispose());
    }

    [Fact]
    public async Task A_connection_over_its_send_rate_gets_429_with_retry_after()
    {
        await using var h = await SendingHarness.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["Messaging:ConnectionSendsPerSecond"] = "10",
            ["Messaging:ConnectionSendBurst"] = "3",
            ["Jobs:Concurrency"] = "0",
        });
        await h.OpenWindowAsync(Customer);

        var codes = new List<HttpStatusCode>();
        (HttpResponseMessage Response, System.Text.Json.JsonElement Body) limited = default;
        for (var i = 0; i < 10 && limited.Response is null; i++)
        {
            var result = await h.SendAsync(new { from = h.PhoneNumberId, to = Customer, type = "text", text = new { body = $"m{i}" } });
            codes.Add(result.Response.StatusCode);
            if (result.Response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = result;
            }
        }

        Assert.NotNull(limited.Response);
        Assert.Equal("rate_limited", limited.Body.GetProperty("code").GetString());
        Assert.True(limited.Response.Headers.Contains("Retry-After"));
        Assert.True(codes.Count(c => c == HttpStatusCode.Accepted) >= 3);
    }
}
