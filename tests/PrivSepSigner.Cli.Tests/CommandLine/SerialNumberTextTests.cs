using PrivSepSigner.Cli.CommandLine;

namespace PrivSepSigner.Cli.Tests.CommandLine;

/// <summary>
/// Issue 18: `revoke` of a serial given as 0x... or 14:BA:0F was refused with "must be lowercase
/// hexadecimal". Every form an operator copies becomes the protocol's form.
/// </summary>
public sealed class SerialNumberTextTests
{
    [Theory]
    [InlineData("14ba0f", "14ba0f")]
    [InlineData("14BA0F", "14ba0f")]
    [InlineData("0x14ba0f", "14ba0f")]
    [InlineData("0X14BA0F", "14ba0f")]
    [InlineData("14:BA:0F", "14ba0f")]
    [InlineData("0x14:ba:0f", "14ba0f")]
    [InlineData("0014BA0F", "14ba0f")]
    [InlineData(" 14ba0f\n", "14ba0f")]
    [InlineData("00:FF", "ff")]
    [InlineData("02:14:de", "214de")] // an odd number of digits once the leading zero is dropped
    public void Operator_forms_become_the_protocol_form(string text, string expected)
    {
        Assert.True(SerialNumberText.TryNormalize(text, out var serial, out var error), error);
        Assert.Equal(expected, serial);
    }

    [Theory]
    [InlineData("", "not a hexadecimal")]
    [InlineData("0x", "not a hexadecimal")]
    [InlineData("14ba0g", "not a hexadecimal")]
    [InlineData("-14", "not a hexadecimal")]
    [InlineData("0", "positive")]
    [InlineData("00:00", "positive")]
    [InlineData("123456789abcdef0123456789abcdef0123456789", "20 octets")]
    public void Anything_else_is_refused_with_a_reason(string text, string reason)
    {
        Assert.False(SerialNumberText.TryNormalize(text, out _, out var error));
        Assert.Contains(reason, error);
    }
}
