using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Data;

/// <summary>The reviewed cross-tenant lookups answer from system context, where ordinary queries see nothing.</summary>
public sealed class SystemQueriesTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Routing_finds_the_owner_of_a_waba_phone_number_and_webhook_key(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(provider);
        var a = await gateway.CreateOrganizationAsync();
        var (connectionId, phoneId) = await gateway.InScopeAsync(async sp =>
        {
            sp.GetRequiredService<TenantContext>().Set(a.OrgId);
            var db = sp.GetRequiredService<AppDbContext>();
            var connection = new Connection { OrgId = a.OrgId, WabaId = "1001", Name = "Main", Kind = ConnectionKind.Manual, WebhookKey = "k-123", Status = ConnectionStatus.Active };
            var phone = new PhoneNumber { OrgId = a.OrgId, ConnectionId = connection.Id, PhoneNumberId = "2002" };
            db.AddRange(connection, phone);
            await db.SaveChangesAsync(ct);
            return (connection.Id, phone.Id);
        });

        await gateway.InScopeAsync(async sp =>
        {
            var queries = sp.GetRequiredService<SystemQueries>();

            Assert.Equal([new SystemQueries.Route(a.OrgId, connectionId)], await queries.RouteWabaAsync("1001", ct));
            Assert.Equal([new SystemQueries.Route(a.OrgId, connectionId, phoneId)], await queries.RoutePhoneNumberAsync("2002", ct));
            Assert.Equal(new SystemQueries.Route(a.OrgId, connectionId), await queries.RouteWebhookKeyAsync("k-123", ct));
            Assert.Empty(await queries.RoutePhoneNumberAsync("9999", ct));
            Assert.Null(await queries.RouteWebhookKeyAsync("nope", ct));
            return true;
        });
    }

    [Fact]
    public async Task On_postgres_system_context_sees_no_connection_rows_directly()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Postgres);
        var a = await gateway.CreateOrganizationAsync();
        await gateway.InScopeAsync(async sp =>
        {
            sp.GetRequiredService<TenantContext>().Set(a.OrgId);
            var db = sp.GetRequiredService<AppDbContext>();
            db.Add(new Connection { OrgId = a.OrgId, WabaId = "1001", Name = "Main", Kind = ConnectionKind.Manual });
            return await db.SaveChangesAsync(ct);
        });

        var visible = await gateway.InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Connection>().IgnoreQueryFilters().CountAsync(ct));

        Assert.Equal(0, visible);
    }
}
