using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WabaGate.Server.Data.Migrations;

/// <summary>
/// The durable job queue, and on PostgreSQL the reviewed functions that cross organizations for it:
/// claiming due jobs (<c>FOR UPDATE SKIP LOCKED</c>, so any number of nodes share the work), purging old
/// succeeded jobs and counting the queue for metrics. Everything else about a job happens under its
/// organization's row-level security.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261121000300_Jobs")]
public sealed class Jobs : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "jobs",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                org_id = table.Column<Guid>(nullable: true),
                kind = table.Column<string>(nullable: false),
                payload = table.Column<string>(nullable: false),
                state = table.Column<string>(nullable: false),
                attempts = table.Column<int>(nullable: false),
                max_attempts = table.Column<int>(nullable: false),
                run_at = table.Time(migrationBuilder),
                locked_by = table.Column<string>(nullable: true),
                locked_until = table.Time(migrationBuilder, nullable: true),
                last_error = table.Column<string>(nullable: true),
                dedupe_key = table.Column<string>(nullable: true),
                created_at = table.Time(migrationBuilder),
                updated_at = table.Time(migrationBuilder),
                completed_at = table.Time(migrationBuilder, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_jobs", x => x.id);
                table.ForeignKey("fk_jobs_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_jobs_state_run_at", "jobs", ["state", "run_at"]);
        migrationBuilder.CreateIndex("ix_jobs_org_id_id", "jobs", ["org_id", "id"]);
        migrationBuilder.CreateIndex("ix_jobs_dedupe_key", "jobs", "dedupe_key", unique: true, filter: "dedupe_key IS NOT NULL");
        migrationBuilder.EnableTenantIsolation("jobs", systemRows: true);

        if (migrationBuilder.IsPostgres())
        {
            CreateFunctions(migrationBuilder);
        }
    }

    private static void CreateFunctions(MigrationBuilder migrationBuilder)
    {
        // Claims up to p_limit due jobs of any organization for one worker: running ones whose lease ran out (their
        // worker died) first, then pending ones whose time has come, oldest first. Each branch is a plain range scan
        // of ix_jobs_state_run_at, so a large backlog costs no sort. SKIP LOCKED lets concurrent claimers pass each
        // other instead of waiting or taking the same row; a locked row is re-checked against its latest version,
        // so a job completed meanwhile is not taken. Returns ids and the payload, nothing more.
        migrationBuilder.Sql("""
            CREATE FUNCTION claim_jobs(p_worker text, p_limit int, p_lease_seconds int)
            RETURNS TABLE (id uuid, org_id uuid, kind text, payload text, attempts int, max_attempts int)
            LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public
            AS $$
              WITH expired AS (
                     SELECT c.id FROM jobs c WHERE c.state = 'running' AND c.locked_until < now()
                      ORDER BY c.run_at LIMIT p_limit FOR UPDATE SKIP LOCKED),
                   due AS (
                     SELECT c.id FROM jobs c WHERE c.state = 'pending' AND c.run_at <= now()
                      ORDER BY c.run_at LIMIT p_limit FOR UPDATE SKIP LOCKED)
              UPDATE jobs j
                 SET state = 'running', locked_by = p_worker, locked_until = now() + make_interval(secs => p_lease_seconds),
                     attempts = j.attempts + 1, updated_at = now()
               WHERE j.id = ANY (ARRAY(SELECT e.id FROM expired e UNION ALL SELECT d.id FROM due d LIMIT p_limit))
              RETURNING j.id, j.org_id, j.kind, j.payload, j.attempts, j.max_attempts
            $$;
            REVOKE ALL ON FUNCTION claim_jobs(text, int, int) FROM PUBLIC;
            """);

        // Retention: deletes at most p_limit succeeded jobs finished before p_before; returns how many.
        migrationBuilder.Sql("""
            CREATE FUNCTION purge_jobs(p_before timestamptz, p_limit int)
            RETURNS int
            LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public
            AS $$
              WITH gone AS (
                DELETE FROM jobs j WHERE j.id = ANY (ARRAY(
                  SELECT c.id FROM jobs c WHERE c.state = 'succeeded' AND c.completed_at < p_before LIMIT p_limit))
                RETURNING 1)
              SELECT count(*)::int FROM gone
            $$;
            REVOKE ALL ON FUNCTION purge_jobs(timestamptz, int) FROM PUBLIC;
            """);

        // Metrics: unfinished and dead jobs per kind and state, and when the oldest due pending job became due.
        // Kinds and counts only; no ids, organizations or payloads.
        migrationBuilder.Sql("""
            CREATE FUNCTION job_queue_stats()
            RETURNS TABLE (kind text, state text, jobs bigint, oldest_due timestamptz)
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
            AS $$
              SELECT j.kind, j.state, count(*), min(j.run_at) FILTER (WHERE j.state = 'pending' AND j.run_at <= now())
                FROM jobs j WHERE j.state IN ('pending', 'running', 'dead')
               GROUP BY j.kind, j.state
            $$;
            REVOKE ALL ON FUNCTION job_queue_stats() FROM PUBLIC;
            """);
    }
}
