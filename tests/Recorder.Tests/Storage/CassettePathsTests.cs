using Courier.Recorder;

namespace Courier.RecorderTests.Storage;

/// <summary>RELIABILITY row 13: cassette names are sanitized under the root or refused.</summary>
public sealed class CassettePathsTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "courier-root");

    [TestCase("Users/Get_ReturnsUser", "Users/Get_ReturnsUser.yaml")]
    [TestCase("Users\\Get(1, \"x\")", "Users/Get_1_ _x__.yaml")]
    [TestCase("plain.json", "plain.json")]
    public void For_SafeNames_StayUnderTheRoot(string name, string expected) =>
        CassettePaths.For(Root, name).ShouldBe(Path.Combine(Path.GetFullPath(Root), expected));

    [TestCase("../escape")]
    [TestCase("a/../../escape")]
    [TestCase("/etc/passwd")]
    [TestCase("nul\0byte")]
    [TestCase("CON")]
    [TestCase("dir/aux.yaml")]
    [TestCase("..")]
    public void For_UnsafeNames_AreRefused(string name) =>
        Should.Throw<ArgumentException>(() => CassettePaths.For(Root, name));

    [Test]
    public void For_OverlongName_IsRefused() =>
        Should.Throw<ArgumentException>(() => CassettePaths.For(Root, new string('a', 300)));
}
