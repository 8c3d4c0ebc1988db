using System.Net;
using System.Net.Http.Headers;
using WabaGate.Server.Data;
using WabaGate.Server.Features.Media;
using WabaGate.Server.Tests.Infrastructure;
using WabaGate.Server.Tests.Webhooks;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Media;

public sealed class MediaRequestLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_upload_endpoint_takes_bodies_up_to_the_largest_kind_and_refuses_bigger_ones_and_malformed_ones()
    {
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Sqlite);
        var org = await gateway.CreateOrganizationAsync();
        var connectionId = await gateway.AddConnectionAsync(org.OrgId, "waba-limit-1", ["pn-limit-1"]);

        // A 100 MB document (the largest kind) plus the multipart framing fits the endpoint's limit…
        Assert.True(MediaUploadApi.RequestLimit > MediaRules.MaxBytes);
        using var document = await MediaUploadTests.UploadAsync(org.Client, MediaFiles.Pdf((int)MediaRules.MaxBytes), "application/pdf", "big.pdf", connectionId);
        Assert.True(document.StatusCode == HttpStatusCode.Created, await document.Content.ReadAsStringAsync(Ct));

        // …one byte more than the document limit is refused by kind, and a body beyond the endpoint's limit outright.
        using var tooBig = await MediaUploadTests.UploadAsync(org.Client, MediaFiles.Pdf((int)MediaRules.MaxBytes + 1), "application/pdf", "big.pdf", connectionId);
        await ProblemAssert.IsProblemAsync(tooBig, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        using var oversized = new ByteArrayContent(new byte[MediaUploadApi.RequestLimit + 1]);
        oversized.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
        using var refused = await org.Client.PostAsync("/api/v1/media", oversized, Ct);
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");

        using var malformed = new StringContent("--x\r\nnot a part");
        malformed.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
        using var bad = await org.Client.PostAsync("/api/v1/media", malformed, Ct);
        await ProblemAssert.IsProblemAsync(bad, HttpStatusCode.BadRequest, "invalid_request");
    }
}
