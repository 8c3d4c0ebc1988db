using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WabaGate.Graph.Tests.Infrastructure;
using WabaGate.Graph.Webhooks;

namespace WabaGate.Graph.Tests.Signatures;

public sealed class WebhookSignatureTests
{
    private const string Secret = "e3b0c44298fc1c149afbf4c8996fb924";
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Reference(byte[] body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    [Fact]
    public void Compute_matches_a_plain_hmac_and_the_header_format()
    {
        var body = Fixtures.Webhook("message_text");
        var header = WebhookSignature.Compute(body, Secret);
        Assert.Equal(Reference(body, Secret), header);
        Assert.Matches("^sha256=[0-9a-f]{64}$", header);
        Assert.Equal("X-Hub-Signature-256", WebhookSignature.HeaderName);
    }

    [Fact]
    public void Right_signature_is_valid_and_uppercase_hex_too()
    {
        var body = Fixtures.Webhook("batch");
        var header = Reference(body, Secret);
        Assert.True(WebhookSignature.IsValid(body, header, Secret));
        Assert.True(WebhookSignature.IsValid(body, "sha256=" + header[7..].ToUpperInvariant(), Secret));
    }

    [Fact]
    public void Wrong_secret_or_changed_body_is_invalid()
    {
        var body = Fixtures.Webhook("message_text");
        var header = Reference(body, Secret);
        Assert.False(WebhookSignature.IsValid(body, header, "another-secret"));
        var tampered = (byte[])body.Clone();
        tampered[^3] ^= 1;
        Assert.False(WebhookSignature.IsValid(tampered, header, Secret));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("sha1=0123456789abcdef0123456789abcdef01234567")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("sha256=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde")]
    [InlineData("sha256=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0")]
    [InlineData("sha256=zz23456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("sha256= 123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Missing_or_malformed_headers_are_invalid(string? header) =>
        Assert.False(WebhookSignature.IsValid(Fixtures.Webhook("message_text"), header, Secret));

    [Fact]
    public void Escaped_wire_form_is_hashed_over_the_raw_bytes_not_a_reserialization()
    {
        // Meta sends ASCII-only JSON with lowercase \u escapes and \/ ; the signature covers exactly those bytes.
        var raw = Fixtures.Webhook("message_non_ascii");
        Assert.All(raw, b => Assert.True(b < 0x80));
        Assert.Contains("\\u00e9", Encoding.ASCII.GetString(raw), StringComparison.Ordinal);
        Assert.Contains("\\/", Encoding.ASCII.GetString(raw), StringComparison.Ordinal);
        var header = Reference(raw, Secret);

        Assert.True(WebhookSignature.IsValid(raw, header, Secret));

        // The same content re-serialized (unescaped UTF-8) is a different byte string and must not verify.
        using var doc = JsonDocument.Parse(raw);
        var reserialized = JsonSerializer.SerializeToUtf8Bytes(doc.RootElement, Relaxed);
        Assert.NotEqual(raw, reserialized);
        Assert.False(WebhookSignature.IsValid(reserialized, header, Secret));
    }

    [Fact]
    public void Utf8_bodies_with_emoji_verify()
    {
        var body = Encoding.UTF8.GetBytes("""{"text":{"body":"Olá 😀 – 東京 @home"}}""");
        var header = WebhookSignature.Compute(body, Secret);
        Assert.Equal(Reference(body, Secret), header);
        Assert.True(WebhookSignature.IsValid(body, header, Secret));
    }

    [Fact]
    public void Non_ascii_app_secret_is_keyed_as_utf8()
    {
        var body = "{}"u8.ToArray();
        Assert.True(WebhookSignature.IsValid(body, Reference(body, "sëcret🔑"), "sëcret🔑"));
    }

    [Fact]
    public void Challenge_is_answered_only_for_subscribe_with_the_right_token()
    {
        Assert.Equal("1158201444", WebhookChallenge.Verify("subscribe", "vt", "1158201444", "vt"));
        Assert.Null(WebhookChallenge.Verify("subscribe", "wrong", "1158201444", "vt"));
        Assert.Null(WebhookChallenge.Verify("unsubscribe", "vt", "1158201444", "vt"));
        Assert.Null(WebhookChallenge.Verify("subscribe", null, "1158201444", "vt"));
        Assert.Null(WebhookChallenge.Verify("subscribe", "vt", null, "vt"));
    }
}
