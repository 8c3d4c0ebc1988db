using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WabaGate.Simulator.State;
using WabaGate.Simulator.Wire;

namespace WabaGate.Simulator.Graph;

/// <summary><c>GET /{waba}/phone_numbers</c>, <c>POST /{phone}/register</c>, <c>POST /{phone}/deregister</c>.</summary>
internal static class PhoneNumberEndpoints
{
    public static void Map(RouteGroupBuilder graph)
    {
        graph.MapGet("/{id}/phone_numbers", List).WithMetadata(new GraphOperation("phone_numbers"));
        graph.MapPost("/{id}/register", Register).WithMetadata(new GraphOperation("register"));
        graph.MapPost("/{id}/deregister", Deregister).WithMetadata(new GraphOperation("deregister"));
    }

    public static SimPhoneNumber? AccessiblePhone(HttpContext http, SimulatorState state, string id)
    {
        var phone = state.FindPhone(id);
        return phone is not null && GraphContext.Get(http).CanAccessWaba(phone.WabaId) ? phone : null;
    }

    public static SimWaba? AccessibleWaba(HttpContext http, SimulatorState state, string id)
    {
        var waba = state.FindWaba(id);
        return waba is not null && GraphContext.Get(http).CanAccessWaba(waba.Id) ? waba : null;
    }

    private static GraphResult List(HttpContext http, SimulatorState state, string id)
    {
        if (AccessibleWaba(http, state, id) is not { } waba) return GraphResult.Error(GraphErrors.ObjectNotFound(id));
        var (fields, error) = PhoneNumberFields.Parse(GraphContext.Get(http).Params.Str("fields"));
        if (error is not null) return GraphResult.Error(error);
        lock (state.Gate)
        {
            var phones = state.PhonesOf(waba);
            return GraphResult.Ok(Paging.Page(http, phones, p => p.Id, p => PhoneNumberFields.Render(p, waba, fields!, state.Options), state.Options.PhoneNumberPageSize));
        }
    }

    private static GraphResult Register(HttpContext http, SimulatorState state, string id)
    {
        if (AccessiblePhone(http, state, id) is not { } phone) return GraphResult.Error(GraphErrors.ObjectNotFound(id, "post"));
        var p = GraphContext.Get(http).Params;
        if (p.Str("messaging_product") != "whatsapp") return GraphResult.Error(GraphErrors.InvalidParameter("The parameter messaging_product is required and must be whatsapp."));
        var pin = p.Str("pin");
        if (!IsPin(pin)) return GraphResult.Error(GraphErrors.InvalidParameter("Param pin must be 6 digits."));
        lock (state.Gate)
        {
            if (!TakeLimit(state, phone.RegisterCalls)) return GraphResult.Error(GraphErrors.Title(133016));
            phone.RegisterCallCount++;
            if (phone.Pin is not null && phone.Pin != pin)
            {
                return GraphResult.Error(GraphErrors.WhatsApp(133005, "Two step verification PIN Mismatch", "The PIN does not match the two-step verification PIN of this number."));
            }

            phone.Pin = pin;
            phone.Registered = true;
        }

        return GraphResult.Success();
    }

    private static GraphResult Deregister(HttpContext http, SimulatorState state, string id)
    {
        if (AccessiblePhone(http, state, id) is not { } phone) return GraphResult.Error(GraphErrors.ObjectNotFound(id, "post"));
        lock (state.Gate)
        {
            if (!TakeLimit(state, phone.DeregisterCalls)) return GraphResult.Error(GraphErrors.Title(133016));
            phone.Registered = false;
        }

        return GraphResult.Success();
    }

    public static bool IsPin(string? pin) => pin is { Length: 6 } && pin.All(char.IsAsciiDigit);

    private static bool TakeLimit(SimulatorState state, List<DateTimeOffset> calls)
    {
        var now = state.Now;
        calls.RemoveAll(at => now - at >= state.Options.RegisterWindow);
        if (calls.Count >= state.Options.RegisterLimit) return false;
        calls.Add(now);
        return true;
    }
}
