namespace WabaGate.Server.Features.Onboarding;

internal static class OnboardingServiceCollectionExtensions
{
    /// <summary>Embedded Signup: state nonces and the completion flow (the connection services come from <c>AddWabaConnections</c>).</summary>
    public static IServiceCollection AddOnboarding(this IServiceCollection services)
    {
        services.AddScoped<SignupStates>();
        services.AddScoped<EmbeddedSignupService>();
        services.AddScoped<SignupFunnel>();
        return services;
    }
}
