using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Infrastructure.Cli;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Tenancy;

public sealed partial class AdminCommandTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Create_org_prints_the_id_a_working_key_and_a_one_time_link_that_sets_the_owners_password(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(provider, new Dictionary<string, string?> { ["WabaGate:PublicBaseUrl"] = "https://gw.example.test/" });
        var output = CapturedOutput.AttachTo(gateway);

        var code = await RunAsync(gateway, "admin", "create-org", "--name", "Acme Dental", "--owner-email", "Owner@Acme.test");

        var printed = output.Console.ToString();
        Assert.Equal(0, code);
        var orgId = Guid.Parse(IdLine().Match(printed).Groups[1].Value);
        var link = new Uri(LinkLine().Match(printed).Value);
        var key = KeyLine().Match(printed).Groups[1].Value;
        Assert.Equal("gw.example.test", link.Host);
        Assert.Equal("/account/set-password", link.AbsolutePath);

        using var api = gateway.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var me = await api.GetFromJsonAsync<JsonElement>("/api/v1/me", ct);
        Assert.Equal(orgId, me.GetProperty("organization").GetProperty("id").GetGuid());
        Assert.DoesNotContain(key, output.Logs, StringComparison.Ordinal);

        // No password yet: sign-in fails until the link is used.
        using var browser = gateway.Browser();
        Assert.Equal(HttpStatusCode.OK, (await WebSession.LoginAsync(browser, "owner@acme.test", "a new password 42")).StatusCode);

        var setPassword = link.PathAndQuery;
        var fields = new Dictionary<string, string> { ["NewPassword"] = "a new password 42", ["ConfirmPassword"] = "a new password 42" };
        using var set = await WebSession.PostFormAsync(browser, setPassword, fields);
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.StartsWith("/login", set.Headers.Location!.OriginalString, StringComparison.Ordinal);

        // The link is single-use.
        using var reused = await WebSession.PostFormAsync(browser, setPassword, fields);
        Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
        Assert.Contains("invalid or has expired", await reused.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        using var login = await WebSession.LoginAsync(browser, "owner@acme.test", "a new password 42");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var session = await browser.GetFromJsonAsync<JsonElement>("/api/v1/me", ct);
        Assert.Equal(orgId, session.GetProperty("organization").GetProperty("id").GetGuid());
        Assert.Equal("Owner", session.GetProperty("role").GetString());
        Assert.Equal("user", session.GetProperty("authenticatedAs").GetString());
    }

    [Theory]
    [InlineData("admin --help")]
    [InlineData("admin create-org --name NoOwner")]
    [InlineData("admin create-org --name Bad --owner-email not-an-email")]
    [InlineData("frobnicate")]
    public async Task Help_unknown_commands_and_missing_options_print_usage_and_fail(string commandLine)
    {
        var args = commandLine.Split(' ');
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Sqlite);
        var output = CapturedOutput.AttachTo(gateway);

        var code = await RunAsync(gateway, args);

        Assert.Equal(CliExitCodes.Usage, code);
        Assert.Contains("create-org", output.Console.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await gateway.InScopeAsync(sp => sp.GetRequiredService<SystemQueries>().CountOrganizationsAsync(TestContext.Current.CancellationToken)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("--urls http://localhost:5999")]
    [InlineData("Logging:LogLevel:Default=Debug")]
    public async Task Server_arguments_are_not_commands(string commandLine)
    {
        var args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Sqlite);

        var dispatcher = gateway.Services.GetRequiredService<CliDispatcher>();

        Assert.Null(await dispatcher.DispatchAsync(gateway.Services, args, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Migrate_succeeds_on_an_up_to_date_database()
    {
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Sqlite);
        var output = CapturedOutput.AttachTo(gateway);

        Assert.Equal(0, await RunAsync(gateway, "migrate"));
        Assert.Contains("up to date", output.Console.ToString(), StringComparison.Ordinal);
    }

    private static async Task<int?> RunAsync(GatewayFactory gateway, params string[] args)
        => await gateway.Services.GetRequiredService<CliDispatcher>().DispatchAsync(gateway.Services, args, TestContext.Current.CancellationToken);

    [GeneratedRegex(@"id:\s+([0-9a-f-]{36})")]
    private static partial Regex IdLine();

    [GeneratedRegex(@"https://\S+/account/set-password\?token=\S+")]
    private static partial Regex LinkLine();

    [GeneratedRegex(@"API key:\s+(\S+)")]
    private static partial Regex KeyLine();
}
