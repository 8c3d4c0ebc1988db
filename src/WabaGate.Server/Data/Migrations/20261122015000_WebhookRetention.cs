using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WabaGate.Server.Data.Migrations;

/// <summary>
/// Retention of processed webhook deliveries: a partial index over the processed deliveries that still hold a body
/// (so the purge does not rescan the stripped ones), and on PostgreSQL the two reviewed cross-tenant statements.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122015000_WebhookRetention")]
public sealed class WebhookRetention : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateIndex(
            "ix_webhook_deliveries_processed_with_payload", "webhook_deliveries", "id",
            filter: "state = 'processed' AND payload_cipher IS NOT NULL");

        if (!migrationBuilder.IsPostgres())
        {
            return;
        }

        migrationBuilder.Sql("""
            CREATE FUNCTION strip_webhook_payloads(p_before uuid, p_limit int)
            RETURNS int
            LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public
            AS $$
              WITH stripped AS (
                UPDATE webhook_deliveries d SET payload_cipher = NULL WHERE d.id = ANY (ARRAY(
                  SELECT c.id FROM webhook_deliveries c
                   WHERE c.state = 'processed' AND c.payload_cipher IS NOT NULL AND c.id < p_before ORDER BY c.id LIMIT p_limit))
                RETURNING 1)
              SELECT count(*)::int FROM stripped
            $$;
            REVOKE ALL ON FUNCTION strip_webhook_payloads(uuid, int) FROM PUBLIC;

            CREATE FUNCTION purge_webhook_deliveries(p_before uuid, p_limit int)
            RETURNS int
            LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public
            AS $$
              WITH gone AS (
                DELETE FROM webhook_deliveries d WHERE d.id = ANY (ARRAY(
                  SELECT c.id FROM webhook_deliveries c WHERE c.state = 'processed' AND c.id < p_before ORDER BY c.id LIMIT p_limit))
                RETURNING 1)
              SELECT count(*)::int FROM gone
            $$;
            REVOKE ALL ON FUNCTION purge_webhook_deliveries(uuid, int) FROM PUBLIC;
            """);
    }
}
