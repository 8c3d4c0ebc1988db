using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WabaGate.Server.Data;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Tenancy;

public sealed class LogScopeTests
{
    [Fact]
    public async Task Log_lines_written_while_serving_an_authenticated_request_name_the_organization()
    {
        var logs = new CapturingLoggerProvider();
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information",
        });
        gateway.ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs);
        var org = await gateway.CreateOrganizationAsync();

        using var response = await org.Client.GetAsync("/api/v1/api-keys", TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();

        var query = Assert.Single(logs.Entries, e => e.Contains("Executed DbCommand", StringComparison.Ordinal) && e.Contains("FROM \"api_keys\"", StringComparison.Ordinal) && e.Contains("ORDER BY", StringComparison.Ordinal));
        Assert.Contains($"OrganizationId={org.OrgId}", query, StringComparison.Ordinal);
    }
}
