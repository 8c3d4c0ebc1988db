using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using WabaGate.Server.Features.Media;

namespace WabaGate.Server.Tests.Media;

/// <summary>The S3 store against an in-test bucket that checks what a real one would: path, payload hash and signature.</summary>
public sealed partial class S3MediaStorageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Objects_round_trip_through_signed_path_style_requests()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 22, 1, 2, 3, TimeSpan.Zero));
        var options = new MediaOptions
        {
            Storage = MediaStorageKind.S3,
            S3 = new S3MediaOptions { Endpoint = new Uri("https://s3.example.test:9000/"), Bucket = "wabagate-media", AccessKey = "AKIDTEST", SecretKey = "secret/key", Region = "eu-west-1" },
        };
        var bucket = new FakeBucket(options.S3);
        using var http = new HttpClient(bucket);
        var storage = new S3MediaStorage(http, Options.Create(options), clock);
        const string key = "0123abcd/2026-11/feedbeef";
        var bytes = RandomNumberGenerator.GetBytes(4096);

        Assert.Null(await storage.ReadAsync(key, Ct));
        await storage.WriteAsync(key, bytes, Ct);
        Assert.Equal(bytes, bucket.Objects["/wabagate-media/" + key]);
        Assert.Equal(bytes, await storage.ReadAsync(key, Ct));
        await storage.DeleteAsync(key, Ct);
        Assert.Empty(bucket.Objects);
        await storage.DeleteAsync(key, Ct); // deleting what is gone is fine
        await Assert.ThrowsAsync<ArgumentException>(() => storage.ReadAsync("../other-bucket/x", Ct));

        Assert.All(bucket.Authorizations, a => Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/20261122/eu-west-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=", a, StringComparison.Ordinal));
        Assert.Equal(5, bucket.Authorizations.Count); // the refused key never left the process

        bucket.Refuse = true;
        var error = await Assert.ThrowsAsync<IOException>(() => storage.WriteAsync(key, bytes, Ct));
        Assert.Contains("HTTP 403", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret/key", error.Message, StringComparison.Ordinal);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>A bucket that recomputes each request's signature from the request as received.</summary>
    private sealed partial class FakeBucket(S3MediaOptions s3) : HttpMessageHandler
    {
        public ConcurrentDictionary<string, byte[]> Objects { get; } = new();

        public List<string> Authorizations { get; } = [];

        public bool Refuse { get; set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            var hash = request.Headers.GetValues("x-amz-content-sha256").Single();
            var date = request.Headers.GetValues("x-amz-date").Single();
            var authorization = request.Headers.GetValues("Authorization").Single();
            Authorizations.Add(authorization);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(body)), hash);
            var time = DateTimeOffset.ParseExact(date, "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
            var expected = AwsSignatureV4.Authorization(request.Method.Method, request.RequestUri!,
                new Dictionary<string, string> { ["host"] = "s3.example.test:9000", ["x-amz-content-sha256"] = hash, ["x-amz-date"] = date },
                hash, new AwsCredentials(s3.AccessKey!, s3.SecretKey!, s3.Region), time);
            if (Refuse || expected != authorization)
            {
                return new HttpResponseMessage(HttpStatusCode.Forbidden) { Content = new StringContent("<Error><Code>SignatureDoesNotMatch</Code></Error>") };
            }

            Assert.Matches(PathPattern(), request.RequestUri!.AbsolutePath);
            var path = request.RequestUri!.AbsolutePath;
            if (request.Method == HttpMethod.Put)
            {
                Objects[path] = body;
                return new HttpResponseMessage(HttpStatusCode.OK);
            }

            if (request.Method == HttpMethod.Delete)
            {
                return new HttpResponseMessage(Objects.TryRemove(path, out _) ? HttpStatusCode.NoContent : HttpStatusCode.NotFound);
            }

            return Objects.TryGetValue(path, out var stored)
                ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(stored) }
                : new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("<Error><Code>NoSuchKey</Code></Error>") };
        }

        [GeneratedRegex("^/wabagate-media/[0-9a-f]+/[0-9]{4}-[0-9]{2}/[0-9a-f]+$")]
        private static partial Regex PathPattern();
    }
}
