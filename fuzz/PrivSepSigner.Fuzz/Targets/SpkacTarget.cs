using System.Text;
using PrivSepSigner.Policy;
using PrivSepSigner.Policy.Spkac;

namespace PrivSepSigner.Fuzz.Targets;

/// <summary>SPKAC parsing in the signer, DER and text forms: only <see cref="CsrException"/> is expected.</summary>
internal static class SpkacTarget
{
    public static void Run(byte[] input)
    {
        try
        {
            _ = SpkacInfo.Parse(input);
        }
        catch (CsrException)
        {
        }

        try
        {
            // Latin-1 keeps one char per byte, so non-ASCII input reaches the text overload's own check.
            _ = SpkacInfo.Parse(Encoding.Latin1.GetString(input));
        }
        catch (CsrException)
        {
        }
    }
}
