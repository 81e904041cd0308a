using System.Collections.Concurrent;

namespace Courier.Mocking.WireMock;

/// <summary>WireMock scenario states (every scenario starts in <c>Started</c>).</summary>
internal sealed class ScenarioStore
{
    public const string Started = "Started";

    private readonly ConcurrentDictionary<string, string> _states = new(StringComparer.Ordinal);

    public string StateOf(string scenario) => _states.GetValueOrDefault(scenario, Started);

    public void Set(string scenario, string state) => _states[scenario] = state;

    public IReadOnlyDictionary<string, string> All => new Dictionary<string, string>(_states);

    public void Reset() => _states.Clear();
}
