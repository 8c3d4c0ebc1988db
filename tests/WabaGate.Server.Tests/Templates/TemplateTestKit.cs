using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using WabaGate.Server.Tests.Onboarding;

namespace WabaGate.Server.Tests.Templates;

/// <summary>Helpers on top of <see cref="OnboardingHarness"/>: templates placed at the simulated Meta directly, and waits.</summary>
internal static class TemplateTestKit
{
    private const string Graph = "/sandbox/meta/graph/v24.0/";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A connected WABA: its connection id and a second token on it for looking at (and changing) Meta's side.</summary>
    public static async Task<(string ConnectionId, string WabaId, string PhoneNumberId, string MetaToken)> ConnectWabaAsync(this OnboardingHarness h)
    {
        var (session, connection) = await h.ConnectAsync();
        var wabaId = session.GetProperty("wabaId").GetString()!;
        return (connection.GetProperty("id").GetString()!, wabaId, session.GetProperty("phoneNumberIds")[0].GetString()!, await h.IssueTokenAsync(wabaId));
    }

    /// <summary>Creates a template at the simulated Meta (as if made in WhatsApp Manager); returns Meta's id.</summary>
    public static async Task<string> CreateAtMetaAsync(this OnboardingHarness h, string wabaId, string token, object template)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Graph}{wabaId}/message_templates") { Content = JsonContent.Create(template) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await h.Sim.SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    public static async Task DeleteAtMetaAsync(this OnboardingHarness h, string wabaId, string token, string name)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"{Graph}{wabaId}/message_templates?name={name}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await h.Sim.SendAsync(request, Ct);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Every template the simulated Meta holds for the WABA (all pages).</summary>
    public static async Task<List<JsonElement>> TemplatesAtMetaAsync(this OnboardingHarness h, string wabaId, string token)
    {
        var all = new List<JsonElement>();
        string? after = null;
        do
        {
            var page = await h.GraphGetAsync($"{wabaId}/message_templates" + (after is null ? string.Empty : "?after=" + after), token);
            all.AddRange(page.GetProperty("data").EnumerateArray());
            after = page.TryGetProperty("paging", out var paging) && paging.TryGetProperty("next", out _) ? paging.GetProperty("cursors").GetProperty("after").GetString() : null;
        }
        while (after is not null);
        return all;
    }

    public static async Task ReviewAsync(this OnboardingHarness h, string metaId, string status, string? reason = null)
    {
        using var response = await h.Sim.PostAsJsonAsync($"/sandbox/meta/templates/{metaId}/review", new { status, reason }, Ct);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Polls the template until <paramref name="done"/> holds (webhooks are processed by background jobs).</summary>
    public static async Task<JsonElement> WaitForTemplateAsync(this OnboardingHarness h, string id, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var template = await h.JsonAsync(HttpMethod.Get, $"/api/v1/templates/{id}");
            if (done(template))
            {
                return template;
            }

            Assert.True(DateTime.UtcNow < deadline, "The template did not reach the expected state: " + template);
            await Task.Delay(100, Ct);
        }
    }

    /// <summary>A positional UTILITY template with a text header variable, two body variables, a footer and a URL button.</summary>
    public static object OrderUpdate(string connectionId, string name = "order_update") => new
    {
        connectionId,
        name,
        language = "en_US",
        category = "UTILITY",
        components = new object[]
        {
            new { type = "HEADER", format = "TEXT", text = "Order {{1}}", example = new { header_text = new[] { "#123" } } },
            new { type = "BODY", text = "Hi {{1}}, your order {{2}} has shipped.", example = new { body_text = new[] { new[] { "Ana", "#123" } } } },
            new { type = "FOOTER", text = "Lucky Shrub" },
            new
            {
                type = "BUTTONS",
                buttons = new object[]
                {
                    new { type = "URL", text = "Track", url = "https://example.com/t/{{1}}", example = new[] { "https://example.com/t/123" } },
                    new { type = "QUICK_REPLY", text = "Stop" },
                },
            },
        },
    };
}
