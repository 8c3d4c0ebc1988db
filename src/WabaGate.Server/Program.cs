using WabaGate.Server.Data;
using WabaGate.Server.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.Services
    .AddGatewayOptions(builder.Configuration)
    .AddDatabase(builder.Configuration);

var app = builder.Build();

await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();

app.MapGet("/health/live", () => "ok");

await app.RunAsync();

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
