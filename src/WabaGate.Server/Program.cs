using WabaGate.Server.Data;
using WabaGate.Server.Features.Sandbox;
using WabaGate.Server.Features.Tenancy;
using WabaGate.Server.Infrastructure;
using WabaGate.Server.Infrastructure.Cli;
using WabaGate.Server.Infrastructure.Encryption;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? SelfUrl.DefaultUrl);

builder.Services
    .AddGatewayOptions(builder.Configuration)
    .AddDatabase(builder.Configuration)
    .AddEncryption(builder.Configuration)
    .AddTenancy()
    .AddMeta(builder.Configuration);

var app = builder.Build();

await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();

if (await app.RunCliCommandAsync(args))
{
    return;
}

app.UseAuthentication();
app.UseAuthorization();

app.MapGet("/health/live", () => "ok");

app.MapSandbox();

var api = app.MapGroup("/api/v1").RequireAuthorization();
api.MapTenancy();

await app.RunAsync();

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
