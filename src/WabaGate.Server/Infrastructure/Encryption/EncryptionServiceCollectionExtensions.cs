using Microsoft.Extensions.Options;
using WabaGate.Server.Infrastructure.Cli;

namespace WabaGate.Server.Infrastructure.Encryption;

internal static class EncryptionServiceCollectionExtensions
{
    /// <summary>
    /// Envelope encryption: the master key (configured, or in sandbox mode generated once into the data
    /// directory), per-organization data keys, <see cref="IFieldEncryptor"/>, <see cref="IDataKeyManager"/> and the
    /// <c>keys</c> commands. A missing or malformed master key stops the start with a clear message.
    /// </summary>
    public static IServiceCollection AddEncryption(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EncryptionOptions>()
            .Bind(configuration.GetSection(EncryptionOptions.Section))
            .Configure<IOptions<WabaGateOptions>>((options, gateway) =>
            {
                options.MasterKey = configuration[$"{WabaGateOptions.Section}:MasterKey"];
                options.PreviousMasterKeys = EncryptionOptions.ReadList(configuration.GetSection($"{WabaGateOptions.Section}:PreviousMasterKeys"));
                if (string.IsNullOrWhiteSpace(options.MasterKey) && gateway.Value.IsSandbox)
                {
                    options.MasterKey = MasterKeyFile.LoadOrCreate(gateway.Value.DataDirectory);
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<EncryptionOptions>, EncryptionOptionsValidator>();

        services.AddSingleton<MasterKeyRing>();
        services.AddSingleton<DataKeyCache>();
        services.AddSingleton<DataKeyStore>();
        services.AddSingleton<IDataKeyManager, DataKeyManager>();
        services.AddScoped<IFieldEncryptor, FieldEncryptor>();
        services.AddCliCommand<RotateMasterKeyCommand>();
        services.AddCliCommand<RotateOrganizationKeyCommand>();
        return services;
    }

    private sealed class EncryptionOptionsValidator : IValidateOptions<EncryptionOptions>
    {
        public ValidateOptionsResult Validate(string? name, EncryptionOptions options)
            => options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
