using System.Globalization;
using Microsoft.Extensions.Options;

namespace WabaGate.Simulator.State;

/// <summary>
/// Everything the simulated Meta knows, in memory and bounded. Thread-safe: every member takes one lock.
/// Tests and the sandbox read it through the public members; the Graph endpoints use the internal ones.
/// </summary>
public sealed class SimulatorState
{
    private readonly Lock _gate = new();
    private readonly SimulatorOptions _options;
    private readonly Dictionary<string, SimBusiness> _businesses = [];
    private readonly Dictionary<string, SimWaba> _wabas = [];
    private readonly Dictionary<string, SimPhoneNumber> _phones = [];
    private readonly Dictionary<string, SimToken> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimCode> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimTemplate> _templates = [];
    private readonly Dictionary<string, SimMedia> _media = [];
    private readonly Queue<string> _mediaOrder = new();
    private readonly Dictionary<string, SimCustomer> _customers = [];
    private readonly Dictionary<(string Phone, string WaId), DateTimeOffset> _lastInbound = [];
    private readonly Dictionary<(string Phone, string WaId), (double Tokens, DateTimeOffset At)> _pairBuckets = [];
    private readonly Dictionary<string, RingBuffer<OutboxMessage>> _outbox = [];
    private readonly RingBuffer<string> _inboundWamids = new(10_000);
    private readonly RingBuffer<WebhookDeliveryAttempt> _deliveries;
    private long _sequence;
    private long _phoneCounter = 100_000;

    internal SimulatorState(IOptions<SimulatorOptions> options)
    {
        _options = options.Value;
        _deliveries = new RingBuffer<WebhookDeliveryAttempt>(_options.DeliveryLogCapacity);
    }

    internal SimulatorOptions Options => _options;

    internal DateTimeOffset Now => _options.TimeProvider.GetUtcNow();

    internal Lock Gate => _gate;

    /// <summary>Creates a business with a WABA and phone numbers and issues a one-time code for them (Embedded Signup without the browser).</summary>
    public SignupResult CreateSignupSession(int phoneNumbers = 1, string? businessName = null) =>
        Provision(businessName, wabaName: null, phoneNumbers, verifiedName: null, phoneDigits: null, redirectUri: null);

    /// <summary>The same business signing up again with a WABA it already has (after a revoked token): a new code for it.</summary>
    public SignupResult? CreateReauthorizationSession(string wabaId)
    {
        lock (_gate)
        {
            if (!_wabas.TryGetValue(wabaId, out var waba))
            {
                return null;
            }

            var code = new SimCode(Ids.Code(), waba.BusinessId, [waba.Id], Now + _options.CodeLifetime);
            _codes[code.Value] = code;
            return new SignupResult(code.Value, waba.Id, [.. waba.PhoneNumberIds], waba.BusinessId);
        }
    }

    /// <summary>What the simulated Meta accepted from a phone number, oldest first.</summary>
    public IReadOnlyList<OutboxMessage> GetOutbox(string phoneNumberId)
    {
        lock (_gate) return _outbox.TryGetValue(phoneNumberId, out var ring) ? ring.ToList() : [];
    }

    /// <summary>The webhook delivery attempts, oldest first.</summary>
    public IReadOnlyList<WebhookDeliveryAttempt> GetDeliveryLog()
    {
        lock (_gate) return _deliveries.ToList();
    }

    /// <summary>Issues a business token granted on the given WABAs (like a system-user token pasted for a manual connection).</summary>
    public string IssueToken(IReadOnlyList<string> wabaIds)
    {
        lock (_gate)
        {
            var businessId = wabaIds.Select(w => _wabas.GetValueOrDefault(w)?.BusinessId).FirstOrDefault(b => b is not null) ?? Ids.NumericId();
            return AddToken(businessId, wabaIds).Value;
        }
    }

    /// <summary>Revokes a token; later calls with it fail with 190.</summary>
    public bool RevokeToken(string accessToken)
    {
        lock (_gate)
        {
            if (!_tokens.TryGetValue(accessToken, out var token)) return false;
            token.Revoked = true;
            return true;
        }
    }

    /// <summary>How many times <c>/register</c> was called for a number.</summary>
    public int GetRegisterCallCount(string phoneNumberId)
    {
        lock (_gate) return _phones.TryGetValue(phoneNumberId, out var p) ? p.RegisterCallCount : 0;
    }

    internal SignupResult Provision(string? businessName, string? wabaName, int phoneNumbers, string? verifiedName, string? phoneDigits, string? redirectUri)
    {
        lock (_gate)
        {
            var business = new SimBusiness(Ids.NumericId(), string.IsNullOrWhiteSpace(businessName) ? "Sandbox Business " + (_businesses.Count + 1).ToString(CultureInfo.InvariantCulture) : businessName.Trim());
            _businesses[business.Id] = business;
            var waba = new SimWaba(Ids.NumericId(), business.Id, string.IsNullOrWhiteSpace(wabaName) ? business.Name : wabaName.Trim());
            _wabas[waba.Id] = waba;
            for (var i = 0; i < Math.Clamp(phoneNumbers, 0, 20); i++)
            {
                var digits = i == 0 && phoneDigits is { Length: > 6 } ? phoneDigits : "1555" + (++_phoneCounter).ToString("D7", CultureInfo.InvariantCulture);
                var phone = new SimPhoneNumber(Ids.NumericId(), waba.Id, digits, string.IsNullOrWhiteSpace(verifiedName) ? business.Name : verifiedName.Trim())
                {
                    LastOnboardedTime = Now,
                };
                phone.BusinessProfile["messaging_product"] = "whatsapp";
                phone.BusinessProfile["about"] = "Hello! We use WhatsApp.";
                _phones[phone.Id] = phone;
                waba.PhoneNumberIds.Add(phone.Id);
            }

            var code = new SimCode(Ids.Code(), business.Id, [waba.Id], Now + _options.CodeLifetime) { RedirectUri = redirectUri };
            _codes[code.Value] = code;
            return new SignupResult(code.Value, waba.Id, [.. waba.PhoneNumberIds], business.Id);
        }
    }

    internal SimToken AddToken(string businessId, IReadOnlyList<string> wabaIds)
    {
        lock (_gate)
        {
            var token = new SimToken(Ids.AccessToken(), Ids.NumericId(), businessId, wabaIds)
            {
                IssuedAt = Now,
                ExpiresAt = _options.BusinessTokenLifetime is { } life ? Now + life : null,
            };
            _tokens[token.Value] = token;
            return token;
        }
    }

    internal SimToken? FindToken(string value)
    {
        lock (_gate) return _tokens.GetValueOrDefault(value);
    }

    internal SimCode? FindCode(string value)
    {
        lock (_gate) return _codes.GetValueOrDefault(value);
    }

    internal SimBusiness? FindBusiness(string id)
    {
        lock (_gate) return _businesses.GetValueOrDefault(id);
    }

    internal SimWaba? FindWaba(string id)
    {
        lock (_gate) return _wabas.GetValueOrDefault(id);
    }

    internal SimPhoneNumber? FindPhone(string id)
    {
        lock (_gate) return _phones.GetValueOrDefault(id);
    }

    internal List<SimPhoneNumber> PhonesOf(SimWaba waba)
    {
        lock (_gate) return [.. waba.PhoneNumberIds.Select(id => _phones[id])];
    }

    internal SimTemplate? FindTemplate(string id)
    {
        lock (_gate) return _templates.GetValueOrDefault(id);
    }

    internal List<SimTemplate> TemplatesOf(string wabaId)
    {
        lock (_gate) return [.. _templates.Values.Where(t => t.WabaId == wabaId).OrderBy(t => t.Sequence)];
    }

    internal SimTemplate AddTemplate(string wabaId, string name, string language, Action<SimTemplate> init)
    {
        lock (_gate)
        {
            var template = new SimTemplate(Ids.NumericId(), wabaId, name, language) { Sequence = ++_sequence };
            init(template);
            _templates[template.Id] = template;
            return template;
        }
    }

    internal void RemoveTemplate(string id)
    {
        lock (_gate) _templates.Remove(id);
    }

    internal SimMedia AddMedia(string phoneNumberId, byte[] content, string mimeType, string? fileName, TimeSpan retention)
    {
        lock (_gate)
        {
            var media = new SimMedia(Ids.NumericId(), phoneNumberId, content, mimeType) { FileName = fileName, ExpiresAt = Now + retention };
            _media[media.Id] = media;
            _mediaOrder.Enqueue(media.Id);
            while (_media.Count > Math.Max(1, _options.MaxMediaItems) && _mediaOrder.TryDequeue(out var oldest)) _media.Remove(oldest);
            return media;
        }
    }

    internal SimMedia? FindMedia(string id)
    {
        lock (_gate)
        {
            if (!_media.TryGetValue(id, out var media)) return null;
            if (media.ExpiresAt > Now) return media;
            _media.Remove(id);
            return null;
        }
    }

    internal bool RemoveMedia(string id)
    {
        lock (_gate) return _media.Remove(id);
    }

    internal SimCustomer Customer(string waId)
    {
        lock (_gate)
        {
            if (!_customers.TryGetValue(waId, out var customer))
            {
                customer = new SimCustomer(waId);
                _customers[waId] = customer;
            }

            return customer;
        }
    }

    internal void RecordInbound(string phoneNumberId, string waId, string wamid)
    {
        lock (_gate)
        {
            _lastInbound[(phoneNumberId, waId)] = Now;
            _inboundWamids.Add(wamid);
        }
    }

    internal bool IsKnownInbound(string wamid)
    {
        lock (_gate) return _inboundWamids.ToList().Contains(wamid, StringComparer.Ordinal);
    }

    internal bool IsWindowOpen(string phoneNumberId, string waId)
    {
        lock (_gate) return _lastInbound.TryGetValue((phoneNumberId, waId), out var at) && Now - at < TimeSpan.FromHours(24);
    }

    internal void AddOutbox(OutboxMessage message)
    {
        lock (_gate)
        {
            if (!_outbox.TryGetValue(message.PhoneNumberId, out var ring))
            {
                ring = new RingBuffer<OutboxMessage>(_options.OutboxCapacity);
                _outbox[message.PhoneNumberId] = ring;
            }

            ring.Add(message);
        }
    }

    internal OutboxMessage? FindOutbound(string phoneNumberId, string wamid)
    {
        lock (_gate) return _outbox.TryGetValue(phoneNumberId, out var ring) ? ring.ToList().Find(m => m.Wamid == wamid) : null;
    }

    /// <summary>Sliding one-second window per number; false when the send exceeds the number's throughput.</summary>
    internal bool TryTakeThroughput(SimPhoneNumber phone)
    {
        lock (_gate)
        {
            var now = Now;
            while (phone.RecentSends.TryPeek(out var at) && now - at >= TimeSpan.FromSeconds(1)) phone.RecentSends.Dequeue();
            var limit = phone.ThroughputLevel == "HIGH" ? _options.HighThroughputPerSecond : _options.ThroughputPerSecond;
            if (phone.RecentSends.Count >= limit) return false;
            phone.RecentSends.Enqueue(now);
            return true;
        }
    }

    /// <summary>Token bucket per (number, user): burst of <c>PairRateBurst</c>, one regained per <c>PairRateInterval</c>.</summary>
    internal bool TryTakePairRate(string phoneNumberId, string waId)
    {
        lock (_gate)
        {
            var now = Now;
            var burst = Math.Max(1, _options.PairRateBurst);
            var (tokens, at) = _pairBuckets.GetValueOrDefault((phoneNumberId, waId), (burst, now));
            var interval = _options.PairRateInterval;
            if (interval > TimeSpan.Zero) tokens = Math.Min(burst, tokens + ((now - at) / interval));
            else tokens = burst;
            if (tokens < 1)
            {
                _pairBuckets[(phoneNumberId, waId)] = (tokens, now);
                return false;
            }

            _pairBuckets[(phoneNumberId, waId)] = (tokens - 1, now);
            return true;
        }
    }

    internal void LogDelivery(WebhookDeliveryAttempt attempt)
    {
        lock (_gate) _deliveries.Add(attempt);
    }
}
