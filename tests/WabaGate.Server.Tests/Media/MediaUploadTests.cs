using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Features.Media;
using WabaGate.Server.Tests.Infrastructure;
using WabaGate.Server.Tests.Webhooks;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Media;

public sealed class MediaUploadTests
{
    private const int Mb = 1024 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task An_upload_round_trips_encrypted_and_only_its_organization_can_read_it(DatabaseProvider provider)
    {
        await using var gateway = await GatewayFactory.CreateAsync(provider);
        var org = await gateway.CreateOrganizationAsync();
        var other = await gateway.CreateOrganizationAsync();
        var connectionId = await gateway.AddConnectionAsync(org.OrgId, "waba-media-1", ["pn-media-1"]);
        var bytes = MediaFiles.Png(200_000);

        using var response = await UploadAsync(org.Client, bytes, "image/png", "photo.png", connectionId);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        var media = JsonDocument.Parse(body).RootElement;
        var id = Guid.Parse(media.GetProperty("id").GetString()!);
        Assert.Equal("image/png", media.GetProperty("mimeType").GetString());
        Assert.Equal("image", media.GetProperty("kind").GetString());
        Assert.Equal(bytes.Length, media.GetProperty("size").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), media.GetProperty("sha256").GetString());
        Assert.Equal($"/api/v1/media/{id}", response.Headers.Location?.OriginalString);

        // The bytes come back exactly, for this organization only; on disk they are not in the clear.
        var read = await ReadAsync(gateway, org.OrgId, id);
        Assert.NotNull(read);
        Assert.Equal(bytes, read.Value.Bytes);
        Assert.Equal("photo.png", await gateway.InScopeAsync(sp => InOrg(sp, org.OrgId).GetRequiredService<MediaStore>().FileNameAsync(read.Value.Media, Ct)));
        Assert.Null(await ReadAsync(gateway, other.OrgId, id));
        var stored = Assert.Single(Directory.GetFiles(Path.Combine(gateway.DataDirectory, "media"), "*", SearchOption.AllDirectories));
        var onDisk = await File.ReadAllBytesAsync(stored, Ct);
        Assert.NotEqual(bytes.Length, onDisk.Length);
        Assert.False(onDisk.AsSpan().IndexOf(bytes.AsSpan(0, 64)) >= 0, "the plaintext is on disk");

        // Another organization cannot upload against this organization's connection.
        using var foreign = await UploadAsync(other.Client, bytes, "image/png", "photo.png", connectionId);
        await ProblemAssert.IsProblemAsync(foreign, HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Uploads_are_checked_against_metas_types_and_limits_per_kind(DatabaseProvider provider)
    {
        await using var gateway = await GatewayFactory.CreateAsync(provider);
        var org = await gateway.CreateOrganizationAsync();
        var connectionId = await gateway.AddConnectionAsync(org.OrgId, "waba-media-2", ["pn-media-2"]);

        async Task Expect(byte[] file, string type, HttpStatusCode status, string? code = null, string? detail = null)
        {
            using var response = await UploadAsync(org.Client, file, type, "file", connectionId);
            if (code is null)
            {
                Assert.True(status == response.StatusCode, $"{type} ({file.Length} bytes): {await response.Content.ReadAsStringAsync(Ct)}");
                return;
            }

            var problem = await ProblemAssert.IsProblemAsync(response, status, code);
            if (detail is not null)
            {
                Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
        }

        await Expect(MediaFiles.Png((5 * Mb) + 1), "image/png", HttpStatusCode.RequestEntityTooLarge, "payload_too_large", "at most 5242880 bytes (5 MB) for image");
        await Expect(MediaFiles.Png(5 * Mb), "image/png", HttpStatusCode.Created);
        await Expect(Encoding.ASCII.GetBytes("GIF89a........"), "image/gif", HttpStatusCode.UnprocessableEntity, "unsupported_media", "'image/gif' is not a media type");
        await Expect(MediaFiles.Pdf(1000), "image/jpeg", HttpStatusCode.UnprocessableEntity, "unsupported_media", "not image/jpeg");
        await Expect(MediaFiles.Pdf(6 * Mb), "application/pdf", HttpStatusCode.Created);
        await Expect(MediaFiles.Mp4((16 * Mb) + 1), "video/mp4", HttpStatusCode.RequestEntityTooLarge, "payload_too_large", "for video");
        await Expect(MediaFiles.Ogg(opus: false, 5000), "audio/ogg", HttpStatusCode.UnprocessableEntity, "unsupported_media", "OPUS");
        await Expect(MediaFiles.Ogg(opus: true, 5000), "audio/ogg; codecs=opus", HttpStatusCode.Created);
        await Expect(MediaFiles.Webp(animated: false, 150 * 1024), "image/webp", HttpStatusCode.RequestEntityTooLarge, "payload_too_large", "static stickers");
        await Expect(MediaFiles.Webp(animated: true, 150 * 1024), "image/webp", HttpStatusCode.Created);
        await Expect(MediaFiles.Webp(animated: true, 501 * 1024), "image/webp", HttpStatusCode.RequestEntityTooLarge, "payload_too_large", "animated stickers");
        await Expect([], "text/plain", HttpStatusCode.UnprocessableEntity, "unsupported_media", "empty");

        using var noFile = new MultipartFormDataContent { { new StringContent(connectionId.ToString()), "connectionId" } };
        using var missing = await org.Client.PostAsync("/api/v1/media", noFile, Ct);
        var problem = await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _));
    }

    internal static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] bytes, string type, string fileName, Guid connectionId)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        using var form = new MultipartFormDataContent { { file, "file", fileName }, { new StringContent(connectionId.ToString()), "connectionId" } };
        return await client.PostAsync("/api/v1/media", form, Ct);
    }

    private static Task<(Server.Data.Entities.MediaFile Media, byte[] Bytes)?> ReadAsync(GatewayFactory gateway, Guid orgId, Guid id)
        => gateway.InScopeAsync(sp => InOrg(sp, orgId).GetRequiredService<MediaStore>().ReadAsync(id, Ct));

    private static IServiceProvider InOrg(IServiceProvider services, Guid orgId)
    {
        services.GetRequiredService<TenantContext>().Set(orgId);
        return services;
    }
}

/// <summary>Files whose first bytes are what their type says, padded with random bytes to a size.</summary>
internal static class MediaFiles
{
    public static byte[] Png(int size) => Make(size, [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);

    public static byte[] Pdf(int size) => Make(size, "%PDF-1.7\n"u8);

    public static byte[] Mp4(int size) => Make(size, [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'m', (byte)'p', (byte)'4', (byte)'2']);

    /// <summary>An OGG first page (27-byte header, one segment) carrying an OPUS (or Vorbis) identification header.</summary>
    public static byte[] Ogg(bool opus, int size)
    {
        var head = new byte[28 + 8];
        "OggS"u8.CopyTo(head);
        head[26] = 1;
        head[27] = 19;
        (opus ? "OpusHead"u8 : "\u0001vorbis\0"u8).CopyTo(head.AsSpan(28));
        return Make(size, head);
    }

    /// <summary>An extended WebP (<c>VP8X</c>) with or without the animation flag.</summary>
    public static byte[] Webp(bool animated, int size)
    {
        var head = new byte[21];
        "RIFF"u8.CopyTo(head);
        "WEBP"u8.CopyTo(head.AsSpan(8));
        "VP8X"u8.CopyTo(head.AsSpan(12));
        head[20] = animated ? (byte)0x02 : (byte)0x00;
        return Make(size, head);
    }

    private static byte[] Make(int size, ReadOnlySpan<byte> head)
    {
        var bytes = new byte[size];
        RandomNumberGenerator.Fill(bytes);
        head[..Math.Min(head.Length, size)].CopyTo(bytes);
        return bytes;
    }
}
