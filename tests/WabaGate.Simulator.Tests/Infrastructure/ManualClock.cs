namespace WabaGate.Simulator.Tests.Infrastructure;

/// <summary>The real clock plus an offset the test moves forward; timers stay real so delays still elapse.</summary>
public sealed class ManualClock : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));
}
