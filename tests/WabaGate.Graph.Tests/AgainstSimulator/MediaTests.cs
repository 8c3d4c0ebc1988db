using System.Security.Cryptography;
using WabaGate.Graph.Errors;
using WabaGate.Graph.Tests.AgainstSimulator.Infrastructure;
using static WabaGate.Graph.Tests.AgainstSimulator.Infrastructure.LiveMeta;

namespace WabaGate.Graph.Tests.AgainstSimulator;

public sealed class MediaTests
{
    [Fact]
    public async Task Upload_metadata_download_and_delete()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();
        var bytes = RandomNumberGenerator.GetBytes(64 * 1024);
        using var file = new MemoryStream(bytes);

        var id = (await meta.Client.UploadMediaAsync(c.PhoneId, file, "photo.jpg", "image/jpeg", c.Token, Ct)).Id;
        var info = await meta.Client.GetMediaAsync(id, c.Token, c.PhoneId, Ct);

        Assert.Equal(id, info.Id);
        Assert.Equal("image/jpeg", info.MimeType);
        Assert.Equal(bytes.Length, info.FileSize);
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(bytes)), info.Sha256);
        Assert.Equal("whatsapp", info.MessagingProduct);
        await using (var download = await meta.Client.DownloadMediaAsync(info.Url, c.Token, Ct))
        {
            using var copy = new MemoryStream();
            await download.Content.CopyToAsync(copy, Ct);
            Assert.Equal(bytes, copy.ToArray());
            Assert.Equal("image/jpeg", download.ContentType);
        }

        await meta.Client.DeleteMediaAsync(id, c.Token, ct: Ct);
        var gone = await Assert.ThrowsAsync<GraphApiException>(() => meta.Client.GetMediaAsync(id, c.Token, ct: Ct));
        Assert.Equal(100, gone.Code);
        Assert.Equal(33, gone.Subcode);
        Assert.Equal(GraphErrorClass.Permanent, gone.ErrorClass);
    }

    [Fact]
    public async Task An_expired_url_answers_404_and_a_fresh_one_works()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();
        using var file = new MemoryStream("%PDF-1.4 test"u8.ToArray());
        var id = (await meta.Client.UploadMediaAsync(c.PhoneId, file, "a.pdf", "application/pdf", c.Token, Ct)).Id;
        var stale = (await meta.Client.GetMediaAsync(id, c.Token, ct: Ct)).Url;

        meta.Clock.Advance(TimeSpan.FromMinutes(6));
        var ex = await Assert.ThrowsAsync<GraphApiException>(() => meta.Client.DownloadMediaAsync(stale, c.Token, Ct));

        Assert.Equal(404, ex.StatusCode);
        Assert.Equal(GraphErrorClass.Permanent, ex.ErrorClass);
        Assert.Equal(1, meta.Attempts.Count(HttpMethod.Get, "/attachments/"));
        await using var fresh = await meta.Client.DownloadMediaAsync((await meta.Client.GetMediaAsync(id, c.Token, ct: Ct)).Url, c.Token, Ct);
        Assert.Equal("application/pdf", fresh.ContentType);
    }

    [Fact]
    public async Task A_download_needs_a_valid_bearer_token()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();
        using var file = new MemoryStream([1, 2, 3]);
        var id = (await meta.Client.UploadMediaAsync(c.PhoneId, file, "a.png", "image/png", c.Token, Ct)).Id;
        var url = (await meta.Client.GetMediaAsync(id, c.Token, ct: Ct)).Url;

        var ex = await Assert.ThrowsAsync<GraphApiException>(() => meta.Client.DownloadMediaAsync(url, "EAAwrong", Ct));

        Assert.Equal(GraphErrorCodes.AccessTokenInvalid, ex.Code);
        Assert.True(ex.IsAuthError);
    }

    [Theory]
    [InlineData("image/gif", "a.gif", 10)]
    [InlineData("image/jpeg", "big.jpg", (5 * 1024 * 1024) + 1)]
    [InlineData("image/webp", "big.webp", (500 * 1024) + 1)]
    public async Task Unsupported_types_and_oversized_files_fail_with_131053(string mime, string fileName, int size)
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();
        using var file = new MemoryStream(new byte[size]);

        var ex = await Assert.ThrowsAsync<GraphApiException>(() => meta.Client.UploadMediaAsync(c.PhoneId, file, fileName, mime, c.Token, Ct));

        Assert.Equal(131053, ex.Code);
        Assert.Equal(GraphErrorClass.Permanent, ex.ErrorClass);
        Assert.NotNull(ex.Details);
        Assert.Equal(1, meta.Attempts.Count(HttpMethod.Post, "/media"));
    }
}
