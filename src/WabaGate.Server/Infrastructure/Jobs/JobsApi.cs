using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Configurations;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Tenancy;

using WabaGate.Server.Infrastructure.Paging;
using WabaGate.Server.Infrastructure.Problems;

namespace WabaGate.Server.Infrastructure.Jobs;

/// <summary>The organization's jobs for its admins: what is failing, what is dead, and a way to revive it.</summary>
internal static class JobsApi
{

    public static RouteGroupBuilder MapJobs(this RouteGroupBuilder api)
    {
        var jobs = api.MapGroup("/jobs").WithTags("Jobs").RequireAuthorization(TenancyPolicies.OrgAdmin);
        jobs.MapGet("/", List).WithSummary("List the organization's jobs, newest first (filter by state and kind).");
        jobs.MapGet("/{id:guid}", Get).WithSummary("One job.");
        jobs.MapPost("/{id:guid}/retry", Retry).WithSummary("Revive a dead job: pending again, attempts reset.");
        return api;
    }

    private static async Task<Results<Ok<ItemsResponse<JobDto>>, ProblemHttpResult>> List(
        string? state, string? kind, int? limit, string? cursor, ClaimsPrincipal principal, AppDbContext db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        JobState parsedState = default;
        if (state is not null && !JobStates.TryParse(state, out parsedState))
        {
            errors["state"] = ["Use one of pending, running, succeeded, dead."];
        }

        var page = IdPage.Parse(limit, cursor, errors);
        if (errors.Count > 0)
        {
            return ApiResults.ValidationFailed(errors.AsReadOnly());
        }

        var query = OrganizationJobs(db, principal);
        if (state is not null)
        {
            query = query.Where(j => j.State == parsedState);
        }

        if (!string.IsNullOrEmpty(kind))
        {
            query = query.Where(j => j.Kind == kind);
        }

        return TypedResults.Ok(await query.ToPageAsync(page, j => j.Id, JobDto.From, ct));
    }

    private static async Task<Results<Ok<JobDto>, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal principal, AppDbContext db, CancellationToken ct)
        => await OrganizationJobs(db, principal).SingleOrDefaultAsync(j => j.Id == id, ct) is { } job
            ? TypedResults.Ok(JobDto.From(job))
            : ApiResults.NotFound("No job with this id in your organization.");

    private static async Task<Results<Ok<JobDto>, ProblemHttpResult>> Retry(
        Guid id, ClaimsPrincipal principal, AppDbContext db, TimeProvider clock, JobSignal signal, CancellationToken ct)
    {
        var job = await OrganizationJobs(db, principal).SingleOrDefaultAsync(j => j.Id == id, ct);
        if (job is null)
        {
            return ApiResults.NotFound("No job with this id in your organization.");
        }

        var now = clock.GetUtcNow();
        var revived = await OrganizationJobs(db, principal).Where(j => j.Id == id && j.State == JobState.Dead)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, JobState.Pending).SetProperty(j => j.Attempts, 0).SetProperty(j => j.RunAt, now)
                .SetProperty(j => j.UpdatedAt, now).SetProperty(j => j.CompletedAt, (DateTimeOffset?)null)
                .SetProperty(j => j.LockedBy, (string?)null).SetProperty(j => j.LockedUntil, (DateTimeOffset?)null), ct);
        if (revived == 0)
        {
            return ApiResults.Conflict("job_not_dead", "Only a dead job can be retried; this one is still queued, running or done.");
        }

        // Answer with what the retry wrote: a worker may claim the job the moment it is pending again.
        (job.State, job.Attempts, job.RunAt, job.UpdatedAt, job.CompletedAt, job.LockedBy, job.LockedUntil) =
            (JobState.Pending, 0, now, now, null, null, null);
        signal.Notify();
        return TypedResults.Ok(JobDto.From(job));
    }

    /// <summary>The caller's organization's jobs (system jobs are never listed to an organization).</summary>
    private static IQueryable<Job> OrganizationJobs(AppDbContext db, ClaimsPrincipal principal)
    {
        var orgId = Caller.From(principal).OrgId;
        return db.Set<Job>().AsNoTracking().Where(j => j.OrgId == orgId);
    }
}
