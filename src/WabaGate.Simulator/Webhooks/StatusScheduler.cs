using System.Text.Json.Nodes;
using WabaGate.Simulator.State;

namespace WabaGate.Simulator.Webhooks;

/// <summary>What a status webhook says about price (§5.6, per-message pricing).</summary>
internal sealed record Pricing(bool Billable, string Type, string Category);

/// <summary>
/// Emits the status progression of an accepted message: <c>sent</c> → <c>delivered</c> → <c>read</c>
/// (reactions only <c>sent</c>; undeliverable customers <c>failed</c> 131026), after the configured delays.
/// <c>pricing</c> rides on <c>sent</c> and <c>delivered</c>; <c>conversation</c> only below v24.
/// </summary>
internal sealed class StatusScheduler(SimulatorState state, WebhookDispatcher dispatcher)
{
    public void Schedule(SimPhoneNumber phone, OutboxMessage message, Pricing pricing, string? bizOpaque, int graphVersion)
    {
        var options = state.Options;
        var customer = state.Customer(message.WaId);
        var steps = new List<(TimeSpan At, string Status)>();
        if (customer.Undeliverable)
        {
            steps.Add((options.SentDelay, "failed"));
        }
        else
        {
            steps.Add((options.SentDelay, "sent"));
            if (message.Type != "reaction")
            {
                steps.Add((options.DeliveredDelay, "delivered"));
                if (options.CustomersReadMessages && customer.ReadsMessages) steps.Add((options.ReadDelay, "read"));
            }
        }

        var conversationId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        _ = RunAsync();

        async Task RunAsync()
        {
            var start = state.Now;
            foreach (var (at, status) in steps)
            {
                var wait = at - (state.Now - start);
                if (wait > TimeSpan.Zero)
                {
                    try
                    {
                        await Task.Delay(wait, options.TimeProvider);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }

                dispatcher.Enqueue(WebhookPayloads.Status(phone, Build(status)));
            }
        }

        JsonObject Build(string status)
        {
            var now = state.Now;
            var s = new JsonObject
            {
                ["id"] = message.Wamid,
                ["status"] = status,
                ["timestamp"] = WebhookPayloads.Unix(now),
                ["recipient_id"] = message.WaId,
            };
            if (bizOpaque is not null) s["biz_opaque_callback_data"] = bizOpaque;
            if (status == "failed")
            {
                s["errors"] = new JsonArray(WebhookPayloads.WebhookError(131026, "Message undeliverable", "Message Undeliverable."));
                return s;
            }

            if (status is "sent" or "delivered")
            {
                if (graphVersion < 24)
                {
                    var conversation = new JsonObject { ["id"] = conversationId };
                    if (status == "sent") conversation["expiration_timestamp"] = WebhookPayloads.Unix(now.AddHours(24));
                    conversation["origin"] = new JsonObject { ["type"] = pricing.Category };
                    s["conversation"] = conversation;
                }

                s["pricing"] = new JsonObject
                {
                    ["billable"] = pricing.Billable,
                    ["pricing_model"] = "PMP",
                    ["type"] = pricing.Type,
                    ["category"] = pricing.Category,
                };
            }

            return s;
        }
    }
}
