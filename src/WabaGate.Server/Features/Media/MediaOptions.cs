using System.ComponentModel.DataAnnotations;

namespace WabaGate.Server.Features.Media;

/// <summary>The <c>Media</c> configuration section.</summary>
internal sealed class MediaOptions
{
    public const string Section = "Media";

    /// <summary><c>FileSystem</c> (default: under the data directory) or <c>S3</c> (any S3-compatible store, for several nodes).</summary>
    public MediaStorageKind Storage { get; set; } = MediaStorageKind.FileSystem;

    /// <summary>
    /// Uploads processed at once on this node (<c>Media:MaxConcurrentUploads</c>, default 2). An upload is held in
    /// memory while it is encrypted (up to twice its size, documents up to 100 MB), so this bounds the memory uploads use.
    /// </summary>
    [Range(1, 64)]
    public int MaxConcurrentUploads { get; set; } = 2;

    public S3MediaOptions S3 { get; set; } = new();
}

public enum MediaStorageKind
{
    FileSystem,
    S3,
}

/// <summary><c>Media:S3:*</c>: an S3-compatible bucket addressed path-style (<c>{Endpoint}/{Bucket}/{key}</c>), signed with AWS Signature V4.</summary>
internal sealed class S3MediaOptions
{
    /// <summary>e.g. <c>https://s3.eu-west-1.amazonaws.com</c> or a MinIO/Ceph/R2 URL.</summary>
    public Uri? Endpoint { get; set; }

    public string? Bucket { get; set; }

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    public string Region { get; set; } = "us-east-1";
}
