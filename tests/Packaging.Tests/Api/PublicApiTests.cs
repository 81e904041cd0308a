using System.Reflection;
using System.Text;

namespace Courier.PackagingTests.Api;

/// <summary>The public API of every packaged library is frozen in <c>src/&lt;Part&gt;/PublicAPI.txt</c>: a change to the
/// surface fails here with the difference until the baseline is regenerated (one command) and reviewed in the diff.</summary>
[Category("PublicApi")]
public sealed class PublicApiTests
{
    /// <summary>The command that rewrites every baseline from the built assemblies.</summary>
    public const string AcceptCommand = "COURIER_ACCEPT_API=1 dotnet test tests/Packaging.Tests --filter Category=PublicApi";

    private static IEnumerable<PackableProject> Projects() => PackableProject.All();

    [Test]
    public void EveryPackagedLibrary_IsFound()
    {
        var names = PackableProject.All().Select(p => p.AssemblyName).ToList();
        names.ShouldContain("Courier");
        names.ShouldContain("Courier.Mocking");
        names.ShouldContain("Courier.Recorder");
        names.ShouldContain("Courier.TestHost");
        names.ShouldNotContain("Courier.Cli"); // the tool has no API to freeze
    }

    [TestCaseSource(nameof(Projects))]
    public void PublicApi_MatchesBaseline(PackableProject project)
    {
        Assembly assembly;
        try
        {
            assembly = Assembly.Load(new AssemblyName(project.AssemblyName));
        }
        catch (FileNotFoundException e)
        {
            Assert.Fail($"{project.AssemblyName} ({project.ProjectFile}) is not built beside the tests: tests/Packaging.Tests references src/**/*.csproj; check that glob and its Exclude. {e.Message}");
            return;
        }

        var actual = PublicApiWriter.Write(assembly);
        if (Environment.GetEnvironmentVariable("COURIER_ACCEPT_API") == "1")
        {
            File.WriteAllText(project.BaselineFile, string.Join("\n", actual) + "\n", new UTF8Encoding(false));
            TestContext.Out.WriteLine($"Wrote {actual.Count} lines to {project.BaselineRelative}.");
            return;
        }

        if (!File.Exists(project.BaselineFile))
        {
            Assert.Fail($"{project.AssemblyName} has no public API baseline ({project.BaselineRelative}). Create it with:\n  {AcceptCommand}\nthen review and commit the file.");
        }

        var expected = File.ReadAllLines(project.BaselineFile).Where(l => l.Length > 0).ToList();
        var diff = ApiDiff.Describe(expected, actual);
        if (diff.Length > 0)
        {
            Assert.Fail($"The public API of {project.AssemblyName} differs from {project.BaselineRelative} " +
                $"('-' only in the baseline, '+' only in the assembly):\n{diff}\n" +
                $"If the change is intended, accept it with:\n  {AcceptCommand}\nand review the baseline's diff before committing.");
        }
    }

    [Test]
    public void Writer_ShowsNullabilityDefaultsAndAccessors()
    {
        var lines = PublicApiWriter.Write(typeof(Client).Assembly);

        // A nullable reference parameter with a default, a struct default and a non-null return.
        lines.ShouldContain(l => l.StartsWith("Courier.Client.GetAsync(", StringComparison.Ordinal) && l.Contains("Courier.RequestOptions? options = null", StringComparison.Ordinal)
            && l.Contains("System.Threading.CancellationToken cancellationToken = default", StringComparison.Ordinal) && l.EndsWith("-> System.Threading.Tasks.Task<Courier.Response!>!", StringComparison.Ordinal));
        // init-only options on a sealed record.
        lines.ShouldContain(l => l.StartsWith("Courier.ClientOptions.BaseUrl { get; init; } -> System.Uri?", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("Courier.ClientOptions [sealed record]", StringComparison.Ordinal));
        // Internal types stay out.
        lines.ShouldNotContain(l => l.Contains("ExceptionMapper", StringComparison.Ordinal));
    }

    [Test]
    public void Diff_NamesRemovedAndAddedLines()
    {
        var diff = ApiDiff.Describe(["a", "b", "c"], ["a", "c", "d"]);

        diff.ShouldBe("- b\n+ d");
    }
}
