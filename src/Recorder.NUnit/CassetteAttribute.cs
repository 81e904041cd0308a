using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace Courier.Recorder.NUnit;

/// <summary>
/// Gives each test its own cassette: <c>cassettes/&lt;Namespace.Fixture&gt;/&lt;Test&gt;.yaml</c> under the test
/// project by default (see <see cref="CassetteSettings.Root"/>), opened before the test and released after it. Inside
/// the test, <see cref="CassetteContext.Current"/> gives the recorder, an <c>HttpClient</c> and a Courier client.
/// The mode comes from <see cref="Mode"/> when set, else <c>COURIER_RECORD_MODE</c>, else None when <c>CI=true</c>,
/// else Once. Put it on a test, a fixture (every test gets its own cassette) or the assembly.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class | AttributeTargets.Assembly, AllowMultiple = false, Inherited = true)]
public sealed class CassetteAttribute : NUnitAttribute, ITestAction
{
    private RecordMode? _mode;
    private MatchOn? _matchOn;

    /// <summary>A cassette named after the test.</summary>
    public CassetteAttribute()
    {
    }

    /// <summary>A cassette with an explicit name (relative to the root, e.g. <c>Users/Get</c>); tests sharing a name share a cassette.</summary>
    /// <param name="name">The cassette name.</param>
    public CassetteAttribute(string name) => Name = name;

    /// <summary>The cassette name, or null to derive it from the test's full name.</summary>
    public string? Name { get; }

    /// <summary>The record mode for this test (when not set: <c>COURIER_RECORD_MODE</c>, then CI → None, else Once).</summary>
    public RecordMode Mode
    {
        get => _mode ?? RecordMode.Once;
        set => _mode = value;
    }

    /// <summary>What a request must share with a recorded one (when not set: the settings' options, by default method, scheme, host, port, path, query).</summary>
    public MatchOn MatchOn
    {
        get => _matchOn ?? MatchOn.Default;
        set => _matchOn = value;
    }

    /// <summary>A <see cref="CassetteSettings"/> subclass with a public parameterless constructor (root, options, transport).</summary>
    public Type? Settings { get; set; }

    /// <inheritdoc />
    public ActionTargets Targets => ActionTargets.Test;

    /// <inheritdoc />
    public void BeforeTest(ITest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        var settings = CreateSettings();
        var name = Name ?? CassetteNames.ForTest(test.FullName, test.Name);
        var path = CassettePaths.For(settings.ResolveRoot(TestContext.CurrentContext.TestDirectory), name);
        var options = settings.Options;
        options = _mode is { } mode ? options with { Mode = mode } : options;
        options = _matchOn is { } matchOn ? options with { MatchOn = matchOn } : options;
        CassetteContext.Open(path, settings, options).AttachTo(test);
    }

    /// <inheritdoc />
    public void AfterTest(ITest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        CassetteContext.DetachFrom(test)?.Dispose();
    }

    private CassetteSettings CreateSettings()
    {
        if (Settings is null)
        {
            return new CassetteSettings();
        }

        if (!typeof(CassetteSettings).IsAssignableFrom(Settings) || Settings.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new ArgumentException($"[Cassette(Settings = typeof({Settings.Name}))]: the type must derive from CassetteSettings and have a public parameterless constructor.");
        }

        return (CassetteSettings)Activator.CreateInstance(Settings)!;
    }
}
