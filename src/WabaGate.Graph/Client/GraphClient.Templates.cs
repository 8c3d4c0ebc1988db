using System.Globalization;
using System.Runtime.CompilerServices;
using WabaGate.Graph.Json;
using WabaGate.Graph.Templates;

namespace WabaGate.Graph.Client;

public sealed partial class GraphClient
{
    /// <summary>Reads one page of the WABA's templates; pass the previous page's <see cref="GraphPage{T}.NextCursor"/> as <paramref name="after"/>.</summary>
    public Task<GraphPage<MessageTemplate>> GetTemplatesPageAsync(string wabaId, string accessToken, TemplateQuery? query = null, string? after = null, CancellationToken ct = default)
    {
        query ??= new TemplateQuery();
        return SendAsync(
            new GraphCall(HttpMethod.Get, $"{Seg(wabaId)}/message_templates", Idempotent: true)
            {
                AccessToken = RequireToken(accessToken),
                Query =
                [
                    new("fields", query.Fields),
                    new("limit", query.Limit?.ToString(CultureInfo.InvariantCulture)),
                    new("name", query.Name),
                    new("status", query.Status),
                    new("category", query.Category),
                    new("language", query.Language),
                    new("after", after),
                ],
            },
            GraphJsonContext.Default.GraphPageMessageTemplate,
            ct);
    }

    /// <summary>
    /// Walks every page of the WABA's templates. Follows <c>paging.cursors.after</c> while Graph announces a
    /// <c>paging.next</c>, always against the configured base URL (the <c>next</c> URL itself is not followed).
    /// </summary>
    public async IAsyncEnumerable<MessageTemplate> GetAllTemplatesAsync(string wabaId, string accessToken, TemplateQuery? query = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        string? after = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            var page = await GetTemplatesPageAsync(wabaId, accessToken, query, after, ct);
            foreach (var template in page.Data)
            {
                yield return template;
            }

            after = page.NextCursor;
        }
        while (after is not null && seen.Add(after)); // a repeated cursor would loop forever
    }

    /// <summary>Submits a template for review; never retried (a repeat would fail on the duplicate name).</summary>
    public Task<CreateTemplateResponse> CreateTemplateAsync(string wabaId, CreateTemplateRequest template, string accessToken, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(template);
        return SendAsync(
            new GraphCall(HttpMethod.Post, $"{Seg(wabaId)}/message_templates", Idempotent: false)
            {
                AccessToken = RequireToken(accessToken),
                Content = () => Json(template, GraphJsonContext.Default.CreateTemplateRequest),
            },
            GraphJsonContext.Default.CreateTemplateResponse,
            ct);
    }

    /// <summary>Deletes a template: every language of <paramref name="name"/>, or only <paramref name="templateId"/> (<c>hsm_id</c>) when given.</summary>
    public Task DeleteTemplateAsync(string wabaId, string name, string accessToken, string? templateId = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return SendAsync(
            new GraphCall(HttpMethod.Delete, $"{Seg(wabaId)}/message_templates", Idempotent: true)
            {
                AccessToken = RequireToken(accessToken),
                Query = [new("hsm_id", templateId), new("name", name)],
            },
            GraphJsonContext.Default.GraphSuccess,
            ct);
    }
}
