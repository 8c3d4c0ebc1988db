using Microsoft.AspNetCore.Http.Metadata;

namespace WabaGate.Server.Infrastructure.Problems;

/// <summary>
/// Per-endpoint request body limit. Every endpoint gets <see cref="HttpProblemsOptions.MaxRequestBodyBytes"/>
/// (1 MB) unless it says otherwise, e.g. the Meta webhook:
/// <code>group.MapPost("/webhooks/meta", Receive).WithRequestBodyLimit(3 * 1024 * 1024);</code>
/// Beyond the limit the caller gets 413 <c>payload_too_large</c>. Routing applies this metadata to
/// Kestrel's limit; <see cref="RequestBodyLimitMiddleware"/> enforces it on servers without that feature.
/// </summary>
internal sealed class RequestBodyLimitMetadata(long? maxRequestBodySize) : IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize { get; } = maxRequestBodySize;
}

internal static class RequestBodyLimitExtensions
{
    /// <summary>Allows request bodies up to <paramref name="maxBytes"/> on these endpoints.</summary>
    public static TBuilder WithRequestBodyLimit<TBuilder>(this TBuilder builder, long maxBytes)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        return builder.WithMetadata(new RequestBodyLimitMetadata(maxBytes));
    }
}

/// <summary>The <c>Http</c> configuration section.</summary>
internal sealed class HttpProblemsOptions
{
    public const string Section = "Http";

    /// <summary>Default request body limit in bytes (<c>Http:MaxRequestBodyBytes</c>, default 1 MB).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
