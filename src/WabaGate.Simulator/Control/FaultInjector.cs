using System.Text.RegularExpressions;
using WabaGate.Simulator.Wire;

namespace WabaGate.Simulator.Control;

/// <summary>An injected failure: the next <see cref="Remaining"/> calls matching <see cref="Endpoint"/> fail with the given Meta error.</summary>
internal sealed class FaultRule
{
    public required string Id { get; init; }
    public required string Endpoint { get; init; }
    public required int MetaCode { get; init; }
    public int? HttpStatus { get; init; }
    public int? Subcode { get; init; }
    public string? Message { get; init; }
    public string? Details { get; init; }
    public int Remaining { get; set; }
}

/// <summary>Holds fault rules and consumes them as matching Graph calls arrive.</summary>
internal sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<FaultRule> _rules = [];

    public FaultRule Add(FaultRule rule)
    {
        lock (_gate) _rules.Add(rule);
        return rule;
    }

    public void Clear()
    {
        lock (_gate) _rules.Clear();
    }

    public List<FaultRule> List()
    {
        lock (_gate) return [.. _rules];
    }

    /// <summary>The error to return instead of handling the call, if a rule matches (and is consumed).</summary>
    public GraphError? Take(string operation, string path)
    {
        lock (_gate)
        {
            var rule = _rules.Find(r => r.Remaining > 0 && Matches(r.Endpoint, operation, path));
            if (rule is null) return null;
            rule.Remaining--;
            if (rule.Remaining == 0) _rules.Remove(rule);
            var template = GraphErrors.Title(rule.MetaCode);
            return template with
            {
                Message = rule.Message ?? template.Message,
                HttpStatus = rule.HttpStatus ?? template.HttpStatus,
                Subcode = rule.Subcode ?? template.Subcode,
                Details = rule.Details ?? template.Details,
            };
        }
    }

    private static bool Matches(string endpoint, string operation, string path)
    {
        if (string.Equals(endpoint, operation, StringComparison.OrdinalIgnoreCase)) return true;
        if (endpoint is "business_profile" && operation == "whatsapp_business_profile") return true;
        if (endpoint is "phone_numbers" && operation == "phone_number") return true;
        if (!endpoint.Contains('/', StringComparison.Ordinal) && !endpoint.Contains('*', StringComparison.Ordinal)) return false;
        var pattern = "^" + Regex.Escape(endpoint).Replace("\\*", ".*", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(path, pattern, RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(100))
            || Regex.IsMatch(path, "^.*" + pattern[1..], RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(100));
    }
}
