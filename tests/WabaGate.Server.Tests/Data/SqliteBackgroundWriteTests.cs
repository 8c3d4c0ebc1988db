using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Data;

/// <summary>
/// A background write commits without an fsync (<c>synchronous = NORMAL</c>) on its own connection only: the pooled
/// connection goes back at the configured setting, also when the writer failed with its transaction still open.
/// </summary>
public sealed class SqliteBackgroundWriteTests
{
    private const int Normal = 1;
    private const int Full = 2;

    [Fact]
    public async Task The_turn_is_relaxed_and_the_connection_goes_back_to_the_pool_at_full()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Sqlite);

        var during = await gateway.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            await using var write = await sp.GetRequiredService<SqliteWriteGate>().BeginBackgroundWriteAsync(db, ct);
            return await SynchronousAsync(db, ct);
        });

        Assert.Equal(Normal, during);
        Assert.All(await PooledSettingsAsync(gateway, ct), s => Assert.Equal(Full, s));
    }

    [Fact]
    public async Task A_writer_that_fails_inside_its_transaction_is_rolled_back_and_its_connection_restored()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Sqlite);
        var org = await gateway.CreateOrganizationAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => gateway.InScopeAsync<bool>(async sp =>
        {
            sp.GetRequiredService<TenantContext>().Set(org.OrgId);
            var db = sp.GetRequiredService<AppDbContext>();
            await using var write = await sp.GetRequiredService<SqliteWriteGate>().BeginBackgroundWriteAsync(db, ct);
            await db.Database.BeginTransactionAsync(ct);
            db.Add(new Contact { OrgId = org.OrgId, WaId = "15550001111" });
            await db.SaveChangesAsync(ct);
            throw new InvalidOperationException("The writer died before its commit.");
        }));

        var contacts = await gateway.InScopeAsync(async sp =>
        {
            sp.GetRequiredService<TenantContext>().Set(org.OrgId);
            return await sp.GetRequiredService<AppDbContext>().Set<Contact>().CountAsync(ct);
        });
        Assert.Equal(0, contacts);
        Assert.All(await PooledSettingsAsync(gateway, ct), s => Assert.Equal(Full, s));
    }

    [Fact]
    public async Task Inside_a_transaction_it_only_takes_the_turn()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Sqlite);

        var (during, stillOpen) = await gateway.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await using (await sp.GetRequiredService<SqliteWriteGate>().BeginBackgroundWriteAsync(db, ct))
            {
            }

            return (await SynchronousAsync(db, ct), db.Database.CurrentTransaction is not null);
        });

        Assert.Equal(Full, during);
        Assert.True(stillOpen);
    }

    /// <summary>The setting of the context's own (open) connection.</summary>
    private static async Task<int> SynchronousAsync(AppDbContext db, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = "PRAGMA synchronous;";
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct));
    }

    /// <summary>Opens more connections at once than the pool can hold idle, so every pooled handle is among them, and reads each one's setting.</summary>
    private static async Task<List<int>> PooledSettingsAsync(GatewayFactory gateway, CancellationToken ct)
    {
        var connectionString = gateway.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.SqliteConnectionString;
        var connections = new List<SqliteConnection>();
        try
        {
            var settings = new List<int>();
            for (var i = 0; i < 32; i++)
            {
                var connection = new SqliteConnection(connectionString);
                connections.Add(connection);
                await connection.OpenAsync(ct);
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA synchronous;";
                settings.Add(Convert.ToInt32(await command.ExecuteScalarAsync(ct)));
            }

            return settings;
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
