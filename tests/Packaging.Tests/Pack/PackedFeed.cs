using System.Diagnostics;
using System.Xml.Linq;
using Courier.PackagingTests.Api;
using Courier.TestUtils;

namespace Courier.PackagingTests.Pack;

/// <summary>A temporary folder holding a local NuGet feed with every src/ package packed in Release, plus a nuget.config
/// that adds that feed to the machine's own sources (the mirror) and uses a private global-packages folder, so a
/// package of the same version cached by an earlier run is never picked up.</summary>
internal sealed class PackedFeed : IDisposable
{
    private PackedFeed(string root, string version, TimeSpan packTime)
    {
        Root = root;
        Version = version;
        PackTime = packTime;
    }

    public string Root { get; }

    public string Feed => Path.Combine(Root, "feed");

    /// <summary>The folder for fresh consumer projects (holds the nuget.config).</summary>
    public string Consumer => Path.Combine(Root, "consumer");

    public string Version { get; }

    public TimeSpan PackTime { get; }

    /// <summary>Packs every library under src/ and the tool (src/Cli) into a fresh feed.</summary>
    public static PackedFeed Create(TimeSpan limit)
    {
        var repo = Fixtures.RepoRoot;
        var version = XDocument.Load(Path.Combine(repo, "Directory.Build.props")).Descendants("Version").First().Value.Trim();
        var root = Directory.CreateTempSubdirectory("courier-pack-").FullName;

        // A solution of just the packed projects, so one `dotnet pack` builds them in one graph.
        var projects = PackableProject.All().Select(p => p.ProjectFile).Append(Path.Combine(repo, "src", "Cli", "Courier.Cli.csproj"));
        var slnx = new XElement("Solution", projects.Select(p => new XElement("Project", new XAttribute("Path", Path.GetRelativePath(root, p)))));
        slnx.Save(Path.Combine(root, "packages.slnx"));

        // The consumer side: a folder whose nuget.config adds the feed to the machine's sources and uses a private
        // packages folder; empty Directory.Build.* stop MSBuild's walk up from the temp folder.
        var consumer = Directory.CreateDirectory(Path.Combine(root, "consumer")).FullName;
        File.WriteAllText(Path.Combine(consumer, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(consumer, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(root, "packages")}" />
              </config>
              <packageSources>
                <add key="courier-local" value="{Path.Combine(root, "feed")}" />
              </packageSources>
            </configuration>
            """);

        var watch = Stopwatch.StartNew();
        ProcessRunner.RunOk("dotnet", ["pack", "packages.slnx", "-c", "Release", "-o", "feed", "--disable-build-servers", "-nodeReuse:false"], root, limit);
        return new PackedFeed(root, version, watch.Elapsed);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp folder is harmless
        }
    }
}
