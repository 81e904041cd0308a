using System.Text.Json;

namespace Courier.Mocking.Matching;

/// <summary>
/// A <see cref="JsonPath"/> selects at least one non-null value in the JSON body; with an expected value, one of the
/// selected values must equal it (strings as text, anything else by structure) or pass the <see cref="ValuePattern"/>.
/// </summary>
public sealed class JsonPathMatcher : RequestMatcher
{
    private readonly JsonPath _path;
    private readonly ValuePattern? _pattern;

    /// <summary>Selects with <paramref name="path"/>; tests each selected value's text with <paramref name="pattern"/> when given.</summary>
    public JsonPathMatcher(string path, ValuePattern? pattern = null)
    {
        _path = JsonPath.Compile(path);
        _pattern = pattern;
    }

    /// <inheritdoc />
    public override string Attribute => "Body";

    /// <inheritdoc />
    public override int Cost => 6;

    /// <inheritdoc />
    public override bool ShowWhenMatched => false;

    /// <inheritdoc />
    public override MatchResult Match(RequestSnapshot request)
    {
        if (request.Json is not { } json)
        {
            return MatchResult.Failed;
        }

        var selected = _path.Select(json).Where(e => e.ValueKind != JsonValueKind.Null).ToArray();
        if (_pattern is null)
        {
            return selected.Length > 0 ? MatchResult.Matched : MatchResult.Miss(0.9);
        }

        return selected.Length == 0 ? MatchResult.Miss(0.9) : _pattern.Test([.. selected.Select(Text)]);
    }

    /// <inheritdoc />
    public override string Describe() => _pattern is null ? _path.Expression : $"{_path.Expression} {_pattern}";

    /// <inheritdoc />
    public override string DescribeActual(RequestSnapshot request) => request.Json is { } json ? JsonPrinter.Print(json) : request.Text;

    private static string Text(JsonElement element) => element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
}
