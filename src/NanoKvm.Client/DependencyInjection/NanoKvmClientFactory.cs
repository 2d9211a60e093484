using NanoKvm.Client;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Hands out the named clients registered with
/// <see cref="NanoKvmServiceCollectionExtensions.AddNanoKvmClient(IServiceCollection, string, Action{NanoKvmClientOptions})"/>,
/// for code that manages many devices by name. Each name always yields the same long-lived client.
/// </summary>
public class NanoKvmClientFactory
{
    private readonly IServiceProvider _services;

    /// <summary>Creates the factory over a container.</summary>
    /// <param name="services">The container holding the keyed clients.</param>
    public NanoKvmClientFactory(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _services = services;
    }

    /// <summary>For mocking frameworks only.</summary>
    protected NanoKvmClientFactory()
    {
        _services = null!;
    }

    /// <summary>Returns the client registered under <paramref name="name"/>.</summary>
    /// <param name="name">The name given to <c>AddNanoKvmClient</c>.</param>
    /// <returns>The client (a singleton per name).</returns>
    /// <exception cref="ArgumentException">No client has that name.</exception>
    public virtual NanoKvmClient GetClient(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return _services.GetKeyedService<NanoKvmClient>(name)
            ?? throw new ArgumentException($"No NanoKVM client named '{name}' was registered; call AddNanoKvmClient(\"{name}\", …).", nameof(name));
    }
}
