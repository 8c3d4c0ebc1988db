using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;
using WabaGate.Server.Infrastructure;

namespace WabaGate.Server.Data;

internal static class DatabaseServiceCollectionExtensions
{
    /// <summary>Registers the EF model on the configured provider, the tenant context and the start-up migrator.</summary>
    public static IServiceCollection AddDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.Section))
            .Configure<IOptions<WabaGateOptions>>((db, gateway) =>
            {
                db.PostgresConnectionString ??= configuration.GetConnectionString("Postgres");
                db.PostgresMigrationsConnectionString ??= configuration.GetConnectionString("PostgresMigrations");
                db.SqliteConnectionString ??= configuration.GetConnectionString("Sqlite")
                    ?? new SqliteConnectionStringBuilder
                    {
                        DataSource = Path.Combine(Path.GetFullPath(gateway.Value.DataDirectory), "wabagate.db"),
                        Pooling = true,
                        ForeignKeys = true,
                        // Microsoft.Data.Sqlite retries a busy database for up to this long.
                        DefaultTimeout = 30,
                    }.ToString();
            })
            .Validate(db => db.Provider != DatabaseProvider.Postgres || !string.IsNullOrWhiteSpace(db.PostgresConnectionString),
                "Database:Provider is Postgres but ConnectionStrings:Postgres is not set.")
            .ValidateOnStart();

        // PostgreSQL: the application role's connection pool, owned by the host, so its connections close when it stops.
        services.AddSingleton(sp => AutoPreparedDataSource(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.PostgresConnectionString!));
        services.AddScoped<TenantContext>();
        services.AddSingleton<TenantSessionInterceptor>();
        services.AddSingleton<TenantConnectionInterceptor>();
        services.AddSingleton<ReferenceCache>();
        services.AddSingleton<SqliteWriteGate>();
        services.AddSingleton<ReferenceInvalidationInterceptor>();
        services.AddHostedService<PostgresReferenceListener>();
        services.AddHostedService<SqliteCheckpointer>();

        // Every request and job uses a context: they come from a pool (options built once, from configuration and
        // singleton interceptors), and each scope's lease is bound to that scope's organization. Disposing the scope
        // returns the context, unbound, to the pool.
        services.AddPooledDbContextFactory<AppDbContext>(
            (sp, options) => Configure(options, sp, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value, forMigrations: false));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext().Bind(sp.GetRequiredService<TenantContext>()));
        services.AddSingleton<DatabaseMigrator>();
        return services;
    }

    public static void Configure(DbContextOptionsBuilder options, IServiceProvider sp, DatabaseOptions db, bool forMigrations)
    {
        if (db.Provider == DatabaseProvider.Postgres)
        {
            if (forMigrations)
            {
                options.UseNpgsql(db.PostgresMigrationsConnectionString ?? db.PostgresConnectionString);
            }
            else
            {
                options.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>());
            }

            options.AddInterceptors(sp.GetRequiredService<TenantSessionInterceptor>(), sp.GetRequiredService<TenantConnectionInterceptor>());
        }
        else
        {
            options.UseSqlite(db.SqliteConnectionString);
            options.AddInterceptors(new SqliteBusyTimeoutInterceptor(db.SqliteSynchronous));
        }

        // Reference data changed through this node empties its cache (other nodes hear a NOTIFY, see ReferenceCache).
        if (!forMigrations)
        {
            options.AddInterceptors(sp.GetRequiredService<ReferenceInvalidationInterceptor>());
        }

        // Migrations are hand-written (no model snapshot); a test proves the migrated schema equals the model.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }

    /// <summary>
    /// Requests and jobs run the same few dozen statements over and over: Npgsql prepares the frequent ones once per
    /// physical connection, so PostgreSQL parses and plans them once (a fifth of its CPU under the send benchmark). With
    /// prepared statements on a connection, Npgsql also resets it without <c>DISCARD ALL</c>, which kept throwing away
    /// the cached plans of the foreign-key triggers. A <c>Max Auto Prepare</c> set in the connection string wins.
    /// <para>
    /// Nor is a returned connection reset at all (<c>No Reset On Close</c>): the reset is seven statements that
    /// PostgreSQL ran with the next command of every checkout, about two per sent message. Nothing on these
    /// connections leaves session state behind but the organization for row-level security, and that is set again
    /// before the first command of every checkout (<see cref="TenantSessionInterceptor"/>) or is local to a transaction.
    /// Advisory locks and <c>LISTEN</c> live on connections of their own.
    /// </para>
    /// </summary>
    /// <param name="connectionString">The application role's connection string.</param>
    /// <param name="maxPoolSize">A pool size of its own (e.g. 1 for a single writer), else the connection string's.</param>
    public static NpgsqlDataSource AutoPreparedDataSource(string connectionString, int? maxPoolSize = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
        }

        builder.NoResetOnClose = true;
        if (maxPoolSize is { } size)
        {
            builder.MaxPoolSize = size;
        }

        return NpgsqlDataSource.Create(builder.ConnectionString);
    }
}
