using System.Text.Json;
using System.Text.Json.Nodes;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Infrastructure.Encryption;

namespace WabaGate.Server.Features.Messaging;

/// <summary>What a message holds, decrypted: its type-specific content and, inbound, reply context and referral.</summary>
public sealed record MessageBody(JsonObject Content, JsonObject? Context = null, JsonObject? Referral = null);

/// <summary>Encrypts a message's <see cref="MessageBody"/> into <see cref="Message.ContentCipher"/> and back (the row's id is bound in).</summary>
public sealed class MessageContentCodec(IFieldEncryptor encryptor)
{
    public async Task WriteAsync(Message message, MessageBody body, CancellationToken cancellationToken)
    {
        var json = new JsonObject { ["content"] = body.Content.DeepClone(), ["context"] = body.Context?.DeepClone(), ["referral"] = body.Referral?.DeepClone() };
        message.ContentCipher = await encryptor.EncryptAsync(JsonSerializer.SerializeToUtf8Bytes(json), Context(message), cancellationToken);
    }

    public async Task<MessageBody> ReadAsync(Message message, CancellationToken cancellationToken)
    {
        if (message.ContentCipher is null)
        {
            return new MessageBody([]);
        }

        var bytes = await encryptor.DecryptAsync(message.ContentCipher, Context(message), cancellationToken);
        var json = JsonNode.Parse(bytes)!.AsObject();
        return new MessageBody(
            json["content"] as JsonObject ?? [],
            json["context"] as JsonObject,
            json["referral"] as JsonObject);
    }

    private static EncryptionContext Context(Message message) => EncryptionContext.For(message.OrgId, "messages", message.Id, "content");
}
