using Microsoft.Extensions.Options;
using WabaGate.Server.Data;
using WabaGate.Server.Features.Connections;
using WabaGate.Server.Features.Inbox;
using WabaGate.Server.Features.Media;
using WabaGate.Server.Features.Messaging;
using WabaGate.Server.Features.Onboarding;
using WabaGate.Server.Features.Sandbox;
using WabaGate.Server.Features.Tenancy;
using WabaGate.Server.Features.Templates;
using WabaGate.Server.Features.Webhooks;
using WabaGate.Server.Infrastructure;
using WabaGate.Server.Infrastructure.Cli;
using WabaGate.Server.Infrastructure.Encryption;
using WabaGate.Server.Infrastructure.Health;
using WabaGate.Server.Infrastructure.Jobs;
using WabaGate.Server.Infrastructure.Observability;
using WabaGate.Server.Infrastructure.OpenApi;
using WabaGate.Server.Infrastructure.Problems;
using WabaGate.Server.Pages;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? SelfUrl.DefaultUrl);

builder.AddGatewayLogging();
builder.Services
    .AddGatewayOptions(builder.Configuration)
    .AddDatabase(builder.Configuration)
    .AddEncryption(builder.Configuration)
    .AddApiProblems(builder.Configuration)
    .AddGatewayObservability(builder.Configuration)
    .AddGatewayHealth()
    .AddGatewayOpenApi()
    .AddJobs(builder.Configuration)
    .AddTenancy()
    .AddMeta(builder.Configuration)
    .AddWabaConnections()
    .AddOnboarding()
    .AddWebhooks()
    .AddInbox()
    .AddMessaging()
    .AddTemplates()
    .AddMedia()
    .AddWebUi()
    .AddCli();

var app = builder.Build();

if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart || CliDispatcher.IsCommandInvocation(args))
{
    await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
}

// `wabagate admin create-org …`, `wabagate migrate`, `wabagate keys rotate-master`: run the command and exit.
if (await app.RunCliCommandAsync(args))
{
    return;
}

await app.BootstrapSandboxAsync();

app.UseGatewayObservability();
app.UseApiProblems();
app.UseWebUi();
app.UseAuthentication();
app.UseCookieApiRequestGuard();
app.UseTenantLogScope();
app.UseAuthorization();
app.UseRateLimiter();

app.MapGatewayHealth();
app.MapMetrics();
app.MapGatewayOpenApi();
app.MapSandbox();
app.MapMetaWebhooks();
app.MapRazorPages();

var api = app.MapGroup("/api/v1").RequireAuthorization();
api.MapTenancy();
api.MapJobs();
api.MapConnections();
api.MapOnboarding();
api.MapWebhookEvents();
api.MapTemplates();
api.MapMediaUpload();
api.MapMessaging();
api.MapMediaContent();
api.MapConversations();
api.MapLiveEvents();

await app.RunAsync();

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
