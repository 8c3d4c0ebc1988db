using WabaGate.Graph.Errors;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Messaging;

namespace WabaGate.Server.Tests.Messaging;

/// <summary>Statuses from Meta move a sent message only forward; a late <c>failed</c> (e.g. 131047) wins over <c>sent</c> and <c>delivered</c>.</summary>
public sealed class StatusFoldingTests
{
    private static Message Sent() => new()
    {
        From = "106540352242922", To = "5511988887001", Type = "text", Direction = MessageDirection.Outbound, Status = MessageStatus.Sent,
        Wamid = "wamid.TEST", SentAt = DateTimeOffset.UtcNow,
    };

    private static MessageStatusEvent Event(string status, int? code = null) => new()
    {
        Wamid = "wamid.TEST", Status = status, Timestamp = DateTimeOffset.UtcNow, ReceivedAt = DateTimeOffset.UtcNow, ErrorCode = code, ErrorTitle = code is null ? null : "Re-engagement message",
    };

    [Fact]
    public void A_late_failed_status_marks_the_message_failed_with_an_explanation()
    {
        var message = Sent();
        Assert.True(StatusFolding.Apply(message, Event("delivered")));
        Assert.True(StatusFolding.Apply(message, Event("failed", 131047)));

        Assert.Equal(MessageStatus.Failed, message.Status);
        Assert.Equal(131047, message.ErrorCode);
        Assert.Equal(GraphErrorCodes.Explain(131047), message.ErrorDetail);
        Assert.NotNull(message.FailedAt);

        // Terminal: nothing moves it afterwards.
        Assert.False(StatusFolding.Apply(message, Event("read")));
        Assert.Equal(MessageStatus.Failed, message.Status);
    }

    [Fact]
    public void Statuses_arriving_out_of_order_never_move_a_message_back()
    {
        var message = Sent();
        Assert.True(StatusFolding.Apply(message, Event("read")));
        Assert.False(StatusFolding.Apply(message, Event("delivered")));
        Assert.False(StatusFolding.Apply(message, Event("sent")));
        Assert.Equal(MessageStatus.Read, message.Status);
        Assert.NotNull(message.ReadAt);
    }
}
