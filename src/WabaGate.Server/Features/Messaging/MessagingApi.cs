using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Configurations;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Compliance;
using WabaGate.Server.Features.Tenancy;
using WabaGate.Server.Infrastructure.Paging;
using WabaGate.Server.Infrastructure.Problems;

namespace WabaGate.Server.Features.Messaging;

internal static class MessagingApi
{
    public static RouteGroupBuilder MapMessaging(this RouteGroupBuilder api)
    {
        var messages = api.MapGroup("/messages").WithTags("Messaging");
        messages.MapPost("/", Send)
            .WithSummary("Send a message (text, template, media, interactive, reaction, location, contacts): validated, then queued (or held for approval); 202 with the message.");
        messages.MapGet("/{id:guid}", Get).WithSummary("One message, with its status and, when it failed, Meta's code and a readable reason.");
        messages.MapPost("/{id:guid}/approve", Approve).RequireAuthorization(TenancyPolicies.OrgAdmin)
            .WithSummary("Approve a message waiting for approval: it is queued for sending (audit-logged).");
        messages.MapPost("/{id:guid}/reject", Reject).RequireAuthorization(TenancyPolicies.OrgAdmin)
            .WithSummary("Reject a message waiting for approval: it never reaches Meta (audit-logged).");
        api.MapGet("/approvals", Approvals).WithTags("Messaging").WithSummary("Messages waiting for approval, newest first, with who asked for them.");
        api.MapGet("/approval-policy", GetPolicy).WithTags("Messaging").WithSummary("The organization's approval policy and the connections' overrides.");
        api.MapPut("/approval-policy", PutPolicy).RequireAuthorization(TenancyPolicies.OrgAdmin).WithTags("Messaging")
            .WithSummary("Set the organization's approval policy: none, all_outbound, api_originated_only or templates_only.");
        api.MapPut("/connections/{id:guid}/approval-policy", PutConnectionPolicy).RequireAuthorization(TenancyPolicies.OrgAdmin).WithTags("Messaging")
            .WithSummary("Set one connection's approval policy (null: use the organization's).");
        return api;
    }

    private static async Task<Accepted<MessageView>> Send(
        SendMessageApiRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, ClaimsPrincipal principal, MessageSender sender, CancellationToken ct)
    {
        var view = await sender.AcceptAsync(Caller.From(principal), request, idempotencyKey, ct);
        return TypedResults.Accepted($"/api/v1/messages/{view.Id}", view);
    }

    private static async Task<Ok<MessageView>> Get(Guid id, AppDbContext db, MessageContentCodec codec, CancellationToken ct)
    {
        var message = await db.Set<Message>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct)
            ?? throw ApiProblemException.NotFound("No message with this id.");
        return TypedResults.Ok(MessageView.Create(message, await codec.ReadAsync(message, ct)));
    }

    private static async Task<Ok<MessageView>> Approve(Guid id, [FromBody] ReviewRequest? review, ClaimsPrincipal principal, ApprovalService approvals, CancellationToken ct)
        => TypedResults.Ok(await approvals.DecideAsync(Caller.From(principal), id, approve: true, review?.Reason, ct));

    private static async Task<Ok<MessageView>> Reject(Guid id, [FromBody] ReviewRequest? review, ClaimsPrincipal principal, ApprovalService approvals, CancellationToken ct)
        => TypedResults.Ok(await approvals.DecideAsync(Caller.From(principal), id, approve: false, review?.Reason, ct));

    private static async Task<Ok<ItemsResponse<ApprovalView>>> Approvals(int? limit, string? cursor, AppDbContext db, MessageContentCodec codec, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var page = IdPage.Parse(limit, cursor, errors);
        if (errors.Count > 0)
        {
            throw ApiProblemException.Validation(errors);
        }

        var rows = await db.Set<Message>().AsNoTracking().Where(m => m.Status == MessageStatus.PendingApproval).ToPageAsync(page, m => m.Id, m => m, ct);
        var items = new List<ApprovalView>(rows.Items.Count);
        foreach (var message in rows.Items)
        {
            items.Add(new ApprovalView(MessageView.Create(message, await codec.ReadAsync(message, ct)), message.RequestedBy, EnumNames.SnakeCase(message.Origin)));
        }

        return TypedResults.Ok(new ItemsResponse<ApprovalView>(items, rows.NextCursor));
    }

    private static async Task<Ok<ApprovalPolicyView>> GetPolicy(ApprovalPolicies policies, CancellationToken ct)
        => TypedResults.Ok(await policies.ViewAsync(ct));

    private static async Task<Ok<ApprovalPolicyView>> PutPolicy(
        ApprovalPolicyRequest request, ClaimsPrincipal principal, ApprovalPolicies policies, AuditLog audit, AppDbContext db, CancellationToken ct)
    {
        var caller = Caller.From(principal);
        var policy = ApprovalPolicies.Parse(request.Policy, allowNull: false);
        await policies.SetAsync(caller.OrgId, null, policy, AuditLog.Actor(caller), ct);
        audit.Add(caller, "approval_policy.set", "organization", request.Policy);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await policies.ViewAsync(ct));
    }

    private static async Task<Ok<ApprovalPolicyView>> PutConnectionPolicy(
        Guid id, ApprovalPolicyRequest request, ClaimsPrincipal principal, ApprovalPolicies policies, AuditLog audit, AppDbContext db, CancellationToken ct)
    {
        var caller = Caller.From(principal);
        if (!await db.Set<Connection>().AnyAsync(c => c.Id == id, ct))
        {
            throw ApiProblemException.NotFound("No connection with this id.");
        }

        var policy = ApprovalPolicies.Parse(request.Policy, allowNull: true);
        await policies.SetAsync(caller.OrgId, id, policy, AuditLog.Actor(caller), ct);
        audit.Add(caller, "approval_policy.set", $"connection:{id}", request.Policy ?? "inherit");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await policies.ViewAsync(ct));
    }
}
