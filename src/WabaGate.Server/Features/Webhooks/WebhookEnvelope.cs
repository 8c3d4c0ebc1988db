using System.Text.Json;

namespace WabaGate.Server.Features.Webhooks;

/// <summary>
/// The little the receiving endpoint reads from a delivery before storing it: the entries' ids (WABA ids, for
/// routing) and the changes' field names (for the inspector). One forward pass with <see cref="Utf8JsonReader"/>;
/// everything else is skipped unread, and full parsing happens in the processing job.
/// </summary>
internal sealed record WebhookEnvelope(IReadOnlyList<string> EntryIds, IReadOnlyList<string> Fields)
{
    public string FieldList => string.Join(',', Fields);

    /// <summary>Returns <see langword="null"/> when the body is not a JSON object of Meta's shape.</summary>
    public static WebhookEnvelope? TryRead(ReadOnlySpan<byte> body)
    {
        var ids = new List<string>();
        var fields = new List<string>();
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 128 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isEntry = reader.ValueTextEquals("entry"u8);
                reader.Read();
                if (isEntry && reader.TokenType == JsonTokenType.StartArray)
                {
                    ReadEntries(ref reader, ids, fields);
                }
                else
                {
                    reader.Skip();
                }
            }

            // Anything after the closing brace (or an unclosed object) makes the body malformed.
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return null;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Invalid JSON, or a string that is not valid UTF-8.
            return null;
        }

        return new WebhookEnvelope(ids.Distinct(StringComparer.Ordinal).ToList(), fields.Distinct(StringComparer.Ordinal).ToList());
    }

    private static void ReadEntries(ref Utf8JsonReader reader, List<string> ids, List<string> fields)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    if (reader.TokenType is JsonTokenType.String or JsonTokenType.Number)
                    {
                        ids.Add(reader.TokenType == JsonTokenType.String ? reader.GetString()! : System.Text.Encoding.UTF8.GetString(reader.ValueSpan));
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("changes"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        ReadChanges(ref reader, fields);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
    }

    private static void ReadChanges(ref Utf8JsonReader reader, List<string> fields)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isField = reader.ValueTextEquals("field"u8);
                reader.Read();
                if (isField && reader.TokenType == JsonTokenType.String)
                {
                    fields.Add(reader.GetString()!);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
    }
}
