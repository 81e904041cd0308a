using System.Runtime.CompilerServices;
using NUnit.Framework.Internal;
using CourierClient = Courier.Client;
using RecorderHandler = Courier.Recorder.Recorder;

namespace Courier.Recorder.NUnit;

/// <summary>
/// The current test's cassette: its <see cref="Recorder"/>, an <see cref="HttpClient"/> and a Courier
/// <see cref="Client"/> over it. <see cref="CassetteAttribute"/> creates one per test; read it with
/// <see cref="Current"/> anywhere in the test (also in tasks it starts). Each test has its own, so parallel tests
/// never share a cassette. Disposing it (the attribute does so after the test) saves and releases everything.
/// </summary>
public sealed class CassetteContext : IDisposable
{
    private static readonly ConditionalWeakTable<object, CassetteContext> ByTest = [];
    private readonly HttpMessageHandler _transport;
    private int _disposed;

    private CassetteContext(string path, RecorderHandler recorder, HttpMessageHandler transport)
    {
        Path = path;
        Recorder = recorder;
        _transport = transport;
        HttpClient = new HttpClient(recorder, disposeHandler: false);
        Client = new CourierClient(new ClientOptions { Transport = recorder });
    }

    /// <summary>The current test's cassette context.</summary>
    /// <exception cref="InvalidOperationException">The current test has no <c>[Cassette]</c> attribute.</exception>
    public static CassetteContext Current => TryGetCurrent() ?? throw new InvalidOperationException(
        "The current test has no cassette: put [Cassette] on the test, its fixture or the assembly, and read CassetteContext.Current inside the test.");

    /// <summary>The cassette file.</summary>
    public string Path { get; }

    /// <summary>The recorder (an <see cref="HttpMessageHandler"/>: hand it to any SDK taking one).</summary>
    public RecorderHandler Recorder { get; }

    /// <summary>The cassette.</summary>
    public Cassette Cassette => Recorder.Cassette;

    /// <summary>The effective record mode.</summary>
    public RecordMode Mode => Recorder.Mode;

    /// <summary>An <see cref="HttpClient"/> whose handler is the recorder.</summary>
    public HttpClient HttpClient { get; }

    /// <summary>A Courier client whose transport is the recorder.</summary>
    public CourierClient Client { get; }

    /// <summary>The current test's context, or null when it has none.</summary>
    public static CassetteContext? TryGetCurrent()
    {
        var test = TestExecutionContext.CurrentContext?.CurrentTest;
        return test is not null && ByTest.TryGetValue(test, out var context) ? context : null;
    }

    /// <summary>
    /// Opens the cassette <paramref name="name"/> (a relative name, sanitized under the settings' root) outside the
    /// attribute, e.g. to record and then replay in one test. Dispose it to release the recorder.
    /// </summary>
    /// <param name="name">The cassette name (<c>Folder/Test</c>).</param>
    /// <param name="settings">Root, options and transport; <see cref="CassetteSettings"/> defaults when null.</param>
    /// <param name="mode">The record mode; null uses the settings' options (<c>COURIER_RECORD_MODE</c>, then CI → None).</param>
    /// <param name="testDirectory">The folder relative roots are resolved from (default: the current directory).</param>
    public static CassetteContext Open(string name, CassetteSettings? settings = null, RecordMode? mode = null, string? testDirectory = null)
    {
        settings ??= new CassetteSettings();
        var path = CassettePaths.For(settings.ResolveRoot(testDirectory ?? Directory.GetCurrentDirectory()), name);
        var options = mode is { } m ? settings.Options with { Mode = m } : settings.Options;
        return Open(path, settings, options);
    }

    internal static CassetteContext Open(string path, CassetteSettings settings, RecorderOptions options)
    {
        var transport = settings.CreateTransport();
        try
        {
            return new CassetteContext(path, RecorderHandler.Open(path, transport, options), transport);
        }
        catch
        {
            transport.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Attaches this context to <paramref name="test"/>. NUnit runs the assembly's, then the fixture's, then the
    /// method's attribute: a later (more specific) one replaces the earlier context, which is released unused.
    /// </summary>
    internal void AttachTo(object test)
    {
        if (ByTest.TryGetValue(test, out var outer))
        {
            outer.Dispose();
        }

        ByTest.AddOrUpdate(test, this);
    }

    internal static CassetteContext? DetachFrom(object test) => ByTest.TryGetValue(test, out var context) && ByTest.Remove(test) ? context : null;

    /// <summary>Releases the clients, the recorder and its transport (every recorded interaction is already saved).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Client.Dispose();
        HttpClient.Dispose();
        Recorder.Dispose();
        _transport.Dispose();
    }
}
