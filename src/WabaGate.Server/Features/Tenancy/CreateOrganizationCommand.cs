using WabaGate.Server.Infrastructure;
using System.ComponentModel.DataAnnotations;
using WabaGate.Server.Infrastructure.Cli;

namespace WabaGate.Server.Features.Tenancy;

/// <summary>
/// <c>wabagate admin create-org --name NAME --owner-email EMAIL</c>: an organization, its owner (no password yet,
/// a one-time link sets it) and an Admin API key. The link and the key are printed once, to the terminal only.
/// </summary>
internal sealed class CreateOrganizationCommand(SelfUrl self) : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["admin", "create-org"];

    public string Usage => "admin create-org --name NAME --owner-email EMAIL   create an organization, its owner and an API key";

    public async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        var parsed = CliArguments.Parse(args);
        var name = parsed.Get("name");
        var email = parsed.Get("owner-email");
        if (parsed.Unexpected.Count > 0 || name is null || email is null)
        {
            await output.WriteLineAsync("Usage: wabagate " + Usage);
            return CliExitCodes.Usage;
        }

        if (!new EmailAddressAttribute().IsValid(email) || name.Length > 200)
        {
            await output.WriteLineAsync("--owner-email must be an email address and --name at most 200 characters.");
            await output.WriteLineAsync("Usage: wabagate " + Usage);
            return CliExitCodes.Usage;
        }

        await using var scope = services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<OrganizationProvisioning>().CreateAsync(name, email, null, null, ct);

        await output.WriteLineAsync($"Organization:  {created.Organization.Name}");
        await output.WriteLineAsync($"  id:          {created.Organization.Id}");
        await output.WriteLineAsync($"Owner:         {created.Owner.Email}{(created.OwnerExisted ? " (existing user)" : string.Empty)}");
        if (created.PasswordResetToken is { } token)
        {
            var link = SetPasswordLink.Create(self.Value, created.Owner.Id, token);
            await output.WriteLineAsync($"  set a password (one-time link, valid 3 days):");
            await output.WriteLineAsync($"  {link}");
        }
        else
        {
            await output.WriteLineAsync("  signs in with their existing password.");
        }

        await output.WriteLineAsync($"API key:       {created.ApiKeySecret}");
        await output.WriteLineAsync("  (shown only now; store it somewhere safe)");
        return CliExitCodes.Ok;
    }
}
