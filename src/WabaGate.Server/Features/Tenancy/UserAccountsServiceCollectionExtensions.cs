using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Infrastructure.Encryption;

namespace WabaGate.Server.Features.Tenancy;

/// <summary>ASP.NET Core Identity for the people who use the web UI: users, passwords, lockout, one-time links.</summary>
internal static class UserAccountsServiceCollectionExtensions
{
    public static IServiceCollection AddUserAccounts(this IServiceCollection services)
    {
        services.AddIdentityCore<AppUser>(options =>
            {
                // Length over composition rules (NIST SP 800-63B); lockout slows guessing.
                options.Password.RequiredLength = 12;
                options.Password.RequiredUniqueChars = 4;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddSignInManager()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<GatewayClaimsPrincipalFactory>();

        services.Configure<DataProtectionTokenProviderOptions>(options => options.TokenLifespan = TimeSpan.FromDays(3));
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));
        services.ConfigureApplicationCookie(SessionCookie.Configure);
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "wabagate.antiforgery";
            options.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
        });

        // Cookies and one-time links must survive restarts, work on every node, and a link printed by the CLI must
        // work in the server: the key ring lives in the database, each key sealed under the master key.
        services.AddDataProtection().SetApplicationName("WabaGate");
        services.AddSingleton<DatabaseXmlRepository>();
        services.AddSingleton<MasterKeyXmlEncryptor>();
        services.AddOptions<KeyManagementOptions>()
            .Configure<DatabaseXmlRepository, MasterKeyXmlEncryptor>((options, repository, encryptor) =>
            {
                options.XmlRepository = repository;
                options.XmlEncryptor = encryptor;
            });

        services.AddScoped<OrganizationProvisioning>();
        return services;
    }
}
