using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Data;

/// <summary>Gives ASP.NET Core Identity's tables plain names (users, user_claims, user_logins, user_tokens).</summary>
internal static class IdentityTables
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<AppUser>().ToTable("users");
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
    }
}
