using PrivSepSigner.Protocol;

namespace PrivSepSigner.Protocol.Tests.Validation;

/// <summary>A validation passes, or fails as InvalidRequest naming <c>field</c> first ("field: reason").</summary>
internal static class ValidationAssert
{
    public static void Check(bool ok, string field, Action validate)
    {
        if (ok)
        {
            validate();
            return;
        }

        var e = Assert.Throws<ProtocolException>(validate);
        Assert.Equal(ErrorCode.InvalidRequest, e.Code);
        Assert.StartsWith(field + ":", e.Message);
    }
}
