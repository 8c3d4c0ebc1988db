using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Messaging;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Messaging;

/// <summary>
/// The accept group commit writes the units of work of several organizations in one transaction: each unit runs
/// under its own organization's row-level security, so rows land only in their own tenant, a unit that smuggles
/// another organization's row is refused by the database, and that refusal fails no neighbour.
/// </summary>
public sealed class AcceptGroupCommitTests
{
    [Fact]
    public async Task Units_of_two_organizations_in_one_group_each_write_only_their_own_tenant()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Postgres);
        var a = await gateway.CreateOrganizationAsync();
        var b = await gateway.CreateOrganizationAsync();

        Task<bool> Save(Guid under, Guid rowOrg, string waId) => gateway.InScopeAsync(async sp =>
        {
            sp.GetRequiredService<TenantContext>().Set(under);
            var db = sp.GetRequiredService<AppDbContext>();
            var now = DateTimeOffset.UtcNow;
            db.Add(new Contact { OrgId = rowOrg, WaId = waId, CreatedAt = now, UpdatedAt = now });
            try
            {
                await sp.GetRequiredService<IAcceptCommitter>().SaveAsync(db);
                return true;
            }
            catch (DbUpdateException exception) when (exception.InnerException is PostgresException { MessageText: var text } && text.Contains("row-level security", StringComparison.Ordinal))
            {
                return false;
            }
        });

        // Interleaved and started together, so they share group commits; one of B's units tries to write a row of A.
        var saves = Enumerable.Range(0, 40)
            .Select(i => i == 17 ? Save(b.OrgId, a.OrgId, "5511900000017") : Save(i % 2 == 0 ? a.OrgId : b.OrgId, i % 2 == 0 ? a.OrgId : b.OrgId, $"55119{i:D8}"))
            .ToList();
        var saved = await Task.WhenAll(saves);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => i != 17), saved);

        async Task<List<Guid>> RowOrgsUnder(Guid org) => await gateway.InScopeAsync(async sp =>
        {
            sp.GetRequiredService<TenantContext>().Set(org);
            return await sp.GetRequiredService<AppDbContext>().Set<Contact>().IgnoreQueryFilters().Select(c => c.OrgId).ToListAsync(ct);
        });

        // Row-level security alone (the EF filter is lifted): each organization sees exactly its own 20 (B: 19) rows.
        Assert.Equal(Enumerable.Repeat(a.OrgId, 20), await RowOrgsUnder(a.OrgId));
        Assert.Equal(Enumerable.Repeat(b.OrgId, 19), await RowOrgsUnder(b.OrgId));
    }
}
