using System.Text.Json;

namespace Courier.Mocking.Matching;

/// <summary>The body is JSON equal by structure to an expected document (key order and whitespace ignored).</summary>
public sealed class JsonBodyMatcher : RequestMatcher
{
    private readonly JsonElement _expected;
    private readonly JsonMatchOptions _options;

    /// <summary>Expects <paramref name="expected"/>, compared with <paramref name="options"/>.</summary>
    public JsonBodyMatcher(JsonElement expected, JsonMatchOptions? options = null)
    {
        _expected = expected.Clone();
        _options = options ?? new JsonMatchOptions();
    }

    /// <summary>Expects the JSON text <paramref name="json"/>.</summary>
    public static JsonBodyMatcher FromText(string json, JsonMatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        return new JsonBodyMatcher(document.RootElement, options);
    }

    /// <summary>Expects <paramref name="value"/> serialised with System.Text.Json (web defaults: camelCase).</summary>
    public static JsonBodyMatcher FromValue<T>(T value, JsonMatchOptions? options = null, JsonSerializerOptions? serializerOptions = null) =>
        new(JsonSerializer.SerializeToElement(value, serializerOptions ?? ClientOptions.DefaultJsonOptions), options);

    /// <inheritdoc />
    public override string Attribute => "Body";

    /// <inheritdoc />
    public override int Cost => 6;

    /// <inheritdoc />
    public override bool ShowWhenMatched => false;

    /// <inheritdoc />
    public override MatchResult Match(RequestSnapshot request)
    {
        if (request.Json is not { } actual)
        {
            return MatchResult.Failed;
        }

        return JsonComparer.Equal(_expected, actual, _options)
            ? MatchResult.Matched
            : MatchResult.Miss(Distance(_expected.GetRawText(), actual.GetRawText()));
    }

    /// <summary>The expected document.</summary>
    public JsonElement Expected => _expected;

    /// <summary>Where the request's body differs from the expected document (empty when it matches or is not JSON).</summary>
    public IReadOnlyList<JsonDifference> Differences(RequestSnapshot request, int max = 10)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Json is { } actual ? JsonDiff.Differences(_expected, actual, _options, max) : [];
    }

    /// <inheritdoc />
    public override string Describe()
    {
        var flags = (_options.IgnoreArrayOrder ? " [ignoreArrayOrder]" : string.Empty) + (_options.IgnoreExtraElements ? " [ignoreExtraElements]" : string.Empty);
        return $"[equalToJson]{flags}\n{JsonPrinter.Print(_expected)}";
    }

    /// <inheritdoc />
    public override string DescribeActual(RequestSnapshot request) =>
        "\n" + (request.Json is { } json ? JsonPrinter.Print(json) : request.Text);
}
