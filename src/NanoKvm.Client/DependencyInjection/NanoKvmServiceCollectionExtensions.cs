using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NanoKvm.Client;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="NanoKvmClient"/> instances in a service container.</summary>
public static class NanoKvmServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="NanoKvmClient"/> as a singleton. The container's <see cref="ILoggerFactory"/> is used
    /// when the options set none. Calling it again adds configuration but never a second client.
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="configure">Sets address, credentials, TLS and timeouts.</param>
    /// <returns>The container, for chaining.</returns>
    /// <example>
    /// <code>
    /// services.AddNanoKvmClient(o => { o.Address = new Uri("http://kvm.lan"); o.Password = secret; });
    /// </code>
    /// </example>
    public static IServiceCollection AddNanoKvmClient(this IServiceCollection services, Action<NanoKvmClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        AddCore(services);
        services.Configure(Options.Options.DefaultName, configure);
        services.TryAddSingleton(provider => Create(provider, Options.Options.DefaultName));
        return services;
    }

    /// <summary>
    /// Registers one <see cref="NanoKvmClient"/> as a singleton whose options are bound from <paramref name="configuration"/>
    /// (e.g. the <c>"NanoKvm"</c> section of <c>appsettings.json</c>) and validated when the host starts, so a missing
    /// or malformed address stops start-up instead of failing the first call.
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="configuration">The section holding <c>Address</c>, <c>Username</c>, <c>Password</c>, TLS, timeouts, <c>Hid</c> and <c>Video</c>.</param>
    /// <returns>The options builder, to add configuration or validation (<c>.Configure(o => …)</c>).</returns>
    /// <example>
    /// <code>
    /// builder.Services.AddNanoKvmClient(builder.Configuration.GetSection("NanoKvm"));
    /// </code>
    /// </example>
    public static OptionsBuilder<NanoKvmClientOptions> AddNanoKvmClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        AddCore(services);
        services.TryAddSingleton(provider => Create(provider, Options.Options.DefaultName));
        return Bind(services, Options.Options.DefaultName, configuration);
    }

    /// <summary>
    /// Registers a named <see cref="NanoKvmClient"/> (see <see cref="AddNanoKvmClient(IServiceCollection, string, Action{NanoKvmClientOptions})"/>)
    /// whose options are bound from <paramref name="configuration"/> and validated when the host starts.
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="name">The device's name, e.g. <c>"rack-1"</c>.</param>
    /// <param name="configuration">The device's section, e.g. <c>NanoKvm:Devices:rack-1</c>.</param>
    /// <returns>The options builder, to add configuration or validation.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public static OptionsBuilder<NanoKvmClientOptions> AddNanoKvmClient(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configuration);
        AddCore(services);
        services.TryAddKeyedSingleton(name, (provider, key) => Create(provider, (string)key!));
        services.TryAddSingleton<NanoKvmClientFactory>();
        return Bind(services, name, configuration);
    }

    private static OptionsBuilder<NanoKvmClientOptions> Bind(IServiceCollection services, string name, IConfiguration configuration)
    {
        // Reload-aware like the framework's Bind: IOptionsMonitor sees a changed appsettings.json (a client already
        // created keeps the options it was made with).
        services.AddSingleton<IOptionsChangeTokenSource<NanoKvmClientOptions>>(new ConfigurationChangeTokenSource<NanoKvmClientOptions>(name, configuration));
        return services.AddOptions<NanoKvmClientOptions>(name)
            .Configure(options => NanoKvmClientOptionsBinder.Bind(configuration, options))
            .ValidateOnStart();
    }

    private static void AddCore(IServiceCollection services)
    {
        services.AddOptions();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NanoKvmClientOptions>, NanoKvmClientOptionsValidator>());
    }

    /// <summary>
    /// Registers a named <see cref="NanoKvmClient"/> for one of several devices: a keyed singleton (inject it with
    /// <c>[FromKeyedServices("name")]</c> or <c>GetRequiredKeyedService&lt;NanoKvmClient&gt;("name")</c>) that is also
    /// reachable through <see cref="NanoKvmClientFactory.GetClient(string)"/>. Calling it again with the same name
    /// adds configuration but never a second client.
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="name">The device's name, e.g. <c>"rack-1"</c>.</param>
    /// <param name="configure">Sets address, credentials, TLS and timeouts.</param>
    /// <returns>The container, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public static IServiceCollection AddNanoKvmClient(
        this IServiceCollection services, string name, Action<NanoKvmClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        AddCore(services);
        services.Configure(name, configure);
        services.TryAddKeyedSingleton(name, (provider, key) => Create(provider, (string)key!));
        services.TryAddSingleton<NanoKvmClientFactory>();
        return services;
    }

    private static NanoKvmClient Create(IServiceProvider provider, string name)
    {
        var configured = provider.GetRequiredService<IOptionsMonitor<NanoKvmClientOptions>>().Get(name);

        // Copy, so filling in the logger does not change the cached options instance.
        var options = configured.Clone();
        options.LoggerFactory ??= provider.GetService<ILoggerFactory>();
        return new NanoKvmClient(options);
    }
}
