using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Data;

/// <summary>
/// The few reviewed lookups that must cross organizations, because they run before the organization is
/// known. On PostgreSQL each is a SECURITY DEFINER function created by a migration (row-level security stays
/// on for everything else); on SQLite the same question is asked with the EF filter lifted.
/// Keep this list short: every member is a hole in tenant isolation by design.
/// </summary>
internal sealed class SystemQueries(AppDbContext db)
{
    public sealed record ApiKeyMatch(Guid Id, Guid OrgId, OrgRole Role, bool Revoked);

    public async Task<ApiKeyMatch?> FindApiKeyAsync(byte[] hash, CancellationToken cancellationToken)
    {
        if (db.IsPostgres)
        {
            var rows = await db.Database
                .SqlQuery<ApiKeyRow>($"SELECT id AS \"Id\", org_id AS \"OrgId\", role AS \"Role\", revoked AS \"Revoked\" FROM find_api_key({hash})")
                .ToListAsync(cancellationToken);
            return rows.Select(r => new ApiKeyMatch(r.Id, r.OrgId, Enum.Parse<OrgRole>(r.Role), r.Revoked)).SingleOrDefault();
        }

        return await db.Set<ApiKey>().IgnoreQueryFilters().AsNoTracking()
            .Where(k => k.Hash == hash)
            .Select(k => new ApiKeyMatch(k.Id, k.OrgId, k.Role, k.RevokedAt != null))
            .SingleOrDefaultAsync(cancellationToken);
    }

    public sealed record Route(Guid OrgId, Guid ConnectionId, Guid? PhoneId = null);

    /// <summary>The live (not disconnected) connections holding a WABA, whichever organization owns them.</summary>
    public async Task<IReadOnlyList<Route>> RouteWabaAsync(string wabaId, CancellationToken cancellationToken)
    {
        if (db.IsPostgres)
        {
            return await db.Database
                .SqlQuery<Route>($"SELECT org_id AS \"OrgId\", connection_id AS \"ConnectionId\", NULL::uuid AS \"PhoneId\" FROM route_waba({wabaId})")
                .ToListAsync(cancellationToken);
        }

        return await db.Set<Connection>().IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.WabaId == wabaId && c.Status != ConnectionStatus.Disconnected)
            .Select(c => new Route(c.OrgId, c.Id, null))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Hands the unroutable deliveries whose every WABA <paramref name="orgId"/> now holds to that organization; they
    /// stay sealed under the master key until the adoption job re-encrypts them. Returns their ids.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> AdoptUnroutableDeliveriesAsync(Guid orgId, CancellationToken cancellationToken)
    {
        if (db.IsPostgres)
        {
            return await db.Database.SqlQuery<Guid>($"SELECT adopt_unroutable_deliveries AS \"Value\" FROM adopt_unroutable_deliveries({orgId})").ToListAsync(cancellationToken);
        }

        var held = await db.Set<Connection>().IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.OrgId == orgId && c.Status != ConnectionStatus.Disconnected).Select(c => c.WabaId).ToListAsync(cancellationToken);
        var candidates = await db.Set<WebhookDelivery>()
            .Where(d => d.OrgId == null && d.State == WebhookDeliveryState.Unroutable && d.SealedBy != null && d.EntryIds != null)
            .Select(d => new { d.Id, d.EntryIds }).ToListAsync(cancellationToken);
        var adopted = candidates.Where(d => d.EntryIds!.Split(',').All(held.Contains)).Select(d => d.Id).ToList();
        await db.Set<WebhookDelivery>().Where(d => adopted.Contains(d.Id) && d.OrgId == null)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.OrgId, orgId), cancellationToken);
        return adopted;
    }

    /// <summary>Where a webhook for Meta's <paramref name="phoneNumberId"/> belongs.</summary>
    public async Task<IReadOnlyList<Route>> RoutePhoneNumberAsync(string phoneNumberId, CancellationToken cancellationToken)
    {
        if (db.IsPostgres)
        {
            return await db.Database
                .SqlQuery<Route>($"SELECT org_id AS \"OrgId\", connection_id AS \"ConnectionId\", phone_id AS \"PhoneId\" FROM route_phone_number({phoneNumberId})")
                .ToListAsync(cancellationToken);
        }

        return await (from p in db.Set<PhoneNumber>().IgnoreQueryFilters()
                      join c in db.Set<Connection>().IgnoreQueryFilters() on p.ConnectionId equals c.Id
                      where p.PhoneNumberId == phoneNumberId && c.Status != ConnectionStatus.Disconnected
                      select new Route(p.OrgId, p.ConnectionId, p.Id))
            .AsNoTracking().ToListAsync(cancellationToken);
    }

    /// <summary>The manual connection behind a webhook URL's key.</summary>
    public async Task<Route?> RouteWebhookKeyAsync(string key, CancellationToken cancellationToken)
    {
        if (db.IsPostgres)
        {
            return (await db.Database
                .SqlQuery<Route>($"SELECT org_id AS \"OrgId\", connection_id AS \"ConnectionId\", NULL::uuid AS \"PhoneId\" FROM route_webhook_key({key})")
                .ToListAsync(cancellationToken)).SingleOrDefault();
        }

        return await db.Set<Connection>().IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.WebhookKey == key)
            .Select(c => new Route(c.OrgId, c.Id, null))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>How many organizations exist at all: the sandbox bootstrap runs only on an empty database.</summary>
    public async Task<long> CountOrganizationsAsync(CancellationToken cancellationToken)
    {
        if (db.IsPostgres)
        {
            return await db.Database.SqlQuery<long>($"SELECT organization_count() AS \"Value\"").SingleAsync(cancellationToken);
        }

        return await db.Organizations.IgnoreQueryFilters().LongCountAsync(cancellationToken);
    }

    /// <summary>The enabled connections, of every organization, that the scheduled health check looks at (active or in error).</summary>
    public async Task<IReadOnlyList<Route>> ConnectionsDueHealthCheckAsync(CancellationToken cancellationToken)
    {
        if (db.IsPostgres)
        {
            return await db.Database
                .SqlQuery<Route>($"SELECT org_id AS \"OrgId\", connection_id AS \"ConnectionId\", NULL::uuid AS \"PhoneId\" FROM connections_due_health_check()")
                .ToListAsync(cancellationToken);
        }

        return await db.Set<Connection>().IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.Enabled && (c.Status == ConnectionStatus.Active || c.Status == ConnectionStatus.Error))
            .Select(c => new Route(c.OrgId, c.Id, null))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The organizations <paramref name="userId"/> belongs to, oldest membership first, with names and roles.</summary>
    public async Task<IReadOnlyList<UserOrganization>> UserOrganizationsAsync(Guid userId, CancellationToken cancellationToken)
    {
        if (db.IsPostgres)
        {
            return (await db.Database
                .SqlQuery<UserOrganizationRow>($"SELECT org_id AS \"OrgId\", name AS \"Name\", role AS \"Role\" FROM user_organizations({userId})")
                .ToListAsync(cancellationToken))
                .Select(r => new UserOrganization(r.OrgId, r.Name, Enum.Parse<OrgRole>(r.Role, ignoreCase: true))).ToList();
        }

        return await db.Memberships.AsNoTracking().Where(m => m.UserId == userId)
            .Join(db.Organizations.IgnoreQueryFilters(), m => m.OrgId, o => o.Id, (m, o) => new { m.CreatedAt, m.Id, o.Name, m.OrgId, m.Role })
            .OrderBy(x => x.CreatedAt).ThenBy(x => x.Id)
            .Select(x => new UserOrganization(x.OrgId, x.Name, x.Role))
            .ToListAsync(cancellationToken);
    }

    public sealed record UserOrganization(Guid OrgId, string Name, OrgRole Role);

    private sealed record UserOrganizationRow(Guid OrgId, string Name, string Role);

    private sealed record ApiKeyRow(Guid Id, Guid OrgId, string Role, bool Revoked);
}
