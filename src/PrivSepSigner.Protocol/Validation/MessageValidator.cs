using System.Diagnostics.CodeAnalysis;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Protocol.Validation;

/// <summary>
/// Syntax checks of requests, run by the comm handler and again by the signer. Each failure
/// throws <see cref="ProtocolException"/> (InvalidRequest) with a message "field: reason".
/// Checks are hand-written ASCII loops, not regular expressions, so there is no "$ matches
/// before a trailing newline" trap and no culture-dependent character class.
/// </summary>
public static partial class MessageValidator
{
    /// <summary>Checks a <see cref="SignX509Request"/>.</summary>
    public static void Validate(SignX509Request r)
    {
        ValidateEnvelope(r);
        ValidateName("root", r.Root);
        ValidateName("profile", r.Profile);
        ValidateCsr(r.Csr);
    }

    /// <summary>Checks a <see cref="CaCertRequest"/>.</summary>
    public static void Validate(CaCertRequest r)
    {
        ValidateEnvelope(r);
        ValidateName("root", r.Root);
    }

    /// <summary>Checks a <see cref="ClockStatusRequest"/>.</summary>
    public static void Validate(ClockStatusRequest r)
    {
        ValidateEnvelope(r);
    }

    /// <summary>Checks a <see cref="StatusRequest"/>.</summary>
    public static void Validate(StatusRequest r)
    {
        ValidateEnvelope(r);
    }

    /// <summary>Request id: <c>\A[A-Za-z0-9._:-]{1,64}\z</c>.</summary>
    public static void ValidateRequestId(string id)
    {
        if (!IsValidRequestId(id))
        {
            throw Invalid("requestId", $"must be 1..{ProtocolLimits.MaxRequestIdLength} characters of [A-Za-z0-9._:-]");
        }
    }

    /// <summary>True when <paramref name="id"/> is a syntactically valid request id.</summary>
    public static bool IsValidRequestId([NotNullWhen(true)] string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > ProtocolLimits.MaxRequestIdLength)
        {
            return false;
        }

        foreach (char c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Root or profile name: <c>\A[a-z0-9][a-z0-9-]{0,31}\z</c>.</summary>
    public static void ValidateName(string field, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(field);
        if (!IsValidName(value))
        {
            throw Invalid(field, $"must be 1..{ProtocolLimits.MaxNameLength} characters of [a-z0-9-], not starting with '-'");
        }
    }

    /// <summary>True when <paramref name="value"/> is a syntactically valid root or profile name.</summary>
    public static bool IsValidName([NotNullWhen(true)] string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > ProtocolLimits.MaxNameLength || value[0] == '-')
        {
            return false;
        }

        foreach (char c in value)
        {
            if (!(char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The envelope every request starts with: a valid id and a front-end clock above zero.
    /// Each Validate begins here, so a new request type cannot forget either check.
    /// </summary>
    private static void ValidateEnvelope(IRequestEnvelope r)
    {
        ArgumentNullException.ThrowIfNull(r);
        ValidateRequestId(r.RequestId);
        if (r.FrontEndTimeUnixMs <= 0)
        {
            throw Invalid("frontEndTimeUnixMs", "must be > 0");
        }
    }

    // Only the envelope is checked here; the PKCS#10 structure (RFC 2986 4.2) is parsed later.
    private static void ValidateCsr(byte[]? csr)
    {
        if (csr is null || csr.Length == 0)
        {
            throw Invalid("csr", "must not be empty");
        }

        if (csr.Length > ProtocolLimits.MaxCsrBytes)
        {
            throw Invalid("csr", $"must be at most {ProtocolLimits.MaxCsrBytes} bytes");
        }

        // X.690 8.9: a DER SEQUENCE starts with the constructed universal tag 0x30.
        if (csr[0] != 0x30)
        {
            throw Invalid("csr", "must be a DER SEQUENCE (first byte 0x30)");
        }
    }

    private static ProtocolException Invalid(string field, string reason) => new(ErrorCode.InvalidRequest, $"{field}: {reason}");
}
