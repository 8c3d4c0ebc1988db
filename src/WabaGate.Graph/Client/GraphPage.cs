namespace WabaGate.Graph.Client;

/// <summary>One page of a Graph edge: <c>{"data": [...], "paging": {...}}</c>.</summary>
public sealed record GraphPage<T>
{
    public IReadOnlyList<T> Data { get; init; } = [];
    public GraphPaging? Paging { get; init; }

    /// <summary>The cursor of the next page, or null on the last page (Graph omits <c>paging.next</c> there).</summary>
    public string? NextCursor => Paging?.Next is null ? null : Paging.Cursors?.After;
}

/// <summary>Graph cursor paging.</summary>
public sealed record GraphPaging
{
    public GraphCursors? Cursors { get; init; }

    /// <summary>URL of the next page; absent on the last page.</summary>
    public string? Next { get; init; }

    public string? Previous { get; init; }
}

/// <summary>Graph paging cursors.</summary>
public sealed record GraphCursors(string? Before, string? After);

/// <summary>The common <c>{"success": true}</c> response.</summary>
public sealed record GraphSuccess(bool Success);
