using Microsoft.Extensions.Options;
using WabaGate.Graph.Client;
using WabaGate.Server.Infrastructure;
using WabaGate.Simulator;

namespace WabaGate.Server.Features.Sandbox;

internal static class MetaServiceCollectionExtensions
{
    /// <summary>
    /// The Meta side of the gateway: the <c>Meta</c> options and the Graph client — pointed at Meta in
    /// production, and at the built-in simulator (over real HTTP, like any Graph call) in sandbox mode.
    /// </summary>
    public static IServiceCollection AddMeta(this IServiceCollection services, IConfiguration configuration)
    {
        var sandbox = WabaGateOptions.ResolveMode(configuration) == GatewayMode.Sandbox;
        services.AddSingleton<SelfUrl>();

        var meta = services.AddOptions<MetaOptions>().Bind(configuration.GetSection(MetaOptions.Section));
        if (sandbox)
        {
            var app = SandboxApp.LoadOrCreate(configuration);
            meta.PostConfigure(o =>
            {
                (o.AppId, o.AppSecret, o.ConfigId, o.WebhookVerifyToken) = (app.AppId, app.AppSecret, app.ConfigId, app.WebhookVerifyToken);
                o.SdkUrl = SandboxPaths.Prefix + "/sdk.js";
            });
            services.AddMetaSimulator(o =>
            {
                o.Prefix = SandboxPaths.Prefix;
                (o.AppId, o.AppSecret, o.WebhookVerifyToken) = (app.AppId, app.AppSecret, app.WebhookVerifyToken);
            });
            services.AddHostedService<SandboxCallbackWiring>();
        }
        else
        {
            meta.Validate(o => !o.MissingForProduction().Any(), "Production mode needs Meta:AppId, Meta:AppSecret, Meta:ConfigId and Meta:WebhookVerifyToken.")
                .ValidateOnStart();
        }

        services.AddGraphClient(_ => { });
        services.AddOptions<GraphClientOptions>().Configure<IOptions<MetaOptions>, SelfUrl>((graph, metaOptions, self) =>
        {
            var m = metaOptions.Value;
            graph.BaseUrl = m.GraphBaseUrl ?? (sandbox ? self.Value + SandboxPaths.Prefix + "/graph" : "https://graph.facebook.com");
            graph.Version = m.GraphVersion;
            graph.AppId = m.AppId;
            graph.AppSecret = m.AppSecret;
        });
        return services;
    }
}

internal static class SandboxPaths
{
    public const string Prefix = "/sandbox/meta";
}

internal static class SandboxEndpoints
{
    /// <summary>Maps the simulated Meta under <c>/sandbox/meta</c> — in sandbox mode only; production has no such routes.</summary>
    public static WebApplication MapSandbox(this WebApplication app)
    {
        if (app.Services.GatewayOptions().IsSandbox)
        {
            app.MapMetaSimulator().WithTags("Sandbox").ExcludeFromDescription();
        }

        return app;
    }
}
