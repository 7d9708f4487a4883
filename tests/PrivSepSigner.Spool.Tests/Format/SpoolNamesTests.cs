using System.Text.RegularExpressions;
using PrivSepSigner.Spool.Format;

namespace PrivSepSigner.Spool.Tests.Format;

public sealed partial class SpoolNamesTests
{
    [Fact]
    public void NewIdHasTheDocumentedShapeAndIsValid()
    {
        var id = SpoolNames.NewId();

        Assert.Matches(IdShape(), id);
        Assert.True(SpoolNames.IsValid(id));
    }

    [Fact]
    public void NewIdsAreUniqueAndSortByTime()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => SpoolNames.NewId()).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        var times = ids.Select(id => Convert.ToInt64(id[..13], 16)).ToList();
        Assert.Equal(times.Order(), times);
        Assert.InRange(times[0], DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    [Theory]
    [InlineData("a")]
    [InlineData("0")]
    [InlineData("0000000000001-0123456789abcdef")]
    [InlineData("a-b-c")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 64
    public void AcceptsValidNames(string name) => Assert.True(SpoolNames.IsValid(name));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData(".hidden")]
    [InlineData("-leading-dash")]
    [InlineData("a.b")]
    [InlineData("a/b")]
    [InlineData("A_B")]
    [InlineData("Abc")]
    [InlineData("é")]
    [InlineData("a b")]
    [InlineData("a\0b")]
    [InlineData("ａ")] // fullwidth a: letter, but not ASCII
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 65
    public void RejectsInvalidNames(string? name) => Assert.False(SpoolNames.IsValid(name));

    [GeneratedRegex("^[0-9a-f]{13}-[0-9a-f]{16}$")]
    private static partial Regex IdShape();
}
