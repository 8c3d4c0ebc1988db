using Microsoft.Extensions.Options;
using WabaGate.Server.Data;
using WabaGate.Server.Features.Tenancy;
using WabaGate.Server.Infrastructure;
using WabaGate.Server.Infrastructure.Cli;
using WabaGate.Server.Pages;

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls(PublicBaseUrl.Default);
}

builder.Services
    .AddGatewayOptions(builder.Configuration)
    .AddDatabase(builder.Configuration)
    .AddTenancy()
    .AddWebUi()
    .AddCli();

var app = builder.Build();

var migrateOnStart = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart;
if (migrateOnStart || CliDispatcher.IsCommandInvocation(args))
{
    await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
}

// `wabagate admin create-org …`, `wabagate migrate`: run the command and exit without serving.
if (await app.RunCliCommandAsync(args))
{
    return;
}

await app.BootstrapSandboxAsync();

app.UseWebUi();
app.UseAuthentication();
app.UseCookieApiRequestGuard();
app.UseAuthorization();

app.MapGet("/health/live", () => "ok");

var api = app.MapGroup("/api/v1").RequireAuthorization();
api.MapTenancy();

app.MapRazorPages();

await app.RunAsync();

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
