namespace WabaGate.Graph.Tests.Infrastructure;

public static class Fixtures
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "Fixtures", "webhooks");

    public static byte[] Webhook(string name) => File.ReadAllBytes(Path.Combine(Dir, name + ".json"));

    public static IEnumerable<string> AllWebhookNames() =>
        Directory.GetFiles(Dir, "*.json").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal);
}
