using System.Collections;
using System.Globalization;

namespace WabaGate.Server.Infrastructure.Observability;

/// <summary>
/// Puts the organization and connection a unit of work acts for on every log line written inside it
/// (JSON console: <c>Scopes[].OrganizationId</c>/<c>ConnectionId</c>; simple console: <c>=&gt; OrganizationId:…</c>):
/// <code>using var scope = logger.BeginGatewayScope(organizationId: org.Id, connectionId: connection.Id);</code>
/// Scopes flow with the async context, so one pushed in middleware covers the whole request.
/// </summary>
internal static class LogScopes
{
    public const string OrganizationId = nameof(OrganizationId);
    public const string ConnectionId = nameof(ConnectionId);

    public static IDisposable? BeginGatewayScope(this ILogger logger, Guid? organizationId = null, Guid? connectionId = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return organizationId is null && connectionId is null ? null : logger.BeginScope(new GatewayScope(organizationId, connectionId));
    }

    private sealed class GatewayScope(Guid? organizationId, Guid? connectionId) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly KeyValuePair<string, object?>[] items = Build(organizationId, connectionId);

        public int Count => items.Length;

        public KeyValuePair<string, object?> this[int index] => items[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)items).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => string.Join(' ', items.Select(i => string.Create(CultureInfo.InvariantCulture, $"{i.Key}:{i.Value}")));

        private static KeyValuePair<string, object?>[] Build(Guid? organizationId, Guid? connectionId)
        {
            var list = new List<KeyValuePair<string, object?>>(2);
            if (organizationId is { } org)
            {
                list.Add(new(OrganizationId, org.ToString("D")));
            }

            if (connectionId is { } connection)
            {
                list.Add(new(ConnectionId, connection.ToString("D")));
            }

            return [.. list];
        }
    }
}
