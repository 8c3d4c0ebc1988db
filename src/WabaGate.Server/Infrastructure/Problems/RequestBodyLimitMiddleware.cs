using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace WabaGate.Server.Infrastructure.Problems;

/// <summary>
/// Turns an oversized body into 413 <c>payload_too_large</c>. The body is wrapped in a stream that, on the
/// first read (when routing has chosen the endpoint), resolves the endpoint's limit, refuses a declared
/// <c>Content-Length</c> above it, hands it to the server's own limit feature (Kestrel) and counts bytes for
/// servers without one (the test server) and for chunked bodies.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<HttpProblemsOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength != 0)
        {
            context.Request.Body = new LengthLimitedStream(context.Request.Body, () => Resolve(context));
        }

        return next(context);
    }

    internal static BadHttpRequestException TooLarge(long max)
        => new($"Request body too large. The max request body size is {max} bytes.", StatusCodes.Status413PayloadTooLarge);

    private long? Resolve(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>();
        var limit = metadata is not null ? metadata.MaxRequestBodySize : options.Value.MaxRequestBodyBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        return limit is { } max && context.Request.ContentLength > max ? throw TooLarge(max) : limit;
    }
}
