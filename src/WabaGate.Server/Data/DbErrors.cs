using Microsoft.EntityFrameworkCore;

namespace WabaGate.Server.Data;

/// <summary>Recognises a unique-index violation on either provider (how concurrent workers learn they lost a race).</summary>
internal static class DbErrors
{
    public static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        _ => false,
    };
}
