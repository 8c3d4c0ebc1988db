using System.Text.Json;

namespace WabaGate.Server.Tests.Inbox;

/// <summary>Reads <c>GET /api/v1/events/stream</c> as a client would: event blocks separated by blank lines.</summary>
internal sealed class SseReader : IAsyncDisposable
{
    private readonly HttpResponseMessage response;
    private readonly StreamReader reader;

    private SseReader(HttpResponseMessage response, StreamReader reader)
    {
        this.response = response;
        this.reader = reader;
    }

    public string? ContentType => response.Content.Headers.ContentType?.MediaType;

    /// <summary>Opens the stream; <paramref name="lastEventId"/> is sent as <c>Last-Event-ID</c>, as a reconnecting EventSource does.</summary>
    public static async Task<SseReader> OpenAsync(HttpClient client, CancellationToken ct, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events/stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));

        // The server writes a comment first: once it is read, the subscription exists.
        while (await reader.ReadLineAsync(ct) is { } line && line.Length > 0)
        {
        }

        return new SseReader(response, reader);
    }

    /// <summary>The next event of <paramref name="type"/> that <paramref name="match"/> accepts (others are skipped).</summary>
    public async Task<(string Id, JsonElement Data)> NextAsync(string type, Func<JsonElement, bool> match, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        string? name = null, id = null, data = null;
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (name == type && data is not null && id is not null)
                {
                    var element = JsonDocument.Parse(data).RootElement.Clone();
                    if (match(element))
                    {
                        return (id, element);
                    }
                }

                (name, id, data) = (null, null, null);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }

        throw new InvalidOperationException("The event stream ended.");
    }

    public ValueTask DisposeAsync()
    {
        reader.Dispose();
        response.Dispose();
        return ValueTask.CompletedTask;
    }
}
