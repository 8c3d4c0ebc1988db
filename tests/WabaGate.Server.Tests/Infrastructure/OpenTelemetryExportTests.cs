using System.Net;

namespace WabaGate.Server.Tests.Infrastructure;

public sealed class OpenTelemetryExportTests
{
    [Fact]
    public async Task Server_runs_and_stops_with_an_unreachable_otlp_endpoint()
    {
        await using var gateway = await TestGateway.CreateAsync(settings: new Dictionary<string, string?>
        {
            ["OpenTelemetry:OtlpEndpoint"] = "http://127.0.0.1:9/",
            ["OpenTelemetry:OtlpProtocol"] = "HttpProtobuf",
        });
        var response = await gateway.CreateClient().GetAsync(new Uri("/health/live", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
