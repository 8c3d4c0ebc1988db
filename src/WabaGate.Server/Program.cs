using WabaGate.Server.Data;
using WabaGate.Server.Features.Sandbox;
using WabaGate.Server.Features.Tenancy;
using WabaGate.Server.Infrastructure;
using WabaGate.Server.Infrastructure.Cli;
using WabaGate.Server.Infrastructure.Encryption;
using WabaGate.Server.Infrastructure.Health;
using WabaGate.Server.Infrastructure.Jobs;
using WabaGate.Server.Infrastructure.Observability;
using WabaGate.Server.Infrastructure.OpenApi;
using WabaGate.Server.Infrastructure.Problems;

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
    .AddMeta(builder.Configuration);

var app = builder.Build();

await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();

if (await app.RunCliCommandAsync(args))
{
    return;
}

app.UseGatewayObservability();
app.UseApiProblems();
app.UseAuthentication();
app.UseAuthorization();

app.MapGatewayHealth();
app.MapMetrics();
app.MapGatewayOpenApi();
app.MapSandbox();

var api = app.MapGroup("/api/v1").RequireAuthorization();
api.MapTenancy();
api.MapJobs();

await app.RunAsync();

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
