using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Tenancy;

/// <summary>A browser-like client (cookies, no automatic redirects) and the helpers the sign-in tests share.</summary>
internal static partial class WebSession
{
    public static HttpClient Browser(this GatewayFactory gateway)
        => gateway.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Reads the antiforgery token from the form on <paramref name="path"/>.</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path, TestContext.Current.CancellationToken);
        return TokenField().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException($"No antiforgery token on {path}.");
    }

    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, IDictionary<string, string> fields, string? formPath = null)
    {
        var form = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = await AntiforgeryTokenAsync(client, formPath ?? path),
        };
        return await client.PostAsync(path, new FormUrlEncodedContent(form), TestContext.Current.CancellationToken);
    }

    public static Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password)
        => PostFormAsync(client, "/login", new Dictionary<string, string> { ["Email"] = email, ["Password"] = password });

    /// <summary>Creates a user with a password and a membership in <paramref name="orgId"/>.</summary>
    public static async Task<(string Email, string Password)> CreateMemberAsync(this GatewayFactory gateway, Guid orgId, OrgRole role)
    {
        var email = $"user-{Guid.NewGuid():N}@example.test";
        const string password = "correct horse battery";
        await gateway.InScopeAsync(async sp =>
        {
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
            var result = await sp.GetRequiredService<UserManager<AppUser>>().CreateAsync(user, password);
            Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
            var db = sp.GetRequiredService<AppDbContext>();
            db.Memberships.Add(new Membership { UserId = user.Id, OrgId = orgId, Role = role });
            return await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        return (email, password);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
