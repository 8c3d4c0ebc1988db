using Microsoft.AspNetCore.Identity;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Features.Tenancy;

/// <summary>
/// Creates an organization with its owner and a first API key, in one transaction. Used by
/// <c>wabagate admin create-org</c> and by the sandbox bootstrap. One unit of work (DI scope) per call.
/// </summary>
internal sealed class OrganizationProvisioning(
    AppDbContext db, OrganizationService organizations, UserManager<AppUser> users, TimeProvider clock)
{
    /// <summary>
    /// <paramref name="password"/> <see langword="null"/> leaves the owner without one (a one-time link sets it);
    /// <paramref name="apiKeySecret"/> <see langword="null"/> makes a random key. An existing user with that email becomes the owner.
    /// </summary>
    public async Task<ProvisionedOrganization> CreateAsync(
        string name, string ownerEmail, string? password, string? apiKeySecret, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var organization = await organizations.CreateOrganizationAsync(name, ct);

        var owner = await users.FindByEmailAsync(ownerEmail);
        var existingUser = owner is not null;
        if (owner is null)
        {
            owner = new AppUser { UserName = ownerEmail, Email = ownerEmail, EmailConfirmed = true, CreatedAt = clock.GetUtcNow() };
            Check(password is null ? await users.CreateAsync(owner) : await users.CreateAsync(owner, password));
        }

        db.Memberships.Add(new Membership { UserId = owner.Id, OrgId = organization.Id, Role = OrgRole.Owner, CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);

        var (_, secret) = await organizations.CreateApiKeyAsync("Default key", OrgRole.Admin, owner.Id, ct, apiKeySecret);
        var resetToken = await users.HasPasswordAsync(owner) ? null : await users.GeneratePasswordResetTokenAsync(owner);
        await transaction.CommitAsync(ct);
        return new ProvisionedOrganization(organization, owner, existingUser, secret, resetToken);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}

/// <summary>The result of provisioning; <c>PasswordResetToken</c> is set when the owner has no password yet (see <see cref="SetPasswordLink"/>).</summary>
internal sealed record ProvisionedOrganization(
    Organization Organization, AppUser Owner, bool OwnerExisted, string ApiKeySecret, string? PasswordResetToken);
