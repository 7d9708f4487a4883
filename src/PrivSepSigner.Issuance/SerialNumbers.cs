using System.Security.Cryptography;

namespace PrivSepSigner.Issuance;

/// <summary>
/// Serial numbers from the CSPRNG: no counter file to race on (the OpenCA failure), and
/// unpredictable, which CA/Browser Forum BR 7.1 asks for (at least 64 random bits).
/// </summary>
public static class SerialNumbers
{
    /// <summary>Octets in every serial.</summary>
    public const int Length = 16;

    /// <summary>
    /// 16 random octets with the top bit clear (RFC 5280 4.1.2.2: positive) and a non-zero
    /// first octet (so the DER INTEGER is exactly 16 octets, no padding, no shortening):
    /// 127 bits of which at least 120 are uniformly random.
    /// </summary>
    public static byte[] NewSerial()
    {
        var serial = new byte[Length];
        do
        {
            RandomNumberGenerator.Fill(serial);
            serial[0] &= 0x7F;
        }
        while (serial[0] == 0);

        return serial;
    }
}
