using Microsoft.EntityFrameworkCore;
using WabaGate.Graph.Messages;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Configurations;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Infrastructure.Problems;

namespace WabaGate.Server.Features.Messaging;

/// <summary>Reads and sets approval policies; a connection's own policy overrides its organization's.</summary>
internal sealed class ApprovalPolicies(AppDbContext db, ReferenceCache cache, TimeProvider clock)
{
    /// <summary>The connection's and the organization's policy rows (at most two); compiled, since every accept reads them.</summary>
    private static readonly PerProviderQuery<Func<AppDbContext, string, IAsyncEnumerable<PolicyRow>>> EffectiveRows = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, string connectionKey) => db.Set<ApprovalPolicySetting>().AsNoTracking()
            .Where(p => p.ScopeKey == connectionKey || p.ScopeKey == ApprovalPolicySetting.OrganizationScope)
            .Select(p => new PolicyRow(p.ScopeKey, p.Policy))));

    /// <summary>The policy a send from <paramref name="connectionId"/> follows (cached: every accept asks, and a change of either row empties the cache).</summary>
    public async Task<ApprovalPolicy> EffectiveAsync(Guid connectionId, CancellationToken ct)
    {
        var key = connectionId.ToString();
        var rows = await cache.GetOrLoadAsync(new PolicyKey(db.CurrentOrgId, key), async (k, token) => await EffectiveRows.For(db)(db, k.ConnectionKey).ToListAsync(token), ct);
        return (rows!.Find(r => r.ScopeKey == key) ?? rows.Find(r => r.ScopeKey == ApprovalPolicySetting.OrganizationScope))?.Policy ?? ApprovalPolicy.None;
    }

    /// <summary>Whether a message of <paramref name="type"/> from <paramref name="origin"/> waits for approval under <paramref name="policy"/>.</summary>
    public static bool RequiresApproval(ApprovalPolicy policy, MessageOrigin origin, string type) => policy switch
    {
        ApprovalPolicy.AllOutbound => true,
        ApprovalPolicy.ApiOriginatedOnly => origin == MessageOrigin.Api,
        ApprovalPolicy.TemplatesOnly => type == MessageTypes.Template,
        _ => false,
    };

    public async Task<ApprovalPolicyView> ViewAsync(CancellationToken ct)
    {
        var rows = await db.Set<ApprovalPolicySetting>().AsNoTracking().ToListAsync(ct);
        var org = rows.Find(r => r.ConnectionId is null)?.Policy ?? ApprovalPolicy.None;
        return new ApprovalPolicyView(
            EnumNames.SnakeCase(org),
            rows.Where(r => r.ConnectionId is not null)
                .Select(r => new ConnectionApprovalPolicyView(r.ConnectionId!.Value, EnumNames.SnakeCase(r.Policy), EnumNames.SnakeCase(r.Policy)))
                .ToList());
    }

    /// <summary>Sets the organization's policy (<paramref name="connectionId"/> null) or a connection's; null <paramref name="policy"/> removes a connection's override.</summary>
    public async Task SetAsync(Guid orgId, Guid? connectionId, ApprovalPolicy? policy, string actor, CancellationToken ct)
    {
        var key = connectionId?.ToString() ?? ApprovalPolicySetting.OrganizationScope;
        var row = await db.Set<ApprovalPolicySetting>().SingleOrDefaultAsync(p => p.ScopeKey == key, ct);
        if (policy is null)
        {
            if (row is not null)
            {
                db.Remove(row);
            }

            return;
        }

        if (row is null)
        {
            row = new ApprovalPolicySetting { OrgId = orgId, ConnectionId = connectionId, ScopeKey = key };
            db.Add(row);
        }

        row.Policy = policy.Value;
        row.UpdatedBy = actor;
        row.UpdatedAt = clock.GetUtcNow();
    }

    public static ApprovalPolicy? Parse(string? value, bool allowNull)
    {
        if (value is null && allowNull)
        {
            return null;
        }

        return value switch
        {
            "none" => ApprovalPolicy.None,
            "all_outbound" => ApprovalPolicy.AllOutbound,
            "api_originated_only" => ApprovalPolicy.ApiOriginatedOnly,
            "templates_only" => ApprovalPolicy.TemplatesOnly,
            _ => throw ApiProblemException.Validation("policy", "Use none, all_outbound, api_originated_only or templates_only" + (allowNull ? " (or null to inherit the organization's)." : ".")),
        };
    }
}

internal sealed record PolicyRow(string ScopeKey, ApprovalPolicy Policy);

internal readonly record struct PolicyKey(Guid? OrgId, string ConnectionKey);
