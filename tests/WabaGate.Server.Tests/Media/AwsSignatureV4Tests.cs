using WabaGate.Server.Features.Media;

namespace WabaGate.Server.Tests.Media;

/// <summary>The S3 store's request signing against AWS's published Signature V4 example ("GET Object", S3 API reference).</summary>
public sealed class AwsSignatureV4Tests
{
    private static readonly AwsCredentials Example = new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1");
    private static readonly DateTimeOffset Time = new(2013, 5, 24, 0, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, string> Headers = new()
    {
        ["Host"] = "examplebucket.s3.amazonaws.com",
        ["Range"] = "bytes=0-9",
        ["x-amz-content-sha256"] = AwsSignatureV4.EmptyPayloadHash,
        ["x-amz-date"] = "20130524T000000Z",
    };

    [Fact]
    public void The_canonical_request_and_string_to_sign_match_the_example()
    {
        var (canonical, signed) = AwsSignatureV4.CanonicalRequest("GET", new Uri("https://examplebucket.s3.amazonaws.com/test.txt"), Headers, AwsSignatureV4.EmptyPayloadHash);

        Assert.Equal(
            "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
            + "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nx-amz-date:20130524T000000Z\n\n"
            + "host;range;x-amz-content-sha256;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            canonical);
        Assert.Equal("host;range;x-amz-content-sha256;x-amz-date", signed);
        Assert.Equal(
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972",
            AwsSignatureV4.StringToSign(Time, "20130524/us-east-1/s3/aws4_request", canonical));
    }

    [Fact]
    public void The_authorization_header_matches_the_example()
    {
        var authorization = AwsSignatureV4.Authorization("GET", new Uri("https://examplebucket.s3.amazonaws.com/test.txt"), Headers, AwsSignatureV4.EmptyPayloadHash, Example, Time);

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
            authorization);
    }

    [Fact]
    public void Query_parameters_are_sorted_and_encoded_in_the_canonical_request()
    {
        var (canonical, _) = AwsSignatureV4.CanonicalRequest("GET", new Uri("https://s3.example.com/bucket?prefix=a%20b&max-keys=2&acl"), new Dictionary<string, string> { ["host"] = "s3.example.com" }, "UNSIGNED-PAYLOAD");

        Assert.Equal("acl=&max-keys=2&prefix=a%20b", canonical.Split('\n')[2]);
    }
}
