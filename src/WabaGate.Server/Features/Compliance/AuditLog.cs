using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Tenancy;

namespace WabaGate.Server.Features.Compliance;

/// <summary>
/// Records who did what in the organization. <see cref="Add"/> joins the caller's unit of work, so the entry
/// commits with the change it describes, or not at all.
/// </summary>
internal sealed class AuditLog(AppDbContext db, TimeProvider clock)
{
    private const int MaxReasonLength = 1000;

    public AuditLogEntry Add(Caller caller, string action, string target, string? reason)
    {
        var entry = new AuditLogEntry
        {
            OrgId = caller.OrgId,
            Actor = Actor(caller),
            Action = action,
            Target = target,
            Reason = reason is { Length: > MaxReasonLength } ? reason[..MaxReasonLength] : reason,
            At = clock.GetUtcNow(),
        };
        db.Add(entry);
        return entry;
    }

    /// <summary><c>user:{id}</c> or <c>api_key:{id}</c>: how an actor is named in the log and on messages.</summary>
    public static string Actor(Caller caller) => caller switch
    {
        { UserId: { } user } => $"user:{user}",
        { ApiKeyId: { } key } => $"api_key:{key}",
        _ => "system",
    };
}
