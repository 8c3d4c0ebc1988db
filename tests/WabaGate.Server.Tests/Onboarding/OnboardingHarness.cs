using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Onboarding;

/// <summary>
/// A gateway on real Kestrel (so its Graph client reaches the in-process simulator over HTTP), an organization
/// with an Admin key, and helpers for the simulator's control API and simulated Graph.
/// </summary>
internal sealed class OnboardingHarness : IAsyncDisposable
{
    private const string Graph = "/sandbox/meta/graph/v24.0/";

    private OnboardingHarness(GatewayFactory gateway, Uri baseAddress, HttpClient api, Guid orgId)
    {
        OrgId = orgId;
        Gateway = gateway;
        BaseAddress = baseAddress;
        Api = api;
        Sim = new HttpClient { BaseAddress = baseAddress };
    }

    public GatewayFactory Gateway { get; }

    public Guid OrgId { get; }

    public Uri BaseAddress { get; }

    /// <summary>The organization's API client (Admin key).</summary>
    public HttpClient Api { get; }

    /// <summary>Unauthenticated client for the simulator's control API.</summary>
    public HttpClient Sim { get; }

    /// <summary>Every response body the API returned, for the "no secrets anywhere" checks.</summary>
    public List<string> Bodies { get; } = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<OnboardingHarness> StartAsync(
        DatabaseProvider provider, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var gateway = await GatewayFactory.CreateAsync(provider, settings);
        gateway.ConfigureServices = services;
        var baseAddress = gateway.StartOnLoopback();
        var org = await gateway.CreateOrganizationAsync();
        org.Client.Dispose();
        var api = new HttpClient { BaseAddress = baseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", org.ApiKey);
        return new OnboardingHarness(gateway, baseAddress, api, org.OrgId);
    }

    public async Task<JsonElement> SignupSessionAsync(int phoneNumbers = 1)
    {
        using var response = await Sim.PostAsJsonAsync("/sandbox/meta/signup-sessions", new { phoneNumbers }, Ct);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    public async Task<string> StateAsync(HttpClient? client = null)
    {
        var config = await (client ?? Api).GetFromJsonAsync<JsonElement>("/api/v1/onboarding/embedded-signup/config", Ct);
        return config.GetProperty("state").GetString()!;
    }

    public async Task<(HttpResponseMessage Response, string Body)> SendAsync(HttpMethod method, string path, object? body = null, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        var response = await (client ?? Api).SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Bodies.Add(text);
        return (response, text);
    }

    public async Task<JsonElement> JsonAsync(HttpMethod method, string path, object? body = null, HttpClient? client = null)
    {
        var (response, text) = await SendAsync(method, path, body, client);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Runs a whole simulated Embedded Signup through the gateway; returns the session and the connection.</summary>
    public async Task<(JsonElement Session, JsonElement Connection)> ConnectAsync(int phoneNumbers = 1)
    {
        var session = await SignupSessionAsync(phoneNumbers);
        var state = await StateAsync();
        var connection = await JsonAsync(HttpMethod.Post, "/api/v1/onboarding/embedded-signup/complete", new
        {
            code = session.GetProperty("code").GetString(),
            state,
            wabaId = session.GetProperty("wabaId").GetString(),
            @event = "FINISH",
        });
        return (session, connection);
    }

    /// <summary>A separate token on the WABA, to look at the simulator's state through Graph like Meta's UI would.</summary>
    public async Task<string> IssueTokenAsync(string wabaId)
    {
        using var response = await Sim.PostAsJsonAsync("/sandbox/meta/tokens", new { wabaIds = new[] { wabaId } }, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accessToken").GetString()!;
    }

    public async Task<JsonElement> GraphGetAsync(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Graph + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Sim.SendAsync(request, Ct);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    /// <summary>Registers a number directly at the simulated Meta, as a customer with their own app would have done.</summary>
    public async Task RegisterAtMetaAsync(string phoneNumberId, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Graph + phoneNumberId + "/register")
        {
            Content = JsonContent.Create(new { messaging_product = "whatsapp", pin = "123456" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Sim.SendAsync(request, Ct);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Runs <paramref name="work"/> in a scope acting for this harness's organization.</summary>
    public Task<T> InOrgScopeAsync<T>(Func<IServiceProvider, Task<T>> work) => Gateway.InScopeAsync(sp =>
    {
        sp.GetRequiredService<TenantContext>().Set(OrgId);
        return work(sp);
    });

    public async Task FaultAsync(string endpoint, int metaCode, int httpStatus, int count = 1)
    {
        using var response = await Sim.PostAsJsonAsync("/sandbox/meta/faults", new { endpoint, metaCode, httpStatus, count }, Ct);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Polls the connection until <paramref name="status"/> (jobs run in the background).</summary>
    public async Task<JsonElement> WaitForStatusAsync(string connectionId, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var connection = await JsonAsync(HttpMethod.Get, $"/api/v1/connections/{connectionId}");
            if (connection.GetProperty("status").GetString() == status || DateTime.UtcNow > deadline)
            {
                Assert.Equal(status, connection.GetProperty("status").GetString());
                return connection;
            }

            await Task.Delay(200, Ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Sim.Dispose();
        Api.Dispose();
        await Gateway.DisposeAsync();
    }
}

internal static class OrganizationClients
{
    /// <summary>A new organization and a client for it against the loopback server.</summary>
    public static async Task<HttpClient> NewOrganizationClientAsync(this GatewayFactory gateway, Uri baseAddress)
    {
        var org = await gateway.CreateOrganizationAsync();
        org.Client.Dispose();
        var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", org.ApiKey);
        return client;
    }
}
