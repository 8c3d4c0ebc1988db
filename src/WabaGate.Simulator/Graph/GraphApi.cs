using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace WabaGate.Simulator.Graph;

/// <summary>The simulated Graph API under <c>{prefix}/graph/{version}</c>.</summary>
internal static class GraphApi
{
    public static void Map(IEndpointRouteBuilder root)
    {
        var graph = root.MapGroup("/graph/{version}");
        graph.AddEndpointFilter<GraphFilter>();
        OAuthEndpoints.Map(graph);
        PhoneNumberEndpoints.Map(graph);
        SubscribedAppsEndpoints.Map(graph);
        BusinessProfileEndpoints.Map(graph);
        MessagesEndpoints.Map(graph);
        MediaEndpoints.Map(graph);
        TemplateEndpoints.Map(graph);
        NodeEndpoints.Map(graph);
        MediaEndpoints.MapDownload(root);
    }
}
