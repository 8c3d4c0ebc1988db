using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WabaGate.Graph.Json;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Tenancy;
using WabaGate.Server.Infrastructure.Paging;
using WabaGate.Server.Infrastructure.Problems;

namespace WabaGate.Server.Features.Templates;

internal static class TemplatesApi
{
    public static RouteGroupBuilder MapTemplates(this RouteGroupBuilder api)
    {
        var templates = api.MapGroup("/templates").WithTags("Templates");
        templates.MapGet("/", List).WithSummary("The organization's templates, newest first; filter by connectionId and status (APPROVED, PENDING, REJECTED…).");
        templates.MapGet("/{id:guid}", Get).WithSummary("One template with Meta's components.");
        templates.MapPost("/", Create).RequireAuthorization(TenancyPolicies.OrgAdmin)
            .WithSummary("Create a template and submit it to Meta for review (201, status PENDING); Meta's rules are checked first (422 template_invalid).");
        templates.MapDelete("/{id:guid}", Delete).RequireAuthorization(TenancyPolicies.OrgAdmin)
            .WithSummary("Delete the template (this language) at Meta and locally.");
        templates.MapPost("/{id:guid}/preview", Preview)
            .WithSummary("Render the template with the parameters a send would take (422 template_parameters_mismatch when they do not fit).");
        templates.MapPost("/sync", Sync).RequireAuthorization(TenancyPolicies.OrgAdmin)
            .WithSummary("Pull every page of templates from Meta now, for one connection or every active one; returns what changed.");
        return api;
    }

    private static async Task<Results<Ok<ItemsResponse<TemplateDto>>, ProblemHttpResult>> List(
        Guid? connectionId, string? status, int? limit, string? cursor, AppDbContext db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var page = IdPage.Parse(limit, cursor, errors);
        if (errors.Count > 0)
        {
            return ApiResults.ValidationFailed(errors);
        }

        var query = db.Set<Template>().AsNoTracking();
        if (connectionId is { } connection)
        {
            query = query.Where(t => t.ConnectionId == connection);
        }

        if (status is { Length: > 0 })
        {
            var wanted = status.ToUpperInvariant();
            query = query.Where(t => t.Status == wanted);
        }

        return TypedResults.Ok(await query.ToPageAsync(page, t => t.Id, TemplateDto.From, ct));
    }

    private static async Task<Ok<TemplateDto>> Get(Guid id, AppDbContext db, CancellationToken ct)
        => TypedResults.Ok(TemplateDto.From(await FindAsync(db, id, ct)));

    private static async Task<Created<TemplateDto>> Create(SubmitTemplateRequest request, TemplateService templates, CancellationToken ct)
    {
        var template = await templates.CreateAsync(request, ct);
        return TypedResults.Created($"/api/v1/templates/{template.Id}", TemplateDto.From(template));
    }

    private static async Task<NoContent> Delete(Guid id, AppDbContext db, TemplateService templates, CancellationToken ct)
    {
        await templates.DeleteAsync(await FindAsync(db, id, ct), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<TemplatePreviewResponse>, ProblemHttpResult>> Preview(
        Guid id, PreviewTemplateRequest? request, AppDbContext db, CancellationToken ct)
    {
        var template = await FindAsync(db, id, ct);
        var fit = TemplateFitter.Fit(TemplateCatalog.Shape(template), request?.Parameters);
        if (fit is not { Content: { } content, Preview: { } preview })
        {
            return ApiResults.Problem(TemplateCatalog.ParametersMismatch, StatusCodes.Status422UnprocessableEntity, fit.Error ?? "The parameters do not fit.");
        }

        return TypedResults.Ok(new TemplatePreviewResponse(template.Id, preview, JsonSerializer.SerializeToElement(content, GraphJsonContext.Default.TemplateContent)));
    }

    private static async Task<Ok<ItemsResponse<TemplateSyncResult>>> Sync(
        Guid? connectionId, AppDbContext db, TemplateService templates, TemplateSync sync, CancellationToken ct)
    {
        var connections = connectionId is { } id
            ? [await templates.ActiveConnectionAsync(id, ct)]
            : await db.Set<Connection>().AsNoTracking().Where(c => c.Status == ConnectionStatus.Active).OrderBy(c => c.CreatedAt).ToListAsync(ct);
        var results = new List<TemplateSyncResult>();
        foreach (var connection in connections)
        {
            results.Add(await sync.SyncAsync(connection, ct));
        }

        return TypedResults.Ok(new ItemsResponse<TemplateSyncResult>(results, null));
    }

    private static async Task<Template> FindAsync(AppDbContext db, Guid id, CancellationToken ct)
        => await db.Set<Template>().SingleOrDefaultAsync(t => t.Id == id, ct) ?? throw ApiProblemException.NotFound("No template with this id.");
}
