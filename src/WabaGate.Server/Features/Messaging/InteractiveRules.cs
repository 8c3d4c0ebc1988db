using WabaGate.Graph.Messages;
using WabaGate.Server.Infrastructure.Problems;

namespace WabaGate.Server.Features.Messaging;

/// <summary>Meta's limits for reply buttons, lists and CTA URL messages (reference §3.4), checked before sending.</summary>
internal static class InteractiveRules
{
    public static void Check(InteractiveContent interactive)
    {
        var body = interactive.Body?.Text;
        if (string.IsNullOrWhiteSpace(body))
        {
            throw ApiProblemException.Validation("interactive.body.text", "An interactive message needs a body text.");
        }

        OutboundValidator.Max("interactive.footer.text", interactive.Footer?.Text, 60);
        if (interactive.Header is { } header)
        {
            if (header.Type is not ("text" or "image" or "video" or "document"))
            {
                throw ApiProblemException.Validation("interactive.header.type", "A header is text, image, video or document.");
            }

            OutboundValidator.Max("interactive.header.text", header.Text, 60);
        }

        switch (interactive.Type)
        {
            case "button":
                OutboundValidator.Max("interactive.body.text", body, 1024);
                Buttons(interactive.Action.Buttons);
                break;
            case "list":
                OutboundValidator.Max("interactive.body.text", body, 4096);
                if (interactive.Header is { Type: not "text" })
                {
                    throw ApiProblemException.Validation("interactive.header.type", "A list's header can only be text.");
                }

                List(interactive.Action);
                break;
            case "cta_url":
                OutboundValidator.Max("interactive.body.text", body, 1024);
                if (interactive.Action.Parameters is not { DisplayText.Length: > 0 and <= 20 } parameters
                    || !Uri.TryCreate(parameters.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
                {
                    throw ApiProblemException.Validation("interactive.action.parameters", "A CTA URL button needs display_text (1 to 20 characters) and an absolute http(s) url.");
                }

                break;
            default:
                throw ApiProblemException.Validation("interactive.type", "Use button, list or cta_url.");
        }
    }

    private static void Buttons(IReadOnlyList<ReplyButton>? buttons)
    {
        if (buttons is not { Count: >= 1 and <= 3 })
        {
            throw ApiProblemException.Validation("interactive.action.buttons", "Reply buttons: 1 to 3.");
        }

        if (buttons.Any(b => b.Reply is null || string.IsNullOrWhiteSpace(b.Reply.Id) || b.Reply.Id.Length > 256 || string.IsNullOrWhiteSpace(b.Reply.Title) || b.Reply.Title.Length > 20))
        {
            throw ApiProblemException.Validation("interactive.action.buttons", "Each button needs an id (up to 256 characters) and a title (up to 20).");
        }

        if (buttons.Select(b => b.Reply.Title).Distinct(StringComparer.Ordinal).Count() != buttons.Count
            || buttons.Select(b => b.Reply.Id).Distinct(StringComparer.Ordinal).Count() != buttons.Count)
        {
            throw ApiProblemException.Validation("interactive.action.buttons", "Button ids and titles must be unique.");
        }
    }

    private static void List(InteractiveAction action)
    {
        if (action.Button is not { Length: > 0 and <= 20 })
        {
            throw ApiProblemException.Validation("interactive.action.button", "A list needs a button label of 1 to 20 characters.");
        }

        if (action.Sections is not { Count: >= 1 and <= 10 } sections)
        {
            throw ApiProblemException.Validation("interactive.action.sections", "A list has 1 to 10 sections.");
        }

        var rows = sections.SelectMany(s => s.Rows ?? []).ToList();
        if (rows.Count is < 1 or > 10)
        {
            throw ApiProblemException.Validation("interactive.action.sections", "A list has 1 to 10 rows in total.");
        }

        if (sections.Any(s => s.Title is { Length: > 24 }) || (sections.Count > 1 && sections.Any(s => string.IsNullOrWhiteSpace(s.Title))))
        {
            throw ApiProblemException.Validation("interactive.action.sections", "Section titles are up to 24 characters, and required when there are several sections.");
        }

        if (rows.Any(r => string.IsNullOrWhiteSpace(r.Id) || r.Id.Length > 200 || string.IsNullOrWhiteSpace(r.Title) || r.Title.Length > 24 || r.Description is { Length: > 72 })
            || rows.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count() != rows.Count)
        {
            throw ApiProblemException.Validation("interactive.action.sections", "Rows need unique ids (up to 200 characters), titles (up to 24) and descriptions of up to 72.");
        }
    }
}
