namespace WabaGate.Server.Data.Entities;

public enum MediaOrigin
{
    /// <summary>Uploaded through <c>POST /api/v1/media</c> to be sent.</summary>
    Upload,

    /// <summary>Downloaded from Meta for an inbound message.</summary>
    Inbound,
}

public enum MediaState
{
    /// <summary>Inbound media whose bytes are still being downloaded from Meta.</summary>
    Pending,

    /// <summary>The bytes are in storage, encrypted.</summary>
    Stored,

    /// <summary>The download failed for good (see <see cref="MediaFile.Error"/>).</summary>
    Failed,
}

/// <summary>
/// A media file held by WabaGate: the bytes live encrypted in the media storage under <see cref="StorageKey"/>;
/// Meta's copy (uploaded for sending, or the inbound media id) is remembered with when it was made, because
/// Meta's uploads expire.
/// </summary>
public sealed class MediaFile : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrgId { get; set; }

    public Guid? ConnectionId { get; set; }

    public MediaOrigin Origin { get; set; }

    public MediaState State { get; set; }

    public required string MimeType { get; set; }

    public long Size { get; set; }

    /// <summary>SHA-256 of the plaintext bytes, lower-case hex.</summary>
    public string? Sha256 { get; set; }

    /// <summary>The original file name, encrypted.</summary>
    public byte[]? FileNameCipher { get; set; }

    /// <summary>Where the encrypted bytes are in the media storage.</summary>
    public string? StorageKey { get; set; }

    /// <summary>Meta's media id: of the inbound media, or of our last upload.</summary>
    public string? MetaMediaId { get; set; }

    /// <summary>The phone number id the upload was made for (Meta's uploads belong to a number).</summary>
    public string? MetaPhoneNumberId { get; set; }

    public DateTimeOffset? MetaUploadedAt { get; set; }

    public int Attempts { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
