namespace WabaGate.Server.Infrastructure.Cli;

/// <summary>Parses <c>--name value</c>, <c>--name=value</c> and bare <c>--flag</c> options after a command's path.</summary>
internal sealed class CliArguments
{
    private readonly Dictionary<string, string?> options = new(StringComparer.OrdinalIgnoreCase);

    private CliArguments()
    {
    }

    public IReadOnlyList<string> Unexpected { get; private set; } = [];

    public bool WantsHelp => Has("help") || Has("h");

    public static CliArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new CliArguments();
        var unexpected = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-'))
            {
                unexpected.Add(arg);
                continue;
            }

            var name = arg.TrimStart('-');
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                parsed.options[name[..equals]] = name[(equals + 1)..];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                parsed.options[name] = args[++i];
            }
            else
            {
                parsed.options[name] = null;
            }
        }

        parsed.Unexpected = unexpected;
        return parsed;
    }

    public bool Has(string name) => options.ContainsKey(name);

    public string? Get(string name) => options.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
