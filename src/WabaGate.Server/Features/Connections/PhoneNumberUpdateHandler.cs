using Microsoft.EntityFrameworkCore;
using WabaGate.Graph.Webhooks;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Inbox;
using WabaGate.Server.Features.Webhooks;

namespace WabaGate.Server.Features.Connections;

/// <summary>
/// <c>phone_number_quality_update</c> (messaging limit tier changes, flagged quality) and
/// <c>phone_number_name_update</c> (display-name review): the phone number row follows. Meta names the number by
/// its display number, so it is matched within the change's connection on digits.
/// </summary>
internal sealed class PhoneNumberUpdateHandler(AppDbContext db, ILiveEvents live, TimeProvider clock) : IWebhookFieldHandler
{
    public IReadOnlyCollection<string> Fields { get; } = [WebhookFields.PhoneNumberQualityUpdate, WebhookFields.PhoneNumberNameUpdate];

    public async Task<string?> ApplyAsync(WebhookFieldContext context, CancellationToken cancellationToken)
    {
        var (display, note) = context.Change.Value switch
        {
            PhoneNumberQualityUpdate q => (q.DisplayPhoneNumber, q.Event),
            PhoneNumberNameUpdate n => (n.DisplayPhoneNumber, n.Decision),
            _ => (null, null),
        };
        var phones = await db.Set<PhoneNumber>().Where(p => p.ConnectionId == context.ConnectionId).ToListAsync(cancellationToken);
        var phone = phones.FirstOrDefault(p => Digits(p.DisplayPhoneNumber) == Digits(display) && Digits(display).Length > 0)
            ?? (phones.Count == 1 ? phones[0] : null);
        if (phone is null)
        {
            return "no matching phone number";
        }

        switch (context.Change.Value)
        {
            case PhoneNumberQualityUpdate quality:
                phone.MessagingLimitTier = quality.CurrentLimit ?? phone.MessagingLimitTier;
                phone.QualityRating = quality.Event switch
                {
                    "FLAGGED" => "RED",
                    "UNFLAGGED" => "GREEN",
                    _ => phone.QualityRating,
                };
                break;
            case PhoneNumberNameUpdate name:
                phone.NameStatus = name.Decision ?? phone.NameStatus;
                if (name.Decision is "APPROVED" && name.RequestedVerifiedName is { } verified)
                {
                    phone.VerifiedName = verified;
                }

                break;
        }

        phone.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        var connection = await db.Set<Connection>().AsNoTracking().SingleAsync(c => c.Id == context.ConnectionId, cancellationToken);
        await live.PublishAsync(context.OrgId, LiveEventTypes.ConnectionUpdated, ConnectionUpdatedEvent.From(connection, phone), cancellationToken);
        return note;
    }

    private static string Digits(string? number) => new((number ?? string.Empty).Where(char.IsAsciiDigit).ToArray());
}
