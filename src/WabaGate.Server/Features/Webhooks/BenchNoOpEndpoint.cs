using WabaGate.Server.Infrastructure.Problems;

namespace WabaGate.Server.Features.Webhooks;

/// <summary>
/// <c>POST /bench/noop</c>, mapped only when <c>Bench:NoOpEndpoint=true</c>: reads the body like the webhook endpoint
/// and answers 200 without verifying or storing anything — the same server's ceiling in the webhook benchmark.
/// (<c>/health/live</c> is a GET without a body, so it would not measure the same request.)
/// </summary>
internal static class BenchNoOpEndpoint
{
    public static void MapBenchNoOp(this WebApplication app)
    {
        if (!app.Configuration.GetValue<bool>("Bench:NoOpEndpoint"))
        {
            return;
        }

        app.MapPost("/bench/noop", async (HttpRequest request, CancellationToken ct) =>
            {
                using var buffer = new MemoryStream();
                await request.Body.CopyToAsync(buffer, ct);
                return TypedResults.Ok();
            })
            .AllowAnonymous().ExcludeFromDescription().WithRequestBodyLimit(MetaWebhookEndpoints.MaxBodyBytes);
    }
}
