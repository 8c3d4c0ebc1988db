using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Webhooks;
using WabaGate.Server.Tests.Onboarding;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Webhooks;

/// <summary>
/// Meta's first webhooks can beat the signup that connects their WABA. Such a delivery is unroutable: kept with its
/// body sealed under the master key, listed for the operator, and adopted and processed by the organization that
/// connects the WABA — never by another one.
/// </summary>
public sealed class UnroutableAdoptionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_delivery_for_a_waba_connected_later_is_sealed_then_adopted_and_processed_by_its_organization(DatabaseProvider provider)
    {
        await using var harness = await OnboardingHarness.StartAsync(provider, new Dictionary<string, string?> { ["Meta:AppSecret"] = WebhookTestKit.AppSecret });
        var session = await harness.SignupSessionAsync();
        var wabaId = session.GetProperty("wabaId").GetString()!;
        var phoneNumberId = session.GetProperty("phoneNumberIds")[0].GetString()!;

        // Another organization connecting some other WABA adopts nothing.
        var other = await harness.Gateway.CreateOrganizationAsync();
        await harness.Gateway.AddConnectionAsync(other.OrgId, "900777", ["800777"]);

        using var client = new HttpClient { BaseAddress = harness.BaseAddress };
        var body = WebhookTestKit.MessagesDelivery((wabaId, phoneNumberId, "wamid.EARLY", "written before the signup finished"));
        using var response = await client.PostSignedAsync("/webhooks/meta", body, WebhookTestKit.AppSecret, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // (The simulated Meta may also have announced the new WABA, e.g. with account_update: unroutable as well.)
        var unroutable = Assert.Single(await harness.Gateway.DeliveriesAsync(null), d => d.Fields == "messages");
        Assert.Equal(WebhookDeliveryState.Unroutable, unroutable.State);
        Assert.NotNull(unroutable.SealedBy);
        Assert.Equal(wabaId, unroutable.EntryIds);
        Assert.DoesNotContain("written before", Encoding.UTF8.GetString(unroutable.PayloadCipher!), StringComparison.Ordinal);

        var listing = new StringWriter();
        Assert.Equal(0, await new ListUnroutableCommand().RunAsync(harness.Gateway.Services, [], listing, Ct));
        Assert.Contains(unroutable.Id.ToString(), listing.ToString(), StringComparison.Ordinal);
        Assert.Contains(wabaId, listing.ToString(), StringComparison.Ordinal);

        await harness.JsonAsync(HttpMethod.Post, "/api/v1/onboarding/embedded-signup/complete", new
        {
            code = session.GetProperty("code").GetString(),
            state = await harness.StateAsync(),
            wabaId,
            @event = "FINISH",
        });

        var adopted = await harness.Gateway.WaitForAsync(harness.OrgId, d => d.Id == unroutable.Id && d.State == WebhookDeliveryState.Processed, Ct);
        Assert.Null(adopted.SealedBy);
        Assert.DoesNotContain(await harness.Gateway.DeliveriesAsync(null), d => d.EntryIds == wabaId);
        Assert.Empty(await harness.Gateway.DeliveriesAsync(other.OrgId));

        var conversations = await harness.Api.GetFromJsonAsync<JsonElement>("/api/v1/conversations?status=all", Ct);
        var conversation = Assert.Single(conversations.GetProperty("items").EnumerateArray());
        var thread = await harness.Api.GetFromJsonAsync<JsonElement>($"/api/v1/conversations/{conversation.GetProperty("id").GetGuid()}/messages", Ct);
        var message = Assert.Single(thread.GetProperty("items").EnumerateArray());
        Assert.Equal("wamid.EARLY", message.GetProperty("wamid").GetString());
        Assert.Equal("written before the signup finished", message.GetProperty("content").GetProperty("body").GetString());
    }
}
