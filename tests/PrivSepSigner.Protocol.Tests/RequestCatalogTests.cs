using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Protocol.Tests;

/// <summary>
/// The one list of request types: every request value of <see cref="MessageType"/> has a row,
/// and each row reads and writes its type's body as the independent samples do.
/// </summary>
public sealed class RequestCatalogTests
{
    public static TheoryData<MessageType> Requests() => new(Enum.GetValues<MessageType>().Where(t => (byte)t is > 0 and < 0x80));

    [Fact]
    public void Every_request_value_of_MessageType_has_exactly_one_row()
    {
        var requests = Enum.GetValues<MessageType>().Where(t => (byte)t is > 0 and < 0x80).Order().ToList();
        Assert.Equal(requests, RequestCatalog.Rows.Select(r => r.Type).Order().ToList());
        Assert.Equal(RequestCatalog.Rows.Length, RequestCatalog.Rows.Select(r => r.RequestClass).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public void Each_row_reads_and_writes_its_sample(MessageType type)
    {
        var row = RequestCatalog.Find(type)!;
        var body = Samples.Body(type, "cat-1");

        var request = row.Read(body);

        Assert.IsType(row.RequestClass, request);
        Assert.Same(row, RequestCatalog.Of(request));
        Assert.Equal("cat-1", row.RequestIdOf(request));
        Assert.Equal(body, row.Write(request));
        Assert.True(body.Length <= row.MaxBody, $"the sample {type} is {body.Length} bytes, the row allows {row.MaxBody}");
        Assert.True(Enum.IsDefined(row.ResponseType) && (byte)row.ResponseType >= 0x80, $"{type} is answered by {row.ResponseType}");
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public void Flags_are_consistent(MessageType type)
    {
        var row = RequestCatalog.Find(type)!;
        var request = row.Read(Samples.Body(type));

        // Signing is exactly what may overlap the commit before it; nothing signing is read-only.
        Assert.Equal(row.Has(RequestFlags.Signing), !row.Has(RequestFlags.NeedsSettledState));
        Assert.False(row.Has(RequestFlags.Signing) && row.Has(RequestFlags.ReadOnly));
        // A row without the flag never yields the name (a listing's root and profile are optional filters).
        Assert.True(row.Has(RequestFlags.NamesRoot) || row.RootOf(request) is null);
        Assert.True(row.Has(RequestFlags.NamesProfile) || row.ProfileOf(request) is null);
        Assert.Equal(row.Has(RequestFlags.CarriesCsr), row.CsrOf(request) is not null);
        Assert.False(row.Has(RequestFlags.NamesProfile) && !row.Has(RequestFlags.NamesRoot), "a profile is named under a root");
    }

    [Fact]
    public void A_row_refuses_a_body_its_validator_refuses()
    {
        var row = RequestCatalog.Find(MessageType.CaCertRequest)!;
        var body = MessageCodec.Serialize(new CaCertRequest { RequestId = "bad id!", FrontEndTimeUnixMs = Samples.Now, Root = "root-a" });

        var e = Assert.Throws<ProtocolException>(() => row.Read(body));
        Assert.Equal(ErrorCode.InvalidRequest, e.Code);
    }

    [Fact]
    public void A_response_or_spool_internal_type_has_no_row()
    {
        Assert.Null(RequestCatalog.Find(MessageType.SignX509Response));
        Assert.Null(RequestCatalog.Find(MessageType.PublishedCrlAnswer));
        Assert.Null(RequestCatalog.Find((MessageType)0x7F));
        Assert.Throws<ArgumentException>(() => RequestCatalog.Of(Samples.Message(MessageType.ErrorResponse)));
    }
}
