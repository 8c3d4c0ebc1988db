using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Features.Tenancy;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Tenancy;

public sealed partial class SandboxBootstrapTests
{
    private const string FixedKey = "wg_demo_0123456789abcdefghij";

    private static readonly Dictionary<string, string?> Bootstrap = new()
    {
        ["Sandbox:Bootstrap"] = "true",
        ["Logging:LogLevel:Default"] = "Debug",
    };

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task First_start_creates_one_demo_organization_prints_it_once_and_a_restart_does_not_repeat_it(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await GatewayFactory.CreateAsync(provider, new Dictionary<string, string?>(Bootstrap) { ["Sandbox:ApiKey"] = FixedKey });
        var output = CapturedOutput.AttachTo(first);
        using var api = first.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FixedKey);

        var me = await api.GetFromJsonAsync<JsonElement>("/api/v1/me", ct);
        Assert.Equal(SandboxBootstrap.DemoOrganizationName, me.GetProperty("organization").GetProperty("name").GetString());
        Assert.Equal("Admin", me.GetProperty("role").GetString());

        var console = output.Console.ToString();
        var password = PasswordLine().Match(console).Groups[1].Value;
        Assert.Contains(SandboxBootstrap.DemoEmail, console, StringComparison.Ordinal);
        Assert.Contains($"curl -H \"Authorization: Bearer {FixedKey}\" http://localhost:5080/api/v1/me", console, StringComparison.Ordinal);
        Assert.Contains("http://localhost:5080/login", console, StringComparison.Ordinal);
        Assert.True(password.Length >= 12, console);

        // The demo login works, and neither secret went to the logs.
        using var browser = first.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await WebSession.LoginAsync(browser, SandboxBootstrap.DemoEmail, password)).StatusCode);
        Assert.Contains(SandboxBootstrap.DemoOrganizationName, await browser.GetStringAsync("/", ct), StringComparison.Ordinal);
        Assert.NotEmpty(output.Logs);
        Assert.DoesNotContain(FixedKey, output.Logs, StringComparison.Ordinal);
        Assert.DoesNotContain(password, output.Logs, StringComparison.Ordinal);

        var second = first.Restart();
        await first.DisposeAsync();
        await using (second)
        {
            var again = CapturedOutput.AttachTo(second);
            using var api2 = second.CreateClient();
            api2.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FixedKey);
            Assert.Equal(HttpStatusCode.OK, (await api2.GetAsync("/api/v1/me", ct)).StatusCode);

            Assert.Equal(1, await second.InScopeAsync(sp => sp.GetRequiredService<SystemQueries>().CountOrganizationsAsync(ct)));
            var reminder = again.Console.ToString();
            Assert.Contains(SandboxBootstrap.DemoEmail, reminder, StringComparison.Ordinal);
            Assert.DoesNotContain(password, reminder, StringComparison.Ordinal);
            Assert.DoesNotContain(FixedKey, reminder, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_generated_key_is_printed_and_works_and_a_fixed_key_set_later_is_added_on_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await GatewayFactory.CreateAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>(Bootstrap) { ["Sandbox:DemoPassword"] = "demo password 123" });
        var output = CapturedOutput.AttachTo(first);
        _ = first.Server;

        var generated = ApiKeyLine().Match(output.Console.ToString()).Groups[1].Value;
        Assert.StartsWith("wg_", generated, StringComparison.Ordinal);
        Assert.Contains("demo password 123", output.Console.ToString(), StringComparison.Ordinal);
        using (var api = first.CreateClient())
        {
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", generated);
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/me", ct)).StatusCode);
        }

        var second = first.Restart(new Dictionary<string, string?> { ["Sandbox:ApiKey"] = FixedKey });
        await first.DisposeAsync();
        await using (second)
        {
            using var api = second.CreateClient();
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FixedKey);
            var me = await api.GetFromJsonAsync<JsonElement>("/api/v1/me", ct);
            Assert.Equal(SandboxBootstrap.DemoOrganizationName, me.GetProperty("organization").GetProperty("name").GetString());
        }
    }

    [Theory]
    [InlineData("demo_0123456789abcdefghij")]
    [InlineData("wg_short")]
    public async Task A_malformed_fixed_key_stops_the_start_with_a_clear_message(string key)
    {
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>(Bootstrap) { ["Sandbox:ApiKey"] = key });

        var error = Assert.ThrowsAny<Exception>(() => gateway.Server);

        Assert.Contains("Sandbox:ApiKey must start with 'wg_'", error.ToString(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"Password:\s+(\S+)")]
    private static partial Regex PasswordLine();

    [GeneratedRegex(@"API key:\s+(\S+)")]
    private static partial Regex ApiKeyLine();
}
