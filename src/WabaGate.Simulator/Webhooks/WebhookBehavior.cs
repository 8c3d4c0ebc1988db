namespace WabaGate.Simulator.Webhooks;

/// <summary>
/// How the dispatcher misbehaves on purpose, like Meta can: batch several changes into one delivery,
/// deliver each delivery twice, deliver a group in reverse order. Set through the control API.
/// </summary>
internal sealed record WebhookBehavior
{
    /// <summary>Changes merged into one delivery (1 = no batching).</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>Send every delivery twice.</summary>
    public bool Duplicate { get; init; }

    /// <summary>Send each group of gathered deliveries in reverse order.</summary>
    public bool Reorder { get; init; }

    /// <summary>How long the dispatcher waits to gather events when batching or reordering.</summary>
    public TimeSpan GatherWindow { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Events gathered at most before a reordered group is sent.</summary>
    public int ReorderGroupSize { get; init; } = 10;

    public bool Gathers => BatchSize > 1 || Reorder;
}

/// <summary>The current behaviour, swapped atomically.</summary>
internal sealed class WebhookBehaviorHolder
{
    private WebhookBehavior _current = new();

    public WebhookBehavior Current
    {
        get => Volatile.Read(ref _current);
        set => Volatile.Write(ref _current, value);
    }
}
