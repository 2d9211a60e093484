namespace NanoKvm.Mcp.Configuration;

/// <summary>Turns what users type for a device (<c>10.0.0.5</c>, <c>kvm.lan:8443</c>, <c>https://kvm</c>) into a base URI.</summary>
internal static class DeviceAddress
{
    public static Uri Parse(string value, bool https, string field)
    {
        var text = value.Trim();
        if (text.Length == 0)
        {
            throw new ConfigurationException($"{field} is empty; give the device's address, e.g. 192.168.1.50.");
        }

        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = (https ? "https://" : "http://") + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host))
        {
            throw new ConfigurationException($"{field} '{value}' is not a device address such as 192.168.1.50 or https://kvm.lan.");
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new ConfigurationException($"{field} '{value}' must be the device's root address without a path (got '{uri.AbsolutePath}').");
        }

        return uri;
    }
}
