using System.IO.Compression;
using System.Xml.Linq;
using Courier.PackagingTests.Api;

namespace Courier.PackagingTests.Pack;

/// <summary>The packages as a user gets them: packed in Release into a local folder feed, installed into a fresh
/// project outside the repository, built and run; the tool installed and run. Slow (1–3 minutes): category Pack.</summary>
[Category("Pack")]
[NonParallelizable]
public sealed class PackInstallTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(8);
    private PackedFeed? _feed;

    private PackedFeed Feed => _feed ?? throw new InvalidOperationException("OneTimeSetUp did not pack.");

    [OneTimeSetUp]
    public void PackEverything()
    {
        _feed = PackedFeed.Create(Limit);
        TestContext.Progress.WriteLine($"[pack] dotnet pack of {PackableProject.All().Count + 1} projects took {_feed.PackTime.TotalSeconds:0.0} s");
    }

    [OneTimeTearDown]
    public void RemoveFeed() => _feed?.Dispose();

    [Test]
    public void EveryPackage_HasReadmeLicenceDocsAndSymbols()
    {
        foreach (var project in PackableProject.All())
        {
            var id = project.AssemblyName;
            var nupkg = Path.Combine(Feed.Feed, $"{id}.{Feed.Version}.nupkg");
            File.Exists(nupkg).ShouldBeTrue($"{nupkg} was not produced by dotnet pack");
            File.Exists(Path.ChangeExtension(nupkg, ".snupkg")).ShouldBeTrue($"{id}: no symbols package (.snupkg)");

            using var zip = ZipFile.OpenRead(nupkg);
            var entries = zip.Entries.Select(e => e.FullName).ToList();
            entries.ShouldContain("README.md", $"{id}: no README.md in the package");
            entries.ShouldContain("LICENSE", $"{id}: no LICENSE in the package");
            entries.ShouldContain($"lib/net10.0/{id}.dll", $"{id}: no assembly");
            entries.ShouldContain($"lib/net10.0/{id}.xml", $"{id}: no XML documentation");

            var nuspec = Nuspec(zip, id);
            nuspec.Descendants().Single(e => e.Name.LocalName == "license").Value.ShouldBe("MIT", $"{id}: licence");
            nuspec.Descendants().Single(e => e.Name.LocalName == "readme").Value.ShouldBe("README.md", $"{id}: readme");
            nuspec.Descendants().Single(e => e.Name.LocalName == "description").Value.ShouldNotBeNullOrWhiteSpace($"{id}: description");
        }
    }

    [Test]
    public void ToolPackage_IsCourierCli_WithTheCourierCommand()
    {
        var nupkg = Path.Combine(Feed.Feed, $"Courier.Cli.{Feed.Version}.nupkg");
        using var zip = ZipFile.OpenRead(nupkg);
        var nuspec = Nuspec(zip, "Courier.Cli");
        nuspec.Descendants().Single(e => e.Name.LocalName == "packageType").Attribute("name")!.Value.ShouldBe("DotnetTool");
        zip.Entries.Select(e => e.FullName).ShouldContain("README.md");
        using var settings = zip.Entries.Single(e => e.FullName.EndsWith("DotnetToolSettings.xml", StringComparison.Ordinal)).Open();
        XDocument.Load(settings).Descendants("Command").Single().Attribute("Name")!.Value.ShouldBe("courier");
    }

    [Test]
    public void FreshProject_InstallsCourierAndMockingFromTheFeed_AndRuns()
    {
        var app = Directory.CreateDirectory(Path.Combine(Feed.Consumer, "app")).FullName;
        File.WriteAllText(Path.Combine(app, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Courier" Version="{Feed.Version}" />
                <PackageReference Include="Courier.Mocking" Version="{Feed.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using Courier;
            using Courier.Mocking;

            var mock = new MockTransport();
            mock.Get("/users/{id}").Respond(ctx => MockResponse.Json(new { id = ctx.RouteValues["id"], name = "Ada" }));

            using var client = new Client(new ClientOptions { Transport = mock, BaseUrl = new Uri("https://api.test") });
            var response = await client.GetAsync("/users/42");
            Console.WriteLine($"{response.StatusCode} {response.Text}");
            mock.AssertNoUnmatched();
            Console.WriteLine("from " + typeof(Client).Assembly.Location);
            """);

        var build = ProcessRunner.RunOk("dotnet", ["build", "-c", "Release", "-o", "out", "--disable-build-servers", "-nodeReuse:false"], app, Limit);
        TestContext.Progress.WriteLine($"[pack] restore + build of the fresh project took {build.Elapsed.TotalSeconds:0.0} s");
        var run = ProcessRunner.RunOk("dotnet", [Path.Combine(app, "out", "app.dll")], app, TimeSpan.FromMinutes(1));

        run.Output.ShouldContain("""200 {"id":"42","name":"Ada"}""");
        // The assembly came from the packed package, not from the repository.
        Directory.Exists(Path.Combine(Feed.Root, "packages", "courier", Feed.Version)).ShouldBeTrue("Courier was not restored from the local feed into the private packages folder");
        File.ReadAllText(Path.Combine(app, "obj", "project.assets.json")).ShouldContain($"\"Courier.Mocking/{Feed.Version}\"");
    }

    [Test]
    public void ToolPackage_InstallsFromTheFeed_AndShowsItsVersion()
    {
        var tools = Path.Combine(Feed.Root, "tools");
        var install = ProcessRunner.RunOk("dotnet", ["tool", "install", "--tool-path", tools, "--add-source", Feed.Feed, "--version", Feed.Version, "Courier.Cli"], Feed.Consumer, Limit);
        TestContext.Progress.WriteLine($"[pack] dotnet tool install took {install.Elapsed.TotalSeconds:0.0} s");

        var version = ProcessRunner.RunOk(Path.Combine(tools, "courier"), ["--version"], Feed.Consumer, TimeSpan.FromMinutes(1));

        version.Output.Trim().ShouldStartWith(Feed.Version);
    }

    private static XDocument Nuspec(ZipArchive zip, string id)
    {
        using var stream = zip.GetEntry($"{id}.nuspec")!.Open();
        return XDocument.Load(stream);
    }
}
