using System.Collections;

namespace Courier.Recorder;

/// <summary>One recorded header name with all its values, in recorded order (never joined: two Set-Cookie stay two).</summary>
/// <param name="Name">The header name as recorded (case kept).</param>
/// <param name="Values">The values, one per header line.</param>
public sealed record RecordedHeader(string Name, IReadOnlyList<string> Values);

/// <summary>The headers of a recorded request or response: ordered, case-insensitive lookup, multi-valued.</summary>
public sealed class RecordedHeaders : IReadOnlyList<RecordedHeader>
{
    private readonly List<RecordedHeader> _headers;

    /// <summary>Creates the headers from entries (kept in order; entries with the same name stay separate).</summary>
    public RecordedHeaders(IEnumerable<RecordedHeader> headers) => _headers = [.. headers];

    /// <summary>No headers.</summary>
    public static RecordedHeaders Empty { get; } = new([]);

    /// <inheritdoc />
    public int Count => _headers.Count;

    /// <inheritdoc />
    public RecordedHeader this[int index] => _headers[index];

    /// <summary>All values of <paramref name="name"/> (case-insensitive), across entries, in order.</summary>
    public IReadOnlyList<string> GetValues(string name) =>
        [.. _headers.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).SelectMany(h => h.Values)];

    /// <summary>The first value of <paramref name="name"/>, or null.</summary>
    public string? Get(string name) => GetValues(name) is [var first, ..] ? first : null;

    /// <summary>Whether a header named <paramref name="name"/> is present.</summary>
    public bool Contains(string name) => _headers.Exists(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>A copy without the headers named in <paramref name="names"/>.</summary>
    public RecordedHeaders Without(params string[] names) =>
        new(_headers.Where(h => !names.Contains(h.Name, StringComparer.OrdinalIgnoreCase)));

    /// <summary>A copy where each header's values pass through <paramref name="map"/> (name, value → value).</summary>
    public RecordedHeaders MapValues(Func<string, string, string> map) =>
        new(_headers.Select(h => h with { Values = [.. h.Values.Select(v => map(h.Name, v))] }));

    /// <inheritdoc />
    public IEnumerator<RecordedHeader> GetEnumerator() => _headers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
