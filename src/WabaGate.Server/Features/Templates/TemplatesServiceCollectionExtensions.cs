namespace WabaGate.Server.Features.Templates;

internal static class TemplatesServiceCollectionExtensions
{
    /// <summary>Templates: the catalog the send path validates against.</summary>
    public static IServiceCollection AddTemplates(this IServiceCollection services)
    {
        services.AddScoped<ITemplateCatalog, TemplateCatalog>();
        return services;
    }
}
