using WabaGate.Server.Data;
using WabaGate.Server.Infrastructure.Observability;

namespace WabaGate.Server.Features.Tenancy;

internal static class TenantLogScope
{
    /// <summary>Every log line written while handling an authenticated request names the caller's organization.</summary>
    public static IApplicationBuilder UseTenantLogScope(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("WabaGate.Requests");
        return app.Use(async (context, next) =>
        {
            var orgId = context.RequestServices.GetRequiredService<TenantContext>().OrgId;
            using var scope = orgId is null ? null : logger.BeginGatewayScope(organizationId: orgId);
            await next(context);
        });
    }
}
