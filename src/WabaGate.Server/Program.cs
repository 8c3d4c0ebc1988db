using WabaGate.Server.Data;
using WabaGate.Server.Features.Tenancy;
using WabaGate.Server.Infrastructure;
using WabaGate.Server.Infrastructure.Jobs;

var builder = WebApplication.CreateBuilder(args);

builder.Services
    .AddGatewayOptions(builder.Configuration)
    .AddDatabase(builder.Configuration)
    .AddTenancy()
    .AddJobs(builder.Configuration);

var app = builder.Build();

await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();

app.UseAuthentication();
app.UseAuthorization();

app.MapGet("/health/live", () => "ok");

var api = app.MapGroup("/api/v1").RequireAuthorization();
api.MapTenancy();
api.MapJobs();

await app.RunAsync();

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
