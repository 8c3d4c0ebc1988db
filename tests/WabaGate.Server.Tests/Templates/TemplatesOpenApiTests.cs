using System.Net;
using System.Text.Json;
using WabaGate.Server.Data;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Templates;

public sealed class TemplatesOpenApiTests
{
    [Fact]
    public async Task The_template_and_media_endpoints_are_in_the_openapi_document_with_summaries()
    {
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Sqlite);
        using var response = await gateway.CreateClient().GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("paths");

        foreach (var (path, method) in new[]
        {
            ("/api/v1/templates", "get"), ("/api/v1/templates", "post"), ("/api/v1/templates/{id}", "get"), ("/api/v1/templates/{id}", "delete"),
            ("/api/v1/templates/{id}/preview", "post"), ("/api/v1/templates/sync", "post"), ("/api/v1/media", "post"),
        })
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is missing");
            Assert.True(item.TryGetProperty(method, out var operation), $"{method} {path} is missing");
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()));
        }
    }
}
