using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Infrastructure;
using WabaGate.Server.Infrastructure.Cli;

namespace WabaGate.Server.Features.Tenancy;

/// <summary>
/// Sandbox mode's first start: when the database holds no organization, creates "Demo Clinic" with an owner
/// (<c>demo@wabagate.local</c>) and an Admin API key, and prints the credentials once to the operator's console
/// (never to the logs). Later starts print a reminder and add <c>Sandbox:ApiKey</c> if it is new.
/// </summary>
internal sealed partial class SandboxBootstrap(
    IServiceProvider services, IOptions<WabaGateOptions> gateway, IOptions<SandboxOptions> options,
    SelfUrl self, ConsoleOutput console, ILogger<SandboxBootstrap> logger)
{
    public const string DemoOrganizationName = "Demo Clinic";
    public const string DemoEmail = "demo@wabagate.local";
    private const string PasswordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public async Task RunAsync(CancellationToken ct = default)
    {
        var sandbox = options.Value;
        if (!gateway.Value.IsSandbox || !sandbox.Bootstrap)
        {
            return;
        }

        if (SandboxOptions.ValidateApiKey(sandbox.ApiKey) is { } error)
        {
            throw new InvalidOperationException(error);
        }

        var baseUrl = self.Value;
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        if (await sp.GetRequiredService<SystemQueries>().CountOrganizationsAsync(ct) == 0)
        {
            var password = sandbox.DemoPassword ?? RandomNumberGenerator.GetString(PasswordAlphabet, 20);
            var created = await sp.GetRequiredService<OrganizationProvisioning>().CreateAsync(DemoOrganizationName, DemoEmail, password, sandbox.ApiKey, ct);
            LogCreated(logger, created.Organization.Id);
            await SandboxBanner.WriteFirstStartAsync(console.Writer, baseUrl, DemoEmail, password, created.ApiKeySecret);
            return;
        }

        if (sandbox.ApiKey is { } fixedKey && await sp.GetRequiredService<SystemQueries>().FindApiKeyAsync(ApiKeySecret.Hash(fixedKey), ct) is null)
        {
            await AddFixedKeyAsync(sp, fixedKey, ct);
        }

        await SandboxBanner.WriteReminderAsync(console.Writer, baseUrl, DemoEmail);
    }

    private async Task AddFixedKeyAsync(IServiceProvider sp, string fixedKey, CancellationToken ct)
    {
        var owner = await sp.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(DemoEmail);
        var orgId = owner is null ? null : await sp.GetRequiredService<AppDbContext>().Memberships.AsNoTracking()
            .Where(m => m.UserId == owner.Id).OrderBy(m => m.CreatedAt).Select(m => (Guid?)m.OrgId).FirstOrDefaultAsync(ct);
        if (orgId is null)
        {
            LogNoDemoOrganization(logger);
            return;
        }

        sp.GetRequiredService<TenantContext>().Set(orgId.Value);
        var (key, _) = await sp.GetRequiredService<OrganizationService>().CreateApiKeyAsync("Sandbox:ApiKey", OrgRole.Admin, owner!.Id, ct, fixedKey);
        LogFixedKeyAdded(logger, key.Id, orgId.Value);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox: created the demo organization {OrgId}; its credentials were printed to the console")]
    private static partial void LogCreated(ILogger logger, Guid orgId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox: added the configured Sandbox:ApiKey as key {KeyId} of organization {OrgId}")]
    private static partial void LogFixedKeyAdded(ILogger logger, Guid keyId, Guid orgId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sandbox: Sandbox:ApiKey is set but the demo user has no organization; the key was not added")]
    private static partial void LogNoDemoOrganization(ILogger logger);
}
