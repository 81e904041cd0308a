namespace Courier.Mocking.Matching;

/// <summary>The multipart body has a part with this name whose content (and optionally file name) passes the tests.</summary>
public sealed class MultipartMatcher : RequestMatcher
{
    /// <summary>A part named <paramref name="name"/>, its text passing <paramref name="content"/> and its file name equal to <paramref name="fileName"/> when given.</summary>
    public MultipartMatcher(string name, ValuePattern? content = null, string? fileName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Content = content;
        FileName = fileName;
    }

    /// <summary>The part name.</summary>
    public string Name { get; }

    /// <summary>The test on the part's text, or null for any content.</summary>
    public ValuePattern? Content { get; }

    /// <summary>The expected file name, or null.</summary>
    public string? FileName { get; }

    /// <inheritdoc />
    public override string Attribute => "Multipart";

    /// <inheritdoc />
    public override int Cost => 7;

    /// <inheritdoc />
    public override MatchResult Match(RequestSnapshot request)
    {
        var best = 1.0;
        foreach (var part in request.MultipartParts)
        {
            if (!string.Equals(part.Name, Name, StringComparison.Ordinal))
            {
                continue;
            }

            if (FileName is not null && !string.Equals(part.FileName, FileName, StringComparison.Ordinal))
            {
                best = Math.Min(best, 0.5);
                continue;
            }

            var result = Content?.Test([part.Text]) ?? MatchResult.Matched;
            if (result.IsMatch)
            {
                return result;
            }

            best = Math.Min(best, result.Distance);
        }

        return MatchResult.Miss(best);
    }

    /// <inheritdoc />
    public override string Describe() =>
        $"Multipart: {Name}{(FileName is null ? string.Empty : $" (file {FileName})")}{(Content is null ? string.Empty : $" {(Content.Operator.Length == 0 ? "=" : Content.Operator)} {Content.Value}")}";

    /// <inheritdoc />
    public override string DescribeActual(RequestSnapshot request)
    {
        var parts = request.MultipartParts;
        return parts.Count == 0
            ? "(no multipart body)"
            : string.Join("; ", parts.Select(p => $"{p.Name}{(p.FileName is null ? string.Empty : $" (file {p.FileName})")} = {Shorten(p.Text)}"));
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
