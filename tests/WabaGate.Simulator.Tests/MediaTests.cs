using System.Net;
using System.Net.Http.Headers;
using WabaGate.Simulator.Tests.Infrastructure;

namespace WabaGate.Simulator.Tests;

public sealed class MediaTests
{
    private static MultipartFormDataContent Form(byte[] bytes, string mime, string name)
    {
        var form = new MultipartFormDataContent { { new StringContent("whatsapp"), "messaging_product" }, { new StringContent(mime), "type" } };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(mime);
        form.Add(file, "file", name);
        return form;
    }

    [Fact]
    public async Task Upload_metadata_download_with_bearer_and_url_expiry()
    {
        await using var sim = await TestSim.StartAsync();
        var c = await sim.ConnectAsync();
        var bytes = "%PDF-1.4 simulated"u8.ToArray();
        var (status, upload) = await sim.SendAsync(new HttpRequestMessage(HttpMethod.Post, sim.Graph($"{c.PhoneId}/media")) { Content = Form(bytes, "application/pdf", "a.pdf") }, c.Token);
        Assert.True(status == HttpStatusCode.OK, upload.ToJsonString());
        var id = upload["id"]!.GetValue<string>();

        var (_, meta) = await sim.GetAsync(id, c.Token);
        Assert.Equal("whatsapp", meta["messaging_product"]!.GetValue<string>());
        Assert.Equal("application/pdf", meta["mime_type"]!.GetValue<string>());
        Assert.Equal(bytes.Length, meta["file_size"]!.GetValue<long>());
        Assert.Equal(Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(bytes)), meta["sha256"]!.GetValue<string>());
        var url = meta["url"]!.GetValue<string>();

        using (var anonymous = await sim.Http.GetAsync(url, Ct)) Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using (var request = new HttpRequestMessage(HttpMethod.Get, url))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", c.Token);
            using var download = await sim.Http.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
            Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync(Ct));
        }

        sim.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        using (var request = new HttpRequestMessage(HttpMethod.Get, url))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", c.Token);
            using var expired = await sim.Http.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await sim.DeleteAsync(id, c.Token)).Status);
        MetaAssert.Error((await sim.GetAsync(id, c.Token)).Body, 100, 33);
    }

    [Fact]
    public async Task Upload_rejects_unsupported_types_and_oversized_images()
    {
        await using var sim = await TestSim.StartAsync();
        var c = await sim.ConnectAsync();
        var (_, badType) = await sim.SendAsync(new HttpRequestMessage(HttpMethod.Post, sim.Graph($"{c.PhoneId}/media")) { Content = Form([1, 2, 3], "image/gif", "a.gif") }, c.Token);
        MetaAssert.Error(badType, 131053);
        var (_, tooBig) = await sim.SendAsync(new HttpRequestMessage(HttpMethod.Post, sim.Graph($"{c.PhoneId}/media")) { Content = Form(new byte[(5 * 1024 * 1024) + 1], "image/jpeg", "a.jpg") }, c.Token);
        MetaAssert.Error(tooBig, 131053);
    }

    [Fact]
    public async Task Customer_media_creates_a_downloadable_media_object()
    {
        await using var sim = await TestSim.StartAsync();
        var c = await sim.ConnectAsync();
        var sent = await sim.ControlPostAsync("/customers/5511999990000/messages", new
        {
            phoneNumberId = c.PhoneId,
            type = "image",
            image = new { caption = "minha foto", mimeType = "image/png", contentBase64 = Convert.ToBase64String([9, 8, 7]) },
        });
        var mediaId = sent["mediaId"]!.GetValue<string>();
        await sim.Receiver.WaitForAsync(_ => sim.Receiver.ChangesOf("messages").Count > 0);
        var message = sim.Receiver.ChangesOf("messages")[0]["value"]!["messages"]![0]!;
        Assert.Equal("image", message["type"]!.GetValue<string>());
        Assert.Equal(mediaId, message["image"]!["id"]!.GetValue<string>());
        Assert.Equal("image/png", message["image"]!["mime_type"]!.GetValue<string>());
        Assert.Equal("minha foto", message["image"]!["caption"]!.GetValue<string>());

        var (_, meta) = await sim.GetAsync(mediaId, c.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, meta["url"]!.GetValue<string>());
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", c.Token);
        using var download = await sim.Http.SendAsync(request, Ct);
        Assert.Equal(new byte[] { 9, 8, 7 }, await download.Content.ReadAsByteArrayAsync(Ct));
    }
}
