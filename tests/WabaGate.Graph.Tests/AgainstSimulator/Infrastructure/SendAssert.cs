using System.Text.Json.Nodes;
using WabaGate.Graph.Messages;
using WabaGate.Graph.Tests.Infrastructure;

namespace WabaGate.Graph.Tests.AgainstSimulator.Infrastructure;

/// <summary>Sends through the client and checks what the simulator recorded against Meta's documented body.</summary>
public static class SendAssert
{
    /// <summary>
    /// Sends <paramref name="request"/>, asserts it was accepted, and that the outbox holds exactly Meta's envelope
    /// plus <paramref name="typeMembers"/> (the JSON members after <c>type</c>, e.g. <c>"text":{"body":"hi"}</c>).
    /// </summary>
    public static async Task<SendMessageResponse> AcceptedAsync(LiveMeta meta, LiveConnection c, SendMessageRequest request, string typeMembers)
    {
        var response = await meta.Client.SendMessageAsync(c.PhoneId, request, c.Token, LiveMeta.Ct);

        var sent = Assert.Single(response.Messages);
        Assert.StartsWith("wamid.", sent.Id, StringComparison.Ordinal);
        Assert.Equal("whatsapp", response.MessagingProduct);
        var contact = Assert.Single(response.Contacts);
        Assert.Equal(request.To, contact.Input);
        Assert.Equal(new string([.. request.To.Where(char.IsAsciiDigit)]), contact.WaId);

        var outbox = await meta.OutboxAsync(c.PhoneId);
        var recorded = outbox[^1];
        var expected = $$"""{"messaging_product":"whatsapp","recipient_type":"individual","to":{{JsonValue.Create(request.To).ToJsonString()}},"type":"{{request.Type}}",{{typeMembers}}}""";
        JsonAssert.Equal(expected, recorded);
        return response;
    }
}
