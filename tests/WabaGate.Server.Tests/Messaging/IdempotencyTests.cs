using System.Net;
using WabaGate.Server.Data;

namespace WabaGate.Server.Tests.Messaging;

/// <summary>Idempotency-Key: the same key and body give the same message (sent once); another body is a conflict.</summary>
public sealed class IdempotencyTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_same_key_and_body_return_the_first_message_and_another_body_is_refused(DatabaseProvider provider)
    {
        const string customer = "5511988882001";
        await using var h = await SendingHarness.StartAsync(provider);
        await h.OpenWindowAsync(customer);
        var body = new { from = h.PhoneNumberId, to = customer, type = "text", text = new { body = "Pedido confirmado" }, metadata = new { orderId = 7 } };

        var first = await h.AcceptedAsync(body, "order-7-confirmation");
        var again = await h.AcceptedAsync(body, "order-7-confirmation");
        Assert.Equal(first.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        Assert.Equal(7, first.GetProperty("metadata").GetProperty("orderId").GetInt32());

        var changed = await h.SendAsync(new { from = h.PhoneNumberId, to = customer, type = "text", text = new { body = "Pedido cancelado" } }, "order-7-confirmation");
        Assert.Equal(HttpStatusCode.Conflict, changed.Response.StatusCode);
        Assert.Equal("idempotency_key_reused", changed.Body.GetProperty("code").GetString());

        await h.WaitForStatusAsync(first.GetProperty("id").GetString()!, "sent");
        var replay = await h.AcceptedAsync(body, "order-7-confirmation");
        Assert.Equal("sent", replay.GetProperty("status").GetString());
        Assert.Single(h.Outbox());
    }
}
