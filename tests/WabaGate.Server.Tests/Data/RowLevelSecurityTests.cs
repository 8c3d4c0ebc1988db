using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Tenancy;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Data;

/// <summary>
/// Isolation must hold in the database itself, not only in EF: with the query filter lifted, PostgreSQL
/// row-level security still shows organization A none of B's rows and refuses writes of B's rows under A.
/// </summary>
public sealed class RowLevelSecurityTests
{
    [Fact]
    public async Task Without_the_EF_filter_a_query_under_A_returns_none_of_Bs_rows()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Postgres);
        var a = await gateway.CreateOrganizationAsync();
        var b = await gateway.CreateOrganizationAsync();

        var (orgs, keys) = await gateway.InScopeAsync(async sp =>
        {
            sp.GetRequiredService<TenantContext>().Set(a.OrgId);
            var db = sp.GetRequiredService<AppDbContext>();
            return (await db.Organizations.IgnoreQueryFilters().Select(o => o.Id).ToListAsync(ct),
                    await db.Set<ApiKey>().IgnoreQueryFilters().Select(k => k.OrgId).ToListAsync(ct));
        });

        Assert.Equal([a.OrgId], orgs);
        Assert.NotEmpty(keys);
        Assert.All(keys, orgId => Assert.Equal(a.OrgId, orgId));
    }

    [Fact]
    public async Task Raw_SQL_under_A_sees_nothing_of_B_and_system_context_sees_nothing_at_all()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Postgres);
        var a = await gateway.CreateOrganizationAsync();
        await gateway.CreateOrganizationAsync();

        var underA = await gateway.InScopeAsync(async sp =>
        {
            sp.GetRequiredService<TenantContext>().Set(a.OrgId);
            return await sp.GetRequiredService<AppDbContext>().Database
                .SqlQuery<Guid>($"SELECT org_id AS \"Value\" FROM api_keys").ToListAsync(ct);
        });
        var system = await gateway.InScopeAsync(async sp => await sp.GetRequiredService<AppDbContext>().Database
            .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM api_keys").SingleAsync(ct));

        Assert.All(underA, orgId => Assert.Equal(a.OrgId, orgId));
        Assert.Single(underA);
        Assert.Equal(0, system);
    }

    [Fact]
    public async Task Writing_a_row_for_B_under_As_context_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Postgres);
        var a = await gateway.CreateOrganizationAsync();
        var b = await gateway.CreateOrganizationAsync();

        var insert = await Assert.ThrowsAsync<DbUpdateException>(() => gateway.InScopeAsync(async sp =>
        {
            sp.GetRequiredService<TenantContext>().Set(a.OrgId);
            var db = sp.GetRequiredService<AppDbContext>();
            db.Add(new ApiKey { OrgId = b.OrgId, Name = "smuggled", Prefix = "wg_x", Hash = ApiKeySecret.Hash("wg_smuggled_" + Guid.NewGuid()) });
            return await db.SaveChangesAsync(ct);
        }));
        Assert.Contains("row-level security", (insert.InnerException as PostgresException)?.MessageText, StringComparison.Ordinal);

        // Moving A's own row to B is refused as well.
        var update = await Assert.ThrowsAsync<PostgresException>(() => gateway.InScopeAsync(async sp =>
        {
            sp.GetRequiredService<TenantContext>().Set(a.OrgId);
            return await sp.GetRequiredService<AppDbContext>().Set<ApiKey>().IgnoreQueryFilters()
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.OrgId, b.OrgId), ct);
        }));
        Assert.Contains("row-level security", update.MessageText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_pooled_context_never_carries_one_scopes_organization_into_the_next(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(provider);
        var a = await gateway.CreateOrganizationAsync();
        var b = await gateway.CreateOrganizationAsync();

        // Scopes one after another get context instances back from the pool; each must see only its own organization.
        var contexts = new HashSet<AppDbContext>(ReferenceEqualityComparer.Instance);
        foreach (var org in new Guid?[] { a.OrgId, b.OrgId, null, a.OrgId, a.OrgId, null, b.OrgId })
        {
            var (filtered, raw) = await gateway.InScopeAsync(async sp =>
            {
                if (org is { } id)
                {
                    sp.GetRequiredService<TenantContext>().Set(id);
                }

                var db = sp.GetRequiredService<AppDbContext>();
                contexts.Add(db);

                // Left open, as the send paths do: the pool closes it when the scope ends.
                await db.Database.OpenConnectionAsync(ct);
                var viaFilter = await db.Set<ApiKey>().Select(k => k.OrgId).Distinct().ToListAsync(ct);
                var viaSql = provider == DatabaseProvider.Postgres
                    ? await db.Database.SqlQuery<Guid>($"SELECT DISTINCT org_id AS \"Value\" FROM api_keys").ToListAsync(ct)
                    : viaFilter;
                return (viaFilter, viaSql);
            });

            Guid[] expected = org is { } own ? [own] : [];
            Assert.Equal(expected, filtered);
            Assert.Equal(expected, raw);
        }

        // Background jobs lease contexts too, so not every scope gets the same one; but some instance was reused.
        Assert.True(contexts.Count < 7, $"{contexts.Count} distinct contexts for 7 scopes: the pool never reused one");
    }

    [Fact]
    public async Task The_application_role_owns_no_table_and_cannot_bypass_policies()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Postgres);
        var facts = await gateway.InScopeAsync(async sp => await sp.GetRequiredService<AppDbContext>().Database.SqlQuery<string>($"""
            SELECT (r.rolsuper OR r.rolbypassrls)::text || '/' ||
                   (SELECT count(*) FROM pg_tables t WHERE t.schemaname = 'public' AND t.tableowner = current_user)::text || '/' ||
                   (SELECT bool_and(c.relrowsecurity AND c.relforcerowsecurity)::text FROM pg_class c
                     WHERE c.relname IN ('organizations', 'api_keys')) AS "Value"
            FROM pg_roles r WHERE r.rolname = current_user
            """).SingleAsync(ct));

        Assert.Equal("false/0/true", facts);
    }
}
