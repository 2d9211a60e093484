using Microsoft.Extensions.Options;
using NanoKvm.Client;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Applies <see cref="NanoKvmClientOptions"/>' own rules to options from a container, so <c>ValidateOnStart</c> and
/// <c>IOptions</c> report the same message the client's constructor would, with the client's name.
/// </summary>
internal sealed class NanoKvmClientOptionsValidator : IValidateOptions<NanoKvmClientOptions>
{
    public ValidateOptionsResult Validate(string? name, NanoKvmClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException e)
        {
            var which = string.IsNullOrEmpty(name) ? "The NanoKVM client" : $"The NanoKVM client '{name}'";
            return ValidateOptionsResult.Fail($"{which} is misconfigured: {e.Message}");
        }
    }
}
