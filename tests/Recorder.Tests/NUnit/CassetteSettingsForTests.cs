using Courier.Recorder;
using Courier.Recorder.NUnit;

namespace Courier.RecorderTests.NUnit;

/// <summary>Cassettes under a temp folder per settings type, with a clean environment (neither CI nor COURIER_RECORD_MODE).</summary>
public class TempCassettes : CassetteSettings
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), $"courier-nunit-{Guid.NewGuid():N}");

    public static string Dir => Folder;

    public override string Root => Folder;

    public override RecorderOptions Options => new() { Environment = _ => null };
}

/// <summary>As on a CI machine: <c>CI=true</c>.</summary>
public sealed class CiCassettes : TempCassettes
{
    public override RecorderOptions Options => new() { Environment = name => name == "CI" ? "true" : null };
}

/// <summary>Replay only: the transport fails the test if the recorder ever reaches the network.</summary>
public sealed class NoNetworkCassettes : TempCassettes
{
    public override HttpMessageHandler CreateTransport() => new NoNetworkHandler();
}

/// <summary>An inner transport that throws on any request.</summary>
public sealed class NoNetworkHandler : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The recorder went to the network in a replay-only test: " + request.RequestUri);
}
