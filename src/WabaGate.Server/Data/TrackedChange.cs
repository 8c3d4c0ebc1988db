using Microsoft.EntityFrameworkCore;

namespace WabaGate.Server.Data;

/// <summary>A unit of work's pending change: an added entity (<see cref="Modified"/> null) or the names of a modified one's changed properties.</summary>
internal sealed record TrackedChange(object Entity, string[]? Modified)
{
    /// <summary>The added and modified entities <paramref name="context"/> tracks; a unit of work with deletions is not for the group-commit writers.</summary>
    public static List<TrackedChange> Pending(DbContext context)
    {
        var changes = new List<TrackedChange>();
        foreach (var entry in context.ChangeTracker.Entries())
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    changes.Add(new TrackedChange(entry.Entity, null));
                    break;
                case EntityState.Modified:
                    changes.Add(new TrackedChange(entry.Entity, [.. entry.Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name)]));
                    break;
                case EntityState.Deleted:
                    throw new InvalidOperationException("A group-committed unit of work only adds and modifies rows.");
            }
        }

        return changes;
    }
}
