using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Tenancy;

namespace WabaGate.TestKit;

/// <summary>An organization made for one test, with an Admin API key and a client that sends it.</summary>
public sealed record TestOrganization(Guid OrgId, string Name, string ApiKey, HttpClient Client);

public static class TestOrganizationExtensions
{
    public static async Task<TestOrganization> CreateOrganizationAsync(this GatewayFactory gateway, string? name = null)
    {
        name ??= "Org " + Guid.NewGuid().ToString("N")[..8];
        var (orgId, secret) = await gateway.InScopeAsync(async sp =>
        {
            var organizations = sp.GetRequiredService<OrganizationService>();
            var org = await organizations.CreateOrganizationAsync(name, CancellationToken.None);
            var (_, key) = await organizations.CreateApiKeyAsync("test", OrgRole.Admin, null, CancellationToken.None);
            return (org.Id, key);
        });

        var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return new TestOrganization(orgId, name, secret, client);
    }
}
