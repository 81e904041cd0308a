using Courier.Recorder;
using Courier.TestUtils;

namespace Courier.RecorderTests.Format;

/// <summary>The example cassettes under cassettes/ stay loadable and are exactly what Courier's writer produces.</summary>
public sealed class ExampleCassetteTests
{
    private static IEnumerable<string> Examples() =>
        Directory.EnumerateFiles(Path.Combine(Fixtures.RepoRoot, "cassettes"), "*.yaml", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Fixtures.RepoRoot, p));

    [TestCaseSource(nameof(Examples))]
    public void Example_LoadsAndRoundTripsByteForByte(string relative)
    {
        var path = Path.Combine(Fixtures.RepoRoot, relative);

        var cassette = Cassette.Load(path).ShouldNotBeNull();

        cassette.Interactions.ShouldNotBeEmpty();
        cassette.ToYaml().ShouldBe(File.ReadAllText(path));
    }
}
