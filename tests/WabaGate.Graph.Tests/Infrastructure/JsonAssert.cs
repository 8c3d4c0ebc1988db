using System.Text.Json.Nodes;

namespace WabaGate.Graph.Tests.Infrastructure;

public static class JsonAssert
{
    /// <summary>Asserts two JSON documents are equal: same members, same values (member order and whitespace aside).</summary>
    public static void Equal(string expected, JsonNode? actual)
    {
        var e = JsonNode.Parse(expected);
        Assert.True(JsonNode.DeepEquals(e, actual), $"JSON differs.\nExpected: {e?.ToJsonString()}\nActual:   {actual?.ToJsonString()}");
    }
}
