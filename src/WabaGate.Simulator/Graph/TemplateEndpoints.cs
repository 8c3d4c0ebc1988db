using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WabaGate.Simulator.State;
using WabaGate.Simulator.Wire;

namespace WabaGate.Simulator.Graph;

/// <summary><c>GET|POST|DELETE /{waba}/message_templates</c> with cursor paging (§6).</summary>
internal static partial class TemplateEndpoints
{
    private static readonly string[] Categories = ["MARKETING", "UTILITY", "AUTHENTICATION"];

    public static void Map(RouteGroupBuilder graph)
    {
        graph.MapGet("/{id}/message_templates", List).WithMetadata(new GraphOperation("message_templates"));
        graph.MapPost("/{id}/message_templates", Create).WithMetadata(new GraphOperation("message_templates"));
        graph.MapDelete("/{id}/message_templates", Delete).WithMetadata(new GraphOperation("message_templates"));
    }

    public static JsonObject Render(SimTemplate t)
    {
        var o = new JsonObject
        {
            ["name"] = t.Name,
            ["parameter_format"] = t.ParameterFormat,
            ["components"] = t.Components.DeepClone(),
            ["language"] = t.Language,
            ["status"] = t.Status,
            ["category"] = t.Category,
        };
        if (t.RejectedReason is not null) o["rejected_reason"] = t.RejectedReason;
        o["id"] = t.Id;
        return o;
    }

    private static GraphResult List(HttpContext http, SimulatorState state, string id)
    {
        if (PhoneNumberEndpoints.AccessibleWaba(http, state, id) is not { } waba) return GraphResult.Error(GraphErrors.ObjectNotFound(id));
        var p = GraphContext.Get(http).Params;
        IEnumerable<SimTemplate> items = state.TemplatesOf(waba.Id);
        if (p.Str("name") is { Length: > 0 } name) items = items.Where(t => t.Name.Contains(name, StringComparison.Ordinal));
        if (ListParam(p.Str("status")) is { } statuses) items = items.Where(t => statuses.Contains(t.Status));
        if (ListParam(p.Str("category")) is { } categories) items = items.Where(t => categories.Contains(t.Category));
        if (ListParam(p.Str("language")) is { } languages) items = items.Where(t => languages.Contains(t.Language));
        lock (state.Gate)
        {
            return GraphResult.Ok(Paging.Page(http, [.. items], t => t.Id, t => Render(t), state.Options.TemplatePageSize));
        }
    }

    private static HashSet<string>? ListParam(string? value) =>
        string.IsNullOrEmpty(value) ? null : new HashSet<string>(value.Trim('[', ']').Split(',').Select(v => v.Trim().Trim('"')), StringComparer.OrdinalIgnoreCase);

    private static GraphResult Create(HttpContext http, SimulatorState state, string id)
    {
        if (PhoneNumberEndpoints.AccessibleWaba(http, state, id) is not { } waba) return GraphResult.Error(GraphErrors.ObjectNotFound(id, "post"));
        var p = GraphContext.Get(http).Params;
        var name = p.Str("name");
        var language = p.Str("language");
        var category = p.Str("category")?.ToUpperInvariant();
        if (string.IsNullOrEmpty(name) || !NamePattern().IsMatch(name)) return Invalid("Invalid template name", "Template names may contain only lowercase letters, digits and underscores (at most 512).");
        if (string.IsNullOrEmpty(language)) return Invalid("Missing language", "The parameter language is required.");
        if (category is null || !Categories.Contains(category)) return Invalid("Invalid category", "Param category must be one of {MARKETING, UTILITY, AUTHENTICATION}.");
        if (p["components"] is not JsonArray components || (components.Count == 0 && category != "AUTHENTICATION"))
        {
            return Invalid("Missing components", "The parameter components is required.");
        }

        if (category != "AUTHENTICATION" && !components.Any(c => string.Equals(c?["type"]?.GetValue<string>(), "BODY", StringComparison.OrdinalIgnoreCase)))
        {
            return Invalid("Missing body", "A template needs a BODY component.");
        }

        var format = string.Equals(p.Str("parameter_format"), "named", StringComparison.OrdinalIgnoreCase) ? "NAMED" : "POSITIONAL";
        lock (state.Gate)
        {
            if (state.TemplatesOf(waba.Id).Any(t => t.Name == name && t.Language == language))
            {
                return GraphResult.Error(new GraphError(100, "Invalid parameter", Subcode: 2388024, UserTitle: "Message Template Already Exists",
                    UserMessage: $"There is already {language} content for this template. You can create a new template and try again."));
            }

            var created = state.AddTemplate(waba.Id, name, language, t =>
            {
                t.Category = category;
                t.Components = (JsonArray)components.DeepClone();
                t.ParameterFormat = format;
            });
            return GraphResult.Ok(new JsonObject { ["id"] = created.Id, ["status"] = created.Status, ["category"] = created.Category });
        }
    }

    private static GraphResult Delete(HttpContext http, SimulatorState state, string id)
    {
        if (PhoneNumberEndpoints.AccessibleWaba(http, state, id) is not { } waba) return GraphResult.Error(GraphErrors.ObjectNotFound(id, "delete"));
        var p = GraphContext.Get(http).Params;
        var name = p.Str("name");
        var hsmId = p.Str("hsm_id");
        if (string.IsNullOrEmpty(name)) return Invalid("Missing name", "The parameter name is required.");
        lock (state.Gate)
        {
            var matches = state.TemplatesOf(waba.Id).Where(t => t.Name == name && (string.IsNullOrEmpty(hsmId) || t.Id == hsmId)).ToList();
            if (matches.Count == 0) return Invalid("Message template not found", $"Template {name} was not found.");
            foreach (var t in matches) state.RemoveTemplate(t.Id);
        }

        return GraphResult.Success();
    }

    public static IResult Edit(HttpContext http, SimulatorState state, SimTemplate template)
    {
        var p = GraphContext.Get(http).Params;
        lock (state.Gate)
        {
            if (template.Status is not ("APPROVED" or "REJECTED" or "PAUSED"))
            {
                return Invalid("Template can't be edited", "Only APPROVED, REJECTED or PAUSED templates can be edited.");
            }

            if (p["components"] is JsonArray components) template.Components = (JsonArray)components.DeepClone();
            if (p.Str("category") is { } category && Categories.Contains(category.ToUpperInvariant())) template.Category = category.ToUpperInvariant();
            template.Status = "PENDING";
            template.RejectedReason = null;
        }

        return GraphResult.Success();
    }

    private static GraphResult Invalid(string title, string message) =>
        GraphResult.Error(new GraphError(100, "Invalid parameter", UserTitle: title, UserMessage: message));

    [GeneratedRegex("^[a-z0-9_]{1,512}$")]
    private static partial Regex NamePattern();
}
