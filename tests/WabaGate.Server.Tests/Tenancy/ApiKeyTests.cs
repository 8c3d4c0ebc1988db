using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using WabaGate.Server.Data;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Tenancy;

public sealed class ApiKeyTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Me_returns_the_keys_organization(DatabaseProvider provider)
    {
        await using var gateway = await GatewayFactory.CreateAsync(provider);
        var org = await gateway.CreateOrganizationAsync("Clinic Alpha");

        var me = await org.Client.GetFromJsonAsync<JsonElement>("/api/v1/me", TestContext.Current.CancellationToken);

        Assert.Equal(org.OrgId, me.GetProperty("organization").GetProperty("id").GetGuid());
        Assert.Equal("Clinic Alpha", me.GetProperty("organization").GetProperty("name").GetString());
        Assert.Equal("Admin", me.GetProperty("role").GetString());
        Assert.Equal("sandbox", me.GetProperty("mode").GetString());
        Assert.Equal("api_key", me.GetProperty("authenticatedAs").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wg_not-a-real-key-at-all-000000000000")]
    [InlineData("garbage")]
    public async Task Missing_or_unknown_keys_get_401(string? key)
    {
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Sqlite);
        await gateway.CreateOrganizationAsync();
        using var client = gateway.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await client.GetAsync("/api/v1/me", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Created_key_works_is_listed_without_secret_and_stops_working_when_revoked(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(provider);
        var org = await gateway.CreateOrganizationAsync();

        using var created = await org.Client.PostAsJsonAsync("/api/v1/api-keys", new { name = "crm" }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(ct);
        var secret = body.GetProperty("secret").GetString()!;
        var id = body.GetProperty("id").GetGuid();
        Assert.StartsWith("wg_", secret, StringComparison.Ordinal);

        using var other = gateway.CreateClient();
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/me", ct)).StatusCode);

        var list = await org.Client.GetStringAsync("/api/v1/api-keys", ct);
        Assert.Contains(id.ToString(), list, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, list, StringComparison.Ordinal);
        Assert.DoesNotContain("\"hash\"", list, StringComparison.OrdinalIgnoreCase);

        // The key was verified (and is now cached) by the requests above: the revocation still takes effect at once.
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/me", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await org.Client.DeleteAsync($"/api/v1/api-keys/{id}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.GetAsync("/api/v1/me", ct)).StatusCode);
    }

    [Fact]
    public async Task Keys_of_another_organization_are_invisible_and_cannot_be_revoked()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Postgres);
        var a = await gateway.CreateOrganizationAsync();
        var b = await gateway.CreateOrganizationAsync();
        using var created = await b.Client.PostAsJsonAsync("/api/v1/api-keys", new { name = "b-key" }, ct);
        var bKey = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();

        Assert.DoesNotContain(bKey.ToString(), await a.Client.GetStringAsync("/api/v1/api-keys", ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await a.Client.DeleteAsync($"/api/v1/api-keys/{bKey}", ct)).StatusCode);
        Assert.Contains(bKey.ToString(), await b.Client.GetStringAsync("/api/v1/api-keys", ct), StringComparison.Ordinal);
    }
}
