using System.Text.Json.Nodes;
using WabaGate.Simulator.Wire;

namespace WabaGate.Simulator.Tests;

public sealed class WireTests
{
    [Fact]
    public void Meta_wire_form_escapes_non_ascii_lowercase_with_surrogates_and_slashes()
    {
        var node = new JsonObject
        {
            ["text"] = "é😀/\"\\\n\t\u0001~",
            ["n"] = 1.5,
            ["b"] = true,
            ["nil"] = null,
            ["list"] = new JsonArray("ü", 2),
        };
        var wire = MetaJson.Serialize(node);
        Assert.Equal("""{"text":"\u00e9\ud83d\ude00\/\"\\\n\t\u0001~","n":1.5,"b":true,"nil":null,"list":["\u00fc",2]}""", wire);
        Assert.True(JsonNode.DeepEquals(node, JsonNode.Parse(wire)));
    }

    [Fact]
    public void Parsed_json_round_trips_through_the_wire_form()
    {
        var parsed = JsonNode.Parse("""{"url":"https://lookaside.fbsbx.com/x","name":"Ñ"}""");
        Assert.Equal("""{"url":"https:\/\/lookaside.fbsbx.com\/x","name":"\u00d1"}""", MetaJson.Serialize(parsed));
    }
}
