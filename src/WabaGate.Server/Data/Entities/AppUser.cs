using Microsoft.AspNetCore.Identity;

namespace WabaGate.Server.Data.Entities;

/// <summary>A person who signs in to the web UI. Users are global; what they may see comes from memberships.</summary>
public sealed class AppUser : IdentityUser<Guid>
{
    public AppUser() => Id = Guid.CreateVersion7();

    public DateTimeOffset CreatedAt { get; set; }
}
