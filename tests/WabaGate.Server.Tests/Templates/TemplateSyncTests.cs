using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Templates;
using WabaGate.Server.Tests.Onboarding;

namespace WabaGate.Server.Tests.Templates;

public sealed class TemplateSyncTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Sync_reads_every_page_keeps_media_headers_buttons_and_named_parameters_and_drops_what_meta_deleted(DatabaseProvider provider)
    {
        await using var h = await OnboardingHarness.StartAsync(provider);
        var (connectionId, wabaId, _, token) = await h.ConnectWabaAsync();

        // 12 templates at Meta: more than two of the simulator's 5-template pages.
        for (var i = 0; i < 11; i++)
        {
            await h.CreateAtMetaAsync(wabaId, token, new
            {
                name = $"notice_{i:D2}", language = "en_US", category = "UTILITY",
                components = new object[] { new { type = "BODY", text = $"Notice {i} for {{{{1}}}} today.", example = new { body_text = new[] { new[] { "Ana" } } } } },
            });
        }

        var promoId = await h.CreateAtMetaAsync(wabaId, token, new
        {
            name = "spring_promo", language = "pt_BR", category = "MARKETING", parameter_format = "named",
            components = new object[]
            {
                new { type = "HEADER", format = "IMAGE", example = new { header_handle = new[] { "4::aW1hZ2UvanBlZw==:ARbExample" } } },
                new
                {
                    type = "BODY", text = "Oi {{first_name}}, use {{code}} hoje.",
                    example = new { body_text_named_params = new[] { new { param_name = "first_name", example = "Ana" }, new { param_name = "code", example = "SAVE20" } } },
                },
                new
                {
                    type = "BUTTONS",
                    buttons = new object[]
                    {
                        new { type = "URL", text = "Comprar", url = "https://example.com/p/{{1}}", example = new[] { "https://example.com/p/1" } },
                        new { type = "PHONE_NUMBER", text = "Ligar", phone_number = "+15550783881" },
                    },
                },
            },
        });
        Assert.True((await h.TemplatesAtMetaAsync(wabaId, token)).Count == 12);

        var sync = await h.JsonAsync(HttpMethod.Post, $"/api/v1/templates/sync?connectionId={connectionId}");
        var result = Assert.Single(sync.GetProperty("items").EnumerateArray());
        Assert.Equal(12, result.GetProperty("fetched").GetInt32());

        var list = await h.JsonAsync(HttpMethod.Get, $"/api/v1/templates?connectionId={connectionId}&limit=200");
        var templates = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(12, templates.Count);
        Assert.Equal(11, templates.Count(t => t.GetProperty("name").GetString()!.StartsWith("notice_", StringComparison.Ordinal)));
        Assert.All(templates, t => Assert.Equal("PENDING", t.GetProperty("status").GetString()));

        var promo = templates.Single(t => t.GetProperty("name").GetString() == "spring_promo");
        Assert.Equal(promoId, promo.GetProperty("metaId").GetString());
        Assert.Equal("pt_BR", promo.GetProperty("language").GetString());
        Assert.Equal("MARKETING", promo.GetProperty("category").GetString());
        Assert.Equal("NAMED", promo.GetProperty("parameterFormat").GetString());
        var components = promo.GetProperty("components");
        Assert.Equal("IMAGE", components[0].GetProperty("format").GetString());
        Assert.Equal("4::aW1hZ2UvanBlZw==:ARbExample", components[0].GetProperty("example").GetProperty("header_handle")[0].GetString());
        Assert.Equal("code", components[1].GetProperty("example").GetProperty("body_text_named_params")[1].GetProperty("param_name").GetString());
        Assert.Equal("+15550783881", components[2].GetProperty("buttons")[1].GetProperty("phone_number").GetString());
        Assert.Equal("https://example.com/p/1", components[2].GetProperty("buttons")[0].GetProperty("example")[0].GetString());

        // Filter by status; then Meta approves nothing but deletes one: the next sync removes it here too.
        var approved = await h.JsonAsync(HttpMethod.Get, $"/api/v1/templates?connectionId={connectionId}&status=approved");
        Assert.Empty(approved.GetProperty("items").EnumerateArray());
        await h.DeleteAtMetaAsync(wabaId, token, "notice_03");
        var again = await h.JsonAsync(HttpMethod.Post, $"/api/v1/templates/sync?connectionId={connectionId}");
        var second = again.GetProperty("items")[0];
        Assert.Equal(11, second.GetProperty("fetched").GetInt32());
        Assert.Equal(1, second.GetProperty("removed").GetInt32());
        var after = await h.JsonAsync(HttpMethod.Get, $"/api/v1/templates?connectionId={connectionId}&limit=200");
        Assert.DoesNotContain(after.GetProperty("items").EnumerateArray(), t => t.GetProperty("name").GetString() == "notice_03");
        Assert.Equal(11, after.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Connecting_queues_a_sync_job_that_pulls_the_templates_and_schedules_the_next_one(DatabaseProvider provider)
    {
        await using var h = await OnboardingHarness.StartAsync(provider);
        var (connectionId, _, _, _) = await h.ConnectWabaAsync();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<Job> jobs;
        while (true)
        {
            jobs = await h.InOrgScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Job>().AsNoTracking()
                .Where(j => j.Kind == TemplateSyncJobs.JobKind).ToListAsync(TestContext.Current.CancellationToken));
            if (jobs.Any(j => j.State == JobState.Succeeded) || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        var ran = Assert.Single(jobs, j => j.State == JobState.Succeeded);
        Assert.Contains(connectionId, ran.Payload, StringComparison.Ordinal);
        Assert.Contains(":soon:", ran.DedupeKey, StringComparison.Ordinal);

        // The schedule: one pending sync on the grid, hours ahead (Templates:SyncInterval, 6 h by default).
        var next = Assert.Single(jobs, j => j.State == JobState.Pending);
        Assert.Contains(":at:", next.DedupeKey, StringComparison.Ordinal);
        Assert.InRange(next.RunAt - DateTimeOffset.UtcNow, TimeSpan.Zero, TimeSpan.FromHours(6));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Sync_of_a_connection_of_another_organization_is_not_found(DatabaseProvider provider)
    {
        await using var h = await OnboardingHarness.StartAsync(provider);
        var (connectionId, _, _, _) = await h.ConnectWabaAsync();
        using var other = await h.Gateway.NewOrganizationClientAsync(h.BaseAddress);

        var (response, _) = await h.SendAsync(HttpMethod.Post, $"/api/v1/templates/sync?connectionId={connectionId}", client: other);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var list = await h.JsonAsync(HttpMethod.Get, "/api/v1/templates", client: other);
        Assert.Empty(list.GetProperty("items").EnumerateArray());
    }
}
