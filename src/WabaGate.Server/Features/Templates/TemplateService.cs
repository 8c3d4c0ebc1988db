using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WabaGate.Graph.Client;
using WabaGate.Graph.Errors;
using WabaGate.Graph.Json;
using WabaGate.Graph.Templates;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Connections;
using WabaGate.Server.Features.Inbox;
using WabaGate.Server.Infrastructure.Problems;

namespace WabaGate.Server.Features.Templates;

/// <summary>Creates (validated locally first, then submitted to Meta) and deletes templates; failures are <see cref="ApiProblemException"/>s.</summary>
internal sealed class TemplateService(
    AppDbContext db, GraphClient graph, ConnectionSecrets secrets, ILiveEvents live, TimeProvider clock, ILogger<TemplateService> logger)
{
    public const string Invalid = "template_invalid";
    public const string Exists = "template_exists";
    public const string ConnectionNotActive = "connection_not_active";

    /// <summary>Meta's "content in this language already exists" subcode.</summary>
    private const int AlreadyExistsSubcode = 2388024;

    public async Task<Template> CreateAsync(SubmitTemplateRequest request, CancellationToken ct)
    {
        if (TemplateValidator.Validate(request) is { Count: > 0 } errors)
        {
            throw new ApiProblemException(Invalid, StatusCodes.Status422UnprocessableEntity,
                "The template breaks Meta's rules (see errors); nothing was sent to Meta.") { Errors = errors };
        }

        var connection = await ActiveConnectionAsync(request.ConnectionId!.Value, ct);
        var (name, language) = (request.Name!, request.Language!);
        if (await db.Set<Template>().AnyAsync(t => t.ConnectionId == connection.Id && t.Name == name && t.Language == language, ct))
        {
            throw ApiProblemException.Conflict(Exists, $"The connection already has a template '{name}' in {language}.");
        }

        var components = request.Components!.Value.EnumerateArray()
            .Select(c => c.Deserialize(GraphJsonContext.Default.TemplateComponentDefinition)!)
            .ToList();
        var named = string.Equals(request.ParameterFormat, "named", StringComparison.OrdinalIgnoreCase);
        var submission = new Graph.Templates.CreateTemplateRequest
        {
            Name = name,
            Language = language,
            Category = request.Category!.ToUpperInvariant(),
            ParameterFormat = request.ParameterFormat is null ? null : named ? "named" : "positional",
            AllowCategoryChange = request.AllowCategoryChange,
            Components = components,
        };

        CreateTemplateResponse created;
        try
        {
            created = await graph.CreateTemplateAsync(connection.WabaId, submission, await TokenAsync(connection, ct), ct);
        }
        catch (GraphApiException error) when (error.Subcode == AlreadyExistsSubcode)
        {
            throw new ApiProblemException(Exists, StatusCodes.Status409Conflict, $"Meta already has a template '{name}' in {language}; sync templates to see it.")
            { Meta = MetaErrorInfo.From(error) };
        }
        catch (GraphApiException error) when (error.Code == 100)
        {
            throw new ApiProblemException(Invalid, StatusCodes.Status422UnprocessableEntity, $"Meta refused the template: {error.GraphMessage}")
            { Meta = MetaErrorInfo.From(error) };
        }

        var now = clock.GetUtcNow();
        var template = new Template
        {
            OrgId = connection.OrgId,
            ConnectionId = connection.Id,
            MetaId = created.Id,
            Name = name,
            Language = language,
            Category = (created.Category ?? submission.Category).ToUpperInvariant(),
            Status = (created.Status ?? TemplateStatuses.Pending).ToUpperInvariant(),
            ParameterFormat = named ? "NAMED" : "POSITIONAL",
            Components = TemplateSync.ComponentsJson(components),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Add(template);
        await db.SaveChangesAsync(ct);
        await live.PublishAsync(connection.OrgId, LiveEventTypes.TemplateUpdated, TemplateDto.From(template), ct);
        TemplatesLog.Submitted(logger, template.Id, created.Id, connection.Id);
        return template;
    }

    /// <summary>Deletes this language of the template at Meta (by its id) and locally; one Meta no longer has is just removed.</summary>
    public async Task DeleteAsync(Template template, CancellationToken ct)
    {
        var connection = await db.Set<Connection>().SingleAsync(c => c.Id == template.ConnectionId, ct);
        if (connection.Status == ConnectionStatus.Active && template.MetaId is not null)
        {
            try
            {
                await graph.DeleteTemplateAsync(connection.WabaId, template.Name, await TokenAsync(connection, ct), template.MetaId, ct);
            }
            catch (GraphApiException error) when (error.Code == 100)
            {
                // Meta does not know it (already deleted there): removing it here is all that is left to do.
            }
        }

        db.Remove(template);
        await db.SaveChangesAsync(ct);
        await live.PublishAsync(template.OrgId, LiveEventTypes.TemplateUpdated, TemplateDto.From(template) with { Status = TemplateStatuses.Deleted }, ct);
        TemplatesLog.Deleted(logger, template.Id, template.ConnectionId);
    }

    public async Task<Connection> ActiveConnectionAsync(Guid connectionId, CancellationToken ct)
    {
        var connection = await db.Set<Connection>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == connectionId, ct)
            ?? throw ApiProblemException.NotFound("No connection with this id.");
        return connection.Status == ConnectionStatus.Active
            ? connection
            : throw ApiProblemException.Conflict(ConnectionNotActive, "The connection is not active; finish or repair it on the WhatsApp page first.");
    }

    private async Task<string> TokenAsync(Connection connection, CancellationToken ct)
        => await secrets.AccessTokenAsync(connection, ct)
            ?? throw ApiProblemException.Conflict(ConnectionNotActive, "The connection has no access token; connect the account again.");
}
