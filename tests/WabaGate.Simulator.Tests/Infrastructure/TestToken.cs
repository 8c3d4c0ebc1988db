global using static WabaGate.Simulator.Tests.Infrastructure.TestToken;

namespace WabaGate.Simulator.Tests.Infrastructure;

/// <summary>The current test's cancellation token, short.</summary>
public static class TestToken
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;
}
