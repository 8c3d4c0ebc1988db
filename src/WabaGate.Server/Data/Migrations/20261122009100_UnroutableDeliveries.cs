using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WabaGate.Server.Data.Migrations;

/// <summary>
/// Unroutable deliveries keep their body (sealed under the master key) and their WABA ids, and are adopted by the
/// organization that connects those WABAs.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122009100_UnroutableDeliveries")]
public sealed class UnroutableDeliveries : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("sealed_by", "webhook_deliveries", nullable: true);
        migrationBuilder.AddColumn<string>("entry_ids", "webhook_deliveries", nullable: true);

        if (migrationBuilder.IsPostgres())
        {
            // Unroutable rows belong to no organization, so row-level security hides them from every tenant. This hands
            // them to an organization only when it holds (a live connection to) every WABA the delivery names — the
            // same rule the webhook endpoint routes by.
            migrationBuilder.Sql("""
                CREATE FUNCTION adopt_unroutable_deliveries(p_org uuid)
                RETURNS SETOF uuid
                LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public
                AS $$
                    UPDATE webhook_deliveries d SET org_id = p_org
                    WHERE d.org_id IS NULL AND d.state = 'unroutable' AND d.sealed_by IS NOT NULL AND d.entry_ids IS NOT NULL
                      AND NOT EXISTS (
                          SELECT 1 FROM unnest(string_to_array(d.entry_ids, ',')) AS e(waba_id)
                          WHERE NOT EXISTS (SELECT 1 FROM connections c
                                            WHERE c.waba_id = e.waba_id AND c.org_id = p_org AND c.status <> 'Disconnected'))
                    RETURNING d.id
                $$;
                REVOKE ALL ON FUNCTION adopt_unroutable_deliveries(uuid) FROM PUBLIC;
                """);
        }
    }
}
