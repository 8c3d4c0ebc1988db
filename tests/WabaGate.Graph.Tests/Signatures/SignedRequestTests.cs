using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using WabaGate.Graph.Signatures;

namespace WabaGate.Graph.Tests.Signatures;

public sealed class SignedRequestTests
{
    private const string Secret = "app-secret-123";

    /// <summary>Builds a signed_request by hand, exactly as Meta's format describes it.</summary>
    private static string Build(string payloadJson, string secret)
    {
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payloadJson));
        var sig = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(payload));
        return Base64Url.EncodeToString(sig) + "." + payload;
    }

    [Fact]
    public void A_valid_request_is_decoded()
    {
        var signed = Build("""{"algorithm":"HMAC-SHA256","expires":1291840400,"issued_at":1291836800,"user_id":"218471"}""", Secret);

        var payload = SignedRequest.Verify(signed, Secret);

        Assert.Equal("HMAC-SHA256", payload.Algorithm);
        Assert.Equal("218471", payload.UserId);
        Assert.Equal(1291836800, payload.IssuedAt);
        Assert.Equal(1291840400, payload.Expires);
        Assert.DoesNotContain('=', signed);
    }

    [Fact]
    public void Create_round_trips_and_keeps_extra_fields()
    {
        var signed = Build("""{"algorithm":"HMAC-SHA256","issued_at":1,"user_id":218471,"profile_id":"99","oauth_token":"x"}""", Secret);
        var payload = SignedRequest.Verify(signed, Secret);
        Assert.Equal("218471", payload.UserId);
        Assert.Equal("99", payload.ProfileId);
        Assert.Equal("x", payload.ExtensionData!["oauth_token"].GetString());

        var again = SignedRequest.Create(payload, Secret);
        Assert.True(SignedRequest.TryVerify(again, Secret, out var decoded));
        Assert.Equal("218471", decoded.UserId);
    }

    [Fact]
    public void Tampered_payload_or_signature_is_refused()
    {
        var signed = Build("""{"algorithm":"HMAC-SHA256","issued_at":1,"user_id":"218471"}""", Secret);
        var (sig, payload) = (signed[..signed.IndexOf('.', StringComparison.Ordinal)], signed[(signed.IndexOf('.', StringComparison.Ordinal) + 1)..]);
        var otherPayload = Base64Url.EncodeToString("""{"algorithm":"HMAC-SHA256","issued_at":1,"user_id":"999999"}"""u8);

        Assert.Throws<SignedRequestException>(() => SignedRequest.Verify(sig + "." + otherPayload, Secret));
        var flipped = (sig[0] == 'A' ? 'B' : 'A') + sig[1..];
        Assert.Throws<SignedRequestException>(() => SignedRequest.Verify(flipped + "." + payload, Secret));
        Assert.False(SignedRequest.TryVerify(signed, "wrong-secret", out _));
    }

    [Fact]
    public void Wrong_algorithm_is_refused_even_when_signed()
    {
        var signed = Build("""{"algorithm":"HMAC-SHA1","issued_at":1,"user_id":"1"}""", Secret);
        var ex = Assert.Throws<SignedRequestException>(() => SignedRequest.Verify(signed, Secret));
        Assert.Contains("algorithm", ex.Message, StringComparison.Ordinal);
        Assert.Throws<SignedRequestException>(() => SignedRequest.Verify(Build("""{"issued_at":1,"user_id":"1"}""", Secret), Secret));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("nodot")]
    [InlineData(".payload")]
    [InlineData("sig.")]
    [InlineData("a.b.c")]
    [InlineData("!!!.???")]
    public void Malformed_requests_are_refused(string? request) =>
        Assert.False(SignedRequest.TryVerify(request, Secret, out _));

    [Fact]
    public void Signed_non_json_payload_is_refused()
    {
        var signed = Build("not json", Secret);
        Assert.Throws<SignedRequestException>(() => SignedRequest.Verify(signed, Secret));
    }
}
