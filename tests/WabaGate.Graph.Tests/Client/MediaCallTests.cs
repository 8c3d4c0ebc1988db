using System.Text;
using WabaGate.Graph.Tests.Infrastructure;

namespace WabaGate.Graph.Tests.Client;

public sealed class MediaCallTests
{
    private const string Phone = "106540352242922";
    private const string Token = "EAA-token";

    [Fact]
    public async Task Upload_is_multipart_with_messaging_product_type_and_file()
    {
        await using var stub = await MetaStub.StartAsync("""{"id":"1037543291543636"}""");
        var bytes = Encoding.ASCII.GetBytes("%PDF-1.4 fake");

        var result = await stub.CreateClient().UploadMediaAsync(Phone, new MemoryStream(bytes), "order.pdf", "application/pdf", Token, TestContext.Current.CancellationToken);

        var r = stub.OnlyRequest();
        Assert.Equal("POST", r.Method);
        Assert.EndsWith($"/v24.0/{Phone}/media", r.Path, StringComparison.Ordinal);
        Assert.StartsWith("multipart/form-data", r.ContentType, StringComparison.Ordinal);
        Assert.Equal($"Bearer {Token}", r.Authorization);
        Assert.Equal("whatsapp", r.Form["messaging_product"]);
        Assert.Equal("application/pdf", r.Form["type"]);
        var file = Assert.Single(r.Files);
        Assert.Equal("file", file.Name);
        Assert.Equal("order.pdf", file.FileName);
        Assert.Equal("application/pdf", file.ContentType);
        Assert.Equal(bytes, file.Content);
        Assert.Equal("1037543291543636", result.Id);
    }

    [Theory]
    [InlineData("303833")]
    [InlineData("\"303833\"")]
    public async Task Metadata_accepts_file_size_as_number_or_string(string fileSize)
    {
        await using var stub = await MetaStub.StartAsync($$"""
            {"messaging_product":"whatsapp","url":"https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1&ext=2&hash=3",
             "mime_type":"image/jpeg","sha256":"SfInY0gGKTsJlUWbwxC1k+FAD0FZHvzwfpvO0zX0GUI=","file_size":{{fileSize}},"id":"1003383421387256"}
            """);

        var info = await stub.CreateClient().GetMediaAsync("1003383421387256", Token, Phone, TestContext.Current.CancellationToken);

        var r = stub.OnlyRequest();
        Assert.Equal("GET", r.Method);
        Assert.EndsWith("/v24.0/1003383421387256", r.Path, StringComparison.Ordinal);
        Assert.Equal(Phone, r.Query["phone_number_id"]);
        Assert.Equal(303833, info.FileSize);
        Assert.Equal("image/jpeg", info.MimeType);
        Assert.Equal("SfInY0gGKTsJlUWbwxC1k+FAD0FZHvzwfpvO0zX0GUI=", info.Sha256);
        Assert.StartsWith("https://lookaside.fbsbx.com/", info.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_streams_the_url_with_the_bearer_token()
    {
        var payload = new byte[200_000];
        new Random(7).NextBytes(payload);
        await using var stub = await MetaStub.StartAsync(_ => new StubResponse(200, "", "image/jpeg") { BodyBytes = payload });
        var url = stub.Origin + "/files/attachment?mid=1&hash=abc";

        await using var download = await stub.CreateClient().DownloadMediaAsync(url, Token, TestContext.Current.CancellationToken);
        using var copy = new MemoryStream();
        await download.Content.CopyToAsync(copy, TestContext.Current.CancellationToken);

        var r = stub.OnlyRequest();
        Assert.Equal("/files/attachment", r.Path);
        Assert.Equal("?mid=1&hash=abc", r.QueryString);
        Assert.Equal($"Bearer {Token}", r.Authorization);
        Assert.Equal("image/jpeg", download.ContentType);
        Assert.Equal(payload, copy.ToArray());
    }

    [Fact]
    public async Task Expired_download_url_is_a_404_graph_error()
    {
        await using var stub = await MetaStub.StartAsync(_ => new StubResponse(404, "Not Found", "text/plain"));

        var ex = await Assert.ThrowsAsync<Graph.Errors.GraphApiException>(() =>
            stub.CreateClient().DownloadMediaAsync(stub.Origin + "/files/x", Token, TestContext.Current.CancellationToken));

        Assert.Equal(404, ex.StatusCode);
        Assert.Equal("Not Found", ex.RawBody);
        Assert.Equal(Graph.Errors.GraphErrorClass.Permanent, ex.ErrorClass);
    }

    [Fact]
    public async Task Delete_media()
    {
        await using var stub = await MetaStub.StartAsync("""{"success":true}""");

        await stub.CreateClient().DeleteMediaAsync("1037543291543636", Token, ct: TestContext.Current.CancellationToken);

        var r = stub.OnlyRequest();
        Assert.Equal("DELETE", r.Method);
        Assert.EndsWith("/v24.0/1037543291543636", r.Path, StringComparison.Ordinal);
        Assert.Equal("", r.QueryString);
    }
}
