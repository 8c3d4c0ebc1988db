using WabaGate.Server.Data;
using WabaGate.Server.Infrastructure;
using WabaGate.Server.Infrastructure.Health;
using WabaGate.Server.Infrastructure.Observability;
using WabaGate.Server.Infrastructure.OpenApi;
using WabaGate.Server.Infrastructure.Problems;

var builder = WebApplication.CreateBuilder(args);

builder.AddGatewayLogging();
builder.Services
    .AddGatewayOptions(builder.Configuration)
    .AddDatabase(builder.Configuration)
    .AddApiProblems(builder.Configuration)
    .AddGatewayObservability(builder.Configuration)
    .AddGatewayHealth()
    .AddGatewayOpenApi();

var app = builder.Build();

await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();

app.UseGatewayObservability();
app.UseApiProblems();

app.MapGatewayHealth();
app.MapMetrics();
app.MapGatewayOpenApi();

await app.RunAsync();

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
