using WabaGate.Graph.Errors;

namespace WabaGate.Graph.Tests.Errors;

public sealed class GraphErrorCodesTests
{
    [Theory]
    [InlineData(0, GraphErrorClass.Auth)]
    [InlineData(1, GraphErrorClass.Transient)]
    [InlineData(2, GraphErrorClass.Transient)]
    [InlineData(3, GraphErrorClass.Permanent)]
    [InlineData(4, GraphErrorClass.RateLimited)]
    [InlineData(10, GraphErrorClass.Auth)]
    [InlineData(17, GraphErrorClass.RateLimited)]
    [InlineData(100, GraphErrorClass.Permanent)]
    [InlineData(190, GraphErrorClass.Auth)]
    [InlineData(200, GraphErrorClass.Auth)]
    [InlineData(299, GraphErrorClass.Auth)]
    [InlineData(368, GraphErrorClass.Permanent)]
    [InlineData(80007, GraphErrorClass.RateLimited)]
    [InlineData(130429, GraphErrorClass.RateLimited)]
    [InlineData(131000, GraphErrorClass.Transient)]
    [InlineData(131005, GraphErrorClass.Auth)]
    [InlineData(131008, GraphErrorClass.Permanent)]
    [InlineData(131009, GraphErrorClass.Permanent)]
    [InlineData(131016, GraphErrorClass.Transient)]
    [InlineData(131021, GraphErrorClass.Permanent)]
    [InlineData(131026, GraphErrorClass.Permanent)]
    [InlineData(131031, GraphErrorClass.Permanent)]
    [InlineData(131042, GraphErrorClass.Permanent)]
    [InlineData(131047, GraphErrorClass.NeedsTemplate)]
    [InlineData(131051, GraphErrorClass.Permanent)]
    [InlineData(131056, GraphErrorClass.RateLimited)]
    [InlineData(131057, GraphErrorClass.Transient)]
    [InlineData(132000, GraphErrorClass.Permanent)]
    [InlineData(132001, GraphErrorClass.Permanent)]
    [InlineData(132012, GraphErrorClass.Permanent)]
    [InlineData(132015, GraphErrorClass.Permanent)]
    [InlineData(132016, GraphErrorClass.Permanent)]
    [InlineData(133004, GraphErrorClass.Transient)]
    [InlineData(133010, GraphErrorClass.Permanent)]
    [InlineData(133016, GraphErrorClass.RateLimited)]
    [InlineData(2494100, GraphErrorClass.Transient)]
    public void Known_codes_are_classified(int code, GraphErrorClass expected) =>
        Assert.Equal(expected, GraphErrorCodes.Classify(code, httpStatus: 400));

    [Theory]
    [InlineData(131047)]
    [InlineData(132000)]
    [InlineData(132001)]
    [InlineData(131026)]
    [InlineData(131051)]
    [InlineData(190)]
    [InlineData(130429)]
    [InlineData(131056)]
    [InlineData(133016)]
    [InlineData(100)]
    [InlineData(80007)]
    [InlineData(131000)]
    [InlineData(131005)]
    [InlineData(131008)]
    [InlineData(131009)]
    [InlineData(131021)]
    [InlineData(131031)]
    [InlineData(131042)]
    [InlineData(132012)]
    [InlineData(132015)]
    [InlineData(132016)]
    [InlineData(133010)]
    public void Common_codes_have_a_readable_explanation(int code)
    {
        var text = GraphErrorCodes.Explain(code);
        Assert.False(string.IsNullOrWhiteSpace(text));
        Assert.True(text.Length > 20);
    }

    [Theory]
    [InlineData(null, 503, GraphErrorClass.Transient)]
    [InlineData(null, 500, GraphErrorClass.Transient)]
    [InlineData(null, 408, GraphErrorClass.Transient)]
    [InlineData(null, 429, GraphErrorClass.RateLimited)]
    [InlineData(null, 401, GraphErrorClass.Auth)]
    [InlineData(null, 400, GraphErrorClass.Permanent)]
    [InlineData(999999, 400, GraphErrorClass.Permanent)]
    [InlineData(999999, 502, GraphErrorClass.Transient)]
    [InlineData(3, 500, GraphErrorClass.Permanent)]
    [InlineData(131047, 500, GraphErrorClass.NeedsTemplate)]
    public void Unknown_codes_fall_back_to_the_http_status_and_known_codes_win(int? code, int status, GraphErrorClass expected) =>
        Assert.Equal(expected, GraphErrorCodes.Classify(code, status));

    [Fact]
    public void Graphs_is_transient_flag_marks_unknown_codes_transient() =>
        Assert.Equal(GraphErrorClass.Transient, GraphErrorCodes.Classify(999999, 400, isTransient: true));

    [Fact]
    public void The_table_has_unique_codes_and_hints()
    {
        Assert.Equal(GraphErrorCodes.All.Count, GraphErrorCodes.All.Select(r => r.Code).Distinct().Count());
        Assert.Equal(TimeSpan.FromHours(72), GraphErrorCodes.Find(133016)!.SuggestedDelay);
        Assert.Equal(404, GraphErrorCodes.Find(132001)!.HttpStatus);
        Assert.Equal(250, GraphErrorCodes.Find(250)!.Code);
        Assert.Null(GraphErrorCodes.Find(424242));
    }

    [Fact]
    public void Metas_error_body_is_parsed()
    {
        const string body = """
            {"error":{"message":"(#130429) Rate limit hit","type":"OAuthException","code":130429,
              "error_data":{"messaging_product":"whatsapp","details":"Cloud API message throughput has been reached."},
              "error_subcode":2494055,"fbtrace_id":"Az8or2yhqkZfEZ-_4Qn_Bam"}}
            """;

        var ex = GraphApiException.FromResponse(400, body, null, "POST /123/messages");

        Assert.Equal(130429, ex.Code);
        Assert.Equal(2494055, ex.Subcode);
        Assert.Equal("OAuthException", ex.ErrorType);
        Assert.Equal("Cloud API message throughput has been reached.", ex.Details);
        Assert.Equal("Az8or2yhqkZfEZ-_4Qn_Bam", ex.FbTraceId);
        Assert.True(ex.IsRateLimited);
        Assert.Equal(TimeSpan.FromSeconds(1), ex.CodeInfo!.SuggestedDelay);
        Assert.Contains("130429", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("POST /123/messages", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_data_given_as_a_string_becomes_the_details()
    {
        var ex = GraphApiException.FromResponse(400, """{"error":{"message":"Invalid parameter","type":"OAuthException","code":100,"error_data":"Template name already exists","is_transient":false}}""");

        Assert.Equal("Template name already exists", ex.Details);
        Assert.False(ex.Error!.IsTransient);
        Assert.Null(ex.Subcode);
    }

    [Fact]
    public void Graph_method_exception_for_unknown_nodes_is_permanent()
    {
        var ex = GraphApiException.FromResponse(400, """{"error":{"message":"Unsupported get request. Object with ID '1' does not exist","type":"GraphMethodException","code":100,"error_subcode":33,"fbtrace_id":"F"}}""");

        Assert.Equal("GraphMethodException", ex.ErrorType);
        Assert.Equal(GraphErrorClass.Permanent, ex.ErrorClass);
    }
}
