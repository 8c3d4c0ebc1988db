using WabaGate.Graph.Errors;
using WabaGate.Graph.Messages;
using WabaGate.Graph.Tests.AgainstSimulator.Infrastructure;
using static WabaGate.Graph.Tests.AgainstSimulator.Infrastructure.LiveMeta;

namespace WabaGate.Graph.Tests.AgainstSimulator;

public sealed class ErrorClassTests
{
    [Fact]
    public async Task Every_error_class_comes_out_of_a_real_simulator_answer()
    {
        await using var meta = await LiveMeta.StartAsync(o => o.PairRateBurst = 1, c => c.MaxRetryAttempts = 0);
        var c = await meta.ConnectAsync();
        var seen = new Dictionary<GraphErrorClass, int>();
        async Task Expect(Func<Task> call)
        {
            var ex = await Assert.ThrowsAsync<GraphApiException>(call);
            Assert.NotNull(ex.Error);
            Assert.Equal(GraphErrorCodes.Classify(ex.Code, ex.StatusCode, ex.Error.IsTransient), ex.ErrorClass);
            seen[ex.ErrorClass] = ex.Code!.Value;
        }

        var text = SendMessageRequest.CreateText("15551230000", "hi");
        await Expect(() => meta.Client.SendMessageAsync(c.PhoneId, text, c.Token, Ct));
        await meta.CustomerWritesAsync("15551230000", c.PhoneId);
        await meta.Client.SendMessageAsync(c.PhoneId, text, c.Token, Ct);
        await Expect(() => meta.Client.SendMessageAsync(c.PhoneId, text, c.Token, Ct));
        await Expect(() => meta.Client.GetPhoneNumbersAsync(c.WabaId, "EAAunknown", ct: Ct));
        await Expect(() => meta.Client.SendMessageAsync(c.PhoneId, SendMessageRequest.CreateTemplate("15551230000", TemplateContent.Create("missing", "en")), c.Token, Ct));
        await meta.AddFaultAsync("phone_numbers", GraphErrorCodes.ApiService, count: 1);
        await Expect(() => meta.Client.GetPhoneNumbersAsync(c.WabaId, c.Token, ct: Ct));

        Assert.Equal(GraphErrorCodes.ReEngagementRequired, seen[GraphErrorClass.NeedsTemplate]);
        Assert.Equal(GraphErrorCodes.PairRateLimit, seen[GraphErrorClass.RateLimited]);
        Assert.Equal(GraphErrorCodes.AccessTokenInvalid, seen[GraphErrorClass.Auth]);
        Assert.Equal(GraphErrorCodes.TemplateNotFound, seen[GraphErrorClass.Permanent]);
        Assert.Equal(GraphErrorCodes.ApiService, seen[GraphErrorClass.Transient]);
        Assert.Equal(Enum.GetValues<GraphErrorClass>().Order(), seen.Keys.Order());
    }
}
