using System.Text.Json;
using WabaGate.Graph.Messages;

namespace WabaGate.Server.Features.Templates;

/// <summary>
/// What the send path asks of templates: is this template known and approved for the connection, and do the
/// given parameters fit it? The answer is Meta's <c>template</c> object, or a problem code from API.md
/// (<c>template_not_found</c>, <c>template_not_approved</c>, <c>template_parameters_mismatch</c>) with a detail.
/// Parameters are fitted by the same code as <c>POST /api/v1/templates/{id}/preview</c> (see <see cref="TemplateFitter"/>
/// for the accepted shapes). A media header given as a WabaGate media id comes back as a header parameter whose
/// <c>image</c>/<c>video</c>/<c>document</c> <c>id</c> is that WabaGate id (a GUID): the sender must replace it with
/// Meta's media id (uploading the file on first use) before the request goes to Meta.
/// </summary>
public interface ITemplateCatalog
{
    /// <summary>Resolves <paramref name="name"/> in <paramref name="language"/> on the connection and fits <paramref name="parameters"/> (the API's <c>template.parameters</c>: <c>{"body": […], "header": […], "buttons": […]}</c>) to it.</summary>
    Task<TemplateResolution> ResolveForSendAsync(Guid connectionId, string name, string language, JsonElement? parameters, CancellationToken cancellationToken);
}

/// <summary>Either the <see cref="Content"/> to send or why it cannot be sent.</summary>
public sealed record TemplateResolution(TemplateContent? Content, string? ErrorCode, string? Detail)
{
    public bool IsValid => Content is not null;

    public static TemplateResolution Ok(TemplateContent content) => new(content, null, null);

    public static TemplateResolution Error(string code, string detail) => new(null, code, detail);
}
