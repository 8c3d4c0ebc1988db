using System.ComponentModel.DataAnnotations;

namespace WabaGate.Server.Features.Templates;

/// <summary>The <c>Templates</c> configuration section.</summary>
internal sealed class TemplateOptions
{
    public const string Section = "Templates";

    /// <summary>How often every active connection's templates are pulled from Meta (<c>Templates:SyncInterval</c>, default 6 h).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Templates asked of Meta per page (<c>Templates:SyncPageSize</c>); unset uses Meta's default (25). Every page is read either way.</summary>
    [Range(1, 1000)]
    public int? SyncPageSize { get; set; }

    /// <summary>Sync requests (webhooks, connects) within this window share one job (<c>Templates:SyncCoalesceWindow</c>, default 5 s).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan SyncCoalesceWindow { get; set; } = TimeSpan.FromSeconds(5);
}
