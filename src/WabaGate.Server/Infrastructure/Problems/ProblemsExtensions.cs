using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace WabaGate.Server.Infrastructure.Problems;

internal static class ProblemsExtensions
{
    /// <summary>
    /// Problem details for every error: the always-JSON writer, the exception handler, minimal-API binding
    /// failures raised as exceptions (so they map to <c>malformed_json</c>/<c>unsupported_media_type</c>), and
    /// the default request body limit (<c>Http:MaxRequestBodyBytes</c>).
    /// </summary>
    public static IServiceCollection AddApiProblems(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HttpProblemsOptions>()
            .Bind(configuration.GetSection(HttpProblemsOptions.Section))
            .Validate(o => o.MaxRequestBodyBytes > 0, "Http:MaxRequestBodyBytes must be positive.")
            .ValidateOnStart();

        // Registered before AddProblemDetails so it is the first writer asked (and it always accepts).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProblemDetailsWriter, ProblemJsonWriter>());
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddSingleton<IExceptionProblemMapper, GraphProblemMapper>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, KestrelBodyLimit>();
        return services;
    }

    /// <summary>Exception handler, status-code pages (bare 4xx/5xx → problem) and the body limit, in that order.</summary>
    public static IApplicationBuilder UseApiProblems(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        return app;
    }

    private sealed class KestrelBodyLimit(IOptions<HttpProblemsOptions> options) : IConfigureOptions<KestrelServerOptions>
    {
        public void Configure(KestrelServerOptions kestrel) => kestrel.Limits.MaxRequestBodySize = options.Value.MaxRequestBodyBytes;
    }
}
