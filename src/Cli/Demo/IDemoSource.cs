namespace Courier.Cli.Demo;

/// <summary>
/// What <c>courier demo</c> fetches from: a server on loopback that answers the sample paths of <see cref="DemoSamples"/>.
/// Today it is <see cref="LoopbackDemoSource"/> (a Kestrel app of the command's own). The seam for later: a source that
/// serves the bundled <c>cassettes/</c> through the mock server or the recorder's replay implements this interface
/// and is picked in <see cref="DemoSources.StartAsync"/>; nothing else changes.
/// </summary>
internal interface IDemoSource : IAsyncDisposable
{
    /// <summary>Where the samples are served, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    Uri BaseUrl { get; }

    /// <summary>One line saying what serves the samples.</summary>
    string Description { get; }
}

/// <summary>Chooses the demo's source (one place to switch to the bundled cassettes).</summary>
internal static class DemoSources
{
    public static async Task<IDemoSource> StartAsync(CancellationToken cancellationToken) =>
        await LoopbackDemoSource.StartAsync(cancellationToken).ConfigureAwait(false);
}

/// <summary>The demo's samples: the path each is served at and what it shows.</summary>
internal static class DemoSamples
{
    public const string Json = "/json";
    public const string Redirect = "/redirect";
    public const string Stream = "/stream";
    public const int StreamLines = 5;
}
