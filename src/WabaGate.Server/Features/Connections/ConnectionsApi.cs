using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Tenancy;
using WabaGate.Server.Infrastructure.Idempotency;
using WabaGate.Server.Infrastructure.Paging;
using WabaGate.Server.Infrastructure.Problems;

namespace WabaGate.Server.Features.Connections;

internal static class ConnectionsApi
{
    public static RouteGroupBuilder MapConnections(this RouteGroupBuilder api)
    {
        var connections = api.MapGroup("/connections").WithTags("Connections");
        connections.MapGet("/", List).WithSummary("The organization's connections (never their tokens or secrets).");
        connections.MapGet("/{id:guid}", Get).WithSummary("One connection with its phone numbers (and, for manual ones, the webhook settings).");
        connections.MapPost("/", Create).RequireAuthorization(TenancyPolicies.OrgAdmin)
            .WithSummary("Manual connect with your own Meta app's token and secret; returns the connection's own webhook URL and verify token.")
            .WithDescription("With an Idempotency-Key header, the same key and body return the first connection again; another body is 409 idempotency_key_reused.");
        connections.MapPatch("/{id:guid}", Update).RequireAuthorization(TenancyPolicies.OrgAdmin).WithSummary("Enable, disable, rename, or turn automatic mark-as-read on or off.");
        connections.MapDelete("/{id:guid}", Disconnect).RequireAuthorization(TenancyPolicies.OrgAdmin)
            .WithSummary("Disconnect: unsubscribe the app, destroy the token, keep the history.");
        connections.MapPost("/{id:guid}/health-check", HealthCheck).RequireAuthorization(TenancyPolicies.OrgAdmin)
            .WithSummary("Check the token, the subscription and the numbers now.");
        api.MapGet("/phone-numbers", PhoneNumbers).WithTags("Connections").WithSummary("Every phone number of every connection of the organization.");
        return api;
    }

    private static async Task<Results<Ok<ItemsResponse<ConnectionDto>>, ProblemHttpResult>> List(
        int? limit, string? cursor, AppDbContext db, ConnectionViews views, CancellationToken ct)
    {
        var (page, errors) = Page(limit, cursor);
        if (errors is not null)
        {
            return ApiResults.ValidationFailed(errors);
        }

        var rows = await db.Set<Connection>().AsNoTracking().ToPageAsync(page, c => c.Id, c => c, ct);
        return TypedResults.Ok(new ItemsResponse<ConnectionDto>(await views.ViewAllAsync(rows.Items, ct), rows.NextCursor));
    }

    private static async Task<Ok<ConnectionDto>> Get(Guid id, AppDbContext db, ConnectionViews views, CancellationToken ct)
        => TypedResults.Ok(await views.ViewAsync(await FindAsync(db, id, ct), ct));

    private static async Task<Created<ConnectionDto>> Create(
        CreateConnectionRequest request, HttpRequest http, ClaimsPrincipal principal, ManualConnectService manual, IdempotencyKeys idempotency,
        AppDbContext db, ConnectionViews views, CancellationToken ct)
    {
        var claim = IdempotencyKeys.From(http, "connections.create", request);
        if (claim is not null && await idempotency.FindAsync(claim, ct) is { } earlier)
        {
            return TypedResults.Created($"/api/v1/connections/{earlier}", await views.ViewAsync(await FindAsync(db, earlier, ct), ct));
        }

        var connection = await manual.ConnectAsync(Caller.From(principal), request, ct);
        if (claim is not null && await idempotency.RememberAsync(claim, connection.Id, ct) is var first && first != connection.Id)
        {
            connection = await FindAsync(db, first, ct);
        }

        return TypedResults.Created($"/api/v1/connections/{connection.Id}", await views.ViewAsync(connection, ct));
    }

    private static async Task<Ok<ConnectionDto>> Update(
        Guid id, UpdateConnectionRequest request, AppDbContext db, ConnectionViews views, TimeProvider clock, CancellationToken ct)
    {
        var connection = await FindAsync(db, id, ct);
        if (request.Name is { } name)
        {
            connection.Name = string.IsNullOrWhiteSpace(name) || name.Length > 200
                ? throw ApiProblemException.Validation("name", "The name must be 1 to 200 characters.")
                : name.Trim();
        }

        connection.Enabled = request.Enabled ?? connection.Enabled;
        connection.AutoMarkRead = request.AutoMarkRead ?? connection.AutoMarkRead;
        connection.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await views.ViewAsync(connection, ct));
    }

    private static async Task<NoContent> Disconnect(Guid id, AppDbContext db, ConnectionLifecycle lifecycle, CancellationToken ct)
    {
        await lifecycle.DisconnectAsync(await FindAsync(db, id, ct), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<HealthCheckResponse>> HealthCheck(Guid id, AppDbContext db, ConnectionHealth health, CancellationToken ct)
        => TypedResults.Ok(await health.CheckAsync(await FindAsync(db, id, ct), ct));

    private static async Task<Results<Ok<ItemsResponse<PhoneNumberDto>>, ProblemHttpResult>> PhoneNumbers(
        int? limit, string? cursor, AppDbContext db, CancellationToken ct)
    {
        var (page, errors) = Page(limit, cursor);
        return errors is not null
            ? ApiResults.ValidationFailed(errors)
            : TypedResults.Ok(await db.Set<PhoneNumber>().AsNoTracking().ToPageAsync(page, p => p.Id, PhoneNumberDto.From, ct));
    }

    private static async Task<Connection> FindAsync(AppDbContext db, Guid id, CancellationToken ct)
        => await db.Set<Connection>().SingleOrDefaultAsync(c => c.Id == id, ct) ?? throw ApiProblemException.NotFound("No connection with this id.");

    /// <summary>Newest first, like every list of the API; the errors when the query values are bad.</summary>
    private static (IdPage Page, IReadOnlyDictionary<string, string[]>? Errors) Page(int? limit, string? cursor)
    {
        var errors = new Dictionary<string, string[]>();
        var page = IdPage.Parse(limit, cursor, errors);
        return (page, errors.Count > 0 ? errors.AsReadOnly() : null);
    }
}
