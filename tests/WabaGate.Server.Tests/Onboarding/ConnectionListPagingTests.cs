using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WabaGate.Server.Data;
using WabaGate.Server.Tests.Webhooks;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Onboarding;

/// <summary>Connections and phone numbers page like every list of the API: newest first, opaque cursors, bad ones refused.</summary>
public sealed class ConnectionListPagingTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Connections_and_numbers_page_newest_first_without_gaps_or_repeats(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(provider, GatewaySettings.Production());
        var org = await gateway.CreateOrganizationAsync();
        var other = await gateway.CreateOrganizationAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await gateway.AddConnectionAsync(org.OrgId, $"93000{i}", [$"83000{i}a", $"83000{i}b"]));
        }

        await gateway.AddConnectionAsync(other.OrgId, "939999", ["839999"]);

        var first = await GetAsync(org.Client, "/api/v1/connections?limit=2", ct);
        Assert.Equal([ids[2], ids[1]], Ids(first));
        var second = await GetAsync(org.Client, $"/api/v1/connections?limit=2&cursor={first.GetProperty("nextCursor").GetString()}", ct);
        Assert.Equal([ids[0]], Ids(second));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);

        var numbers = new List<string>();
        string? cursor = null;
        do
        {
            var page = await GetAsync(org.Client, "/api/v1/phone-numbers?limit=4" + (cursor is null ? string.Empty : "&cursor=" + cursor), ct);
            numbers.AddRange(page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("phoneNumberId").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(6, numbers.Count);
        Assert.Equal(numbers.Distinct().Order(), new[] { "830000a", "830000b", "830001a", "830001b", "830002a", "830002b" });

        using var bad = await org.Client.GetAsync("/api/v1/connections?cursor=7", ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var tooMany = await org.Client.GetAsync("/api/v1/phone-numbers?limit=500", ct);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string path, CancellationToken ct)
    {
        using var response = await client.GetAsync(path, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(ct);
    }

    private static List<Guid> Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid())];
}
