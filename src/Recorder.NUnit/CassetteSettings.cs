namespace Courier.Recorder.NUnit;

/// <summary>
/// Where cassettes live and how their recorders are built, for <see cref="CassetteAttribute"/>. Subclass it (with a
/// public parameterless constructor) and name it in <c>[Cassette(Settings = typeof(MySettings))]</c> to change the
/// root folder, the recorder options (filters, matching, environment) or the transport used when recording.
/// </summary>
public class CassetteSettings
{
    /// <summary>The environment variable that overrides the cassette root folder.</summary>
    public const string RootVariable = "COURIER_CASSETTE_ROOT";

    /// <summary>
    /// The cassette root. A relative path is resolved against <c>COURIER_CASSETTE_ROOT</c> when set, else against the
    /// test project's folder (the nearest folder above the test assembly holding a <c>.csproj</c>, so cassettes sit
    /// next to the tests and get committed), else the test assembly's folder. Default <c>cassettes</c>.
    /// </summary>
    public virtual string Root => "cassettes";

    /// <summary>The recorder options (mode default, filters, matching). The attribute's <c>Mode</c> and <c>MatchOn</c> win over these.</summary>
    public virtual RecorderOptions Options => RecorderOptions.Default;

    /// <summary>The transport used when recording (default: Courier's <c>HttpTransport</c>).</summary>
    public virtual HttpMessageHandler CreateTransport() => new HttpTransport();

    /// <summary>Resolves <see cref="Root"/> as described there.</summary>
    /// <param name="testDirectory">The folder of the test assembly.</param>
    public string ResolveRoot(string testDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(testDirectory);
        var root = Root;
        if (Path.IsPathRooted(root))
        {
            return root;
        }

        var fromEnvironment = Options.Environment(RootVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Path.GetFullPath(Path.Combine(fromEnvironment, root));
        }

        for (var dir = new DirectoryInfo(testDirectory); dir is not null; dir = dir.Parent)
        {
            if (dir.EnumerateFiles("*.csproj").Any())
            {
                return Path.Combine(dir.FullName, root);
            }
        }

        return Path.Combine(testDirectory, root);
    }
}
