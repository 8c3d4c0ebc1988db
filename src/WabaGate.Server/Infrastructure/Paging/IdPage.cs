using System.Buffers.Text;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Features.Tenancy;

namespace WabaGate.Server.Infrastructure.Paging;

/// <summary>
/// One page of a list, newest first: <c>?limit=</c> (default 50, max 200) and <c>?cursor=</c>, the last id of
/// the previous page as base64url of its 16 big-endian bytes (ids are UUIDv7, so they are time-ordered).
/// </summary>
internal readonly record struct IdPage(int Limit, Guid? Before)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>Reads the query values, adding a message per bad field to <paramref name="errors"/>.</summary>
    public static IdPage Parse(int? limit, string? cursor, Dictionary<string, string[]> errors)
    {
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"Use 1 to {MaxLimit}."];
        }

        Guid? before = null;
        if (cursor is not null)
        {
            if (TryDecode(cursor, out var id))
            {
                before = id;
            }
            else
            {
                errors["cursor"] = ["Not a cursor from this list."];
            }
        }

        return new IdPage(limit ?? DefaultLimit, before);
    }

    public static string Encode(Guid id) => Base64Url.EncodeToString(id.ToByteArray(bigEndian: true));

    private static bool TryDecode(string cursor, out Guid id)
    {
        id = Guid.Empty;
        Span<byte> bytes = stackalloc byte[16];
        if (!Base64Url.IsValid(cursor, out var length) || length != 16
            || !Base64Url.TryDecodeFromChars(cursor, bytes, out var written) || written != 16)
        {
            return false;
        }

        id = new Guid(bytes, bigEndian: true);
        return true;
    }
}

internal static class IdPageQueryExtensions
{
    /// <summary>Runs <paramref name="query"/> for one page, ordered by <paramref name="id"/> descending.</summary>
    public static async Task<ItemsResponse<TDto>> ToPageAsync<T, TDto>(
        this IQueryable<T> query, IdPage page, Expression<Func<T, Guid>> id, Func<T, TDto> map, CancellationToken ct)
    {
        if (page.Before is { } before)
        {
            var older = Expression.Lambda<Func<T, bool>>(Expression.LessThan(id.Body, Expression.Constant(before)), id.Parameters);
            query = query.Where(older);
        }

        var rows = await query.OrderByDescending(id).Take(page.Limit + 1).ToListAsync(ct);
        var next = rows.Count > page.Limit ? IdPage.Encode(id.Compile()(rows[page.Limit - 1])) : null;
        return new ItemsResponse<TDto>(rows.Take(page.Limit).Select(map).ToList(), next);
    }
}
