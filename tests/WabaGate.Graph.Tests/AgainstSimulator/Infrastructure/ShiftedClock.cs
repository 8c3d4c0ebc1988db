namespace WabaGate.Graph.Tests.AgainstSimulator.Infrastructure;

/// <summary>The real clock plus an offset the test moves forward; timers stay real so the simulator's delays still elapse.</summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));
}
