namespace WabaGate.Server.Data;

/// <summary>
/// A compiled EF query held once per database provider. A compiled query keeps the executor it built for the first
/// context that ran it, provider and all, so one process that opens both SQLite and PostgreSQL contexts (the test
/// suite, the benchmark's tooling) needs one compilation per provider.
/// </summary>
internal sealed class PerProviderQuery<TQuery>(Func<TQuery> compile)
    where TQuery : class
{
    private readonly Lazy<TQuery> sqlite = new(compile);
    private readonly Lazy<TQuery> postgres = new(compile);

    public TQuery For(AppDbContext db) => db.IsSqlite ? sqlite.Value : postgres.Value;
}
