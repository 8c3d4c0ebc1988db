using System.Net;
using System.Text.Json.Nodes;
using WabaGate.Server.Data;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Messaging;

/// <summary>
/// The accept's reads are compiled queries (one per provider, and both providers run in this process): they must still
/// see only the caller's organization, and the first organization to run them must not fix what later callers see.
/// </summary>
public sealed class CrossTenantSendTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Another_organization_cannot_send_from_this_number_nor_use_its_templates(DatabaseProvider provider)
    {
        const string customer = "5511988883001";
        await using var h = await SendingHarness.StartAsync(provider);
        var template = await h.ApprovedTemplateAsync("visit_reminder", withComponents: new JsonArray(new JsonObject { ["type"] = "BODY", ["text"] = "Your visit is tomorrow." }));
        var owner = await h.AcceptedAsync(new { from = h.PhoneNumberId, to = customer, type = "template", template = new { name = template, language = "en_US" } });

        var other = await h.Gateway.CreateOrganizationAsync("Other clinic");
        foreach (var from in new[] { h.PhoneNumberId, h.PhoneRowId.ToString() })
        {
            var (response, body) = await h.SendAsync(new { from, to = customer, type = "template", template = new { name = template, language = "en_US" } }, client: other.Client);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("validation_failed", body.GetProperty("code").GetString());
            Assert.Contains("No phone number of this organization", body.ToString(), StringComparison.Ordinal);
        }

        // The owner is unaffected by the refused attempts, and only its own message reached Meta.
        var again = await h.AcceptedAsync(new { from = h.PhoneRowId.ToString(), to = customer, type = "template", template = new { name = template, language = "en_US" } });
        await h.WaitForStatusAsync(owner.GetProperty("id").GetString()!, "sent");
        await h.WaitForStatusAsync(again.GetProperty("id").GetString()!, "sent");
        Assert.Equal(2, h.Outbox().Count);
    }
}
