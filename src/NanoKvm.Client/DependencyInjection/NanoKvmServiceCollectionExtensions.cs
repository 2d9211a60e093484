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
        services.AddOptions();
        services.Configure(Options.Options.DefaultName, configure);
        services.TryAddSingleton(provider => Create(provider, Options.Options.DefaultName));
        return services;
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
        services.AddOptions();
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
