namespace PrivSepSigner.Configuration;

/// <summary>
/// A configuration file that cannot be used. <see cref="Field"/> names the offending
/// field as a JSON path (for example <c>profiles.server.validityDays</c>) so that an
/// operator reading the start-up failure knows exactly what to fix.
/// </summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(string field, string message)
        : base($"config: {field}: {message}")
    {
        Field = field;
    }

    public ConfigurationException(string field, string message, Exception inner)
        : base($"config: {field}: {message}", inner)
    {
        Field = field;
    }

    public string Field { get; }
}
