namespace NanoKvm.Mcp.Configuration;

/// <summary>A start-up setting is missing or invalid; the message names the option, variable or field.</summary>
internal sealed class ConfigurationException : Exception
{
    public ConfigurationException()
    {
    }

    public ConfigurationException(string message)
        : base(message)
    {
    }

    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
