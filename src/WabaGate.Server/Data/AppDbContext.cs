using System.Linq.Expressions;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Data;

/// <summary>
/// The one EF model, shared by SQLite and PostgreSQL. Tables and columns are snake_case; tenant-owned
/// entities get a query filter on the current organization (PostgreSQL adds row-level security).
/// </summary>
/// <remarks>
/// Contexts are pooled (setting one up was about 5 % of the server's CPU per request), so the organization is
/// not a constructor argument: each lease is bound to its scope's <see cref="TenantContext"/> by
/// <see cref="DatabaseServiceCollectionExtensions"/> and unbound before the context goes back to the pool.
/// </remarks>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options)
    : IdentityUserContext<AppUser, Guid>(options)
{
    private TenantContext tenant = TenantContext.System;
    private bool? isSqlite;

    /// <summary>Read by the query filters (EF parameterises it per query) and by the RLS interceptor.</summary>
    public Guid? CurrentOrgId => tenant.OrgId;

    /// <summary>
    /// Whether this context runs on SQLite (else PostgreSQL), asked once per instance: EF's <c>IsSqlite()</c> reads the
    /// provider's assembly name by reflection on every call, which showed in a profile of the send path.
    /// </summary>
    internal bool IsSqlite => isSqlite ??= Database.IsSqlite();

    internal bool IsPostgres => !IsSqlite;

    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<Membership> Memberships => Set<Membership>();

    /// <summary>Acts for the scope's organization from now until the context is disposed.</summary>
    internal AppDbContext Bind(TenantContext scope)
    {
        tenant = scope;
        return this;
    }

    public override void Dispose()
    {
        // Unbind before the pool can hand this instance to another scope.
        tenant = TenantContext.System;
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        tenant = TenantContext.System;
        return base.DisposeAsync();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        IdentityTables.Configure(builder);

        foreach (var entity in builder.Model.GetEntityTypes().Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType) || typeof(ISystemOrTenantOwned).IsAssignableFrom(e.ClrType)))
        {
            builder.Entity(entity.ClrType).HasQueryFilter(TenantFilter(entity.ClrType));
        }

        builder.Entity<Organization>().HasQueryFilter(o => o.Id == CurrentOrgId);
        SnakeCaseNames.Apply(builder.Model);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: readable in SQL and safe when members are added.
        configurationBuilder.Properties<Enum>().HaveConversion<string>();

        if (Database.IsSqlite())
        {
            // SQLite has no time type that orders correctly; UTC ticks in an INTEGER do.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        }
    }

    private LambdaExpression TenantFilter(Type entityType)
    {
        // e => e.OrgId == this.CurrentOrgId (for a nullable OrgId, EF's null semantics make NULL match system context)
        var e = Expression.Parameter(entityType, "e");
        var orgId = Expression.Convert(Expression.Property(e, nameof(ITenantOwned.OrgId)), typeof(Guid?));
        var current = Expression.Property(Expression.Constant(this), nameof(CurrentOrgId));
        return Expression.Lambda(Expression.Equal(orgId, current), e);
    }
}
