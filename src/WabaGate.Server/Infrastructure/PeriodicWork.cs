namespace WabaGate.Server.Infrastructure;

/// <summary>
/// The loop of a periodic background service: a round now (optionally) and then one every interval until the host
/// stops. A round that fails is reported and the next one runs on time; stopping ends the loop quietly.
/// </summary>
internal static class PeriodicWork
{
    public static async Task RunAsync(
        TimeSpan interval, TimeProvider clock, bool roundAtStart, Func<CancellationToken, Task> round, Action<Exception> failed, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            if (roundAtStart)
            {
                await RoundAsync();
            }

            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RoundAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }

        async Task RoundAsync()
        {
            try
            {
                await round(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                failed(exception);
            }
        }
    }
}
