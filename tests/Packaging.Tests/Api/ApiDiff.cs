namespace Courier.PackagingTests.Api;

/// <summary>The difference of two sorted API listings: lines only in the baseline (<c>- </c>) and only in the
/// assembly (<c>+ </c>), in sorted order.</summary>
internal static class ApiDiff
{
    /// <summary>An empty string when equal.</summary>
    public static string Describe(IReadOnlyCollection<string> baseline, IReadOnlyCollection<string> actual)
    {
        var removed = baseline.Except(actual, StringComparer.Ordinal).Select(l => (Line: l, Text: "- " + l));
        var added = actual.Except(baseline, StringComparer.Ordinal).Select(l => (Line: l, Text: "+ " + l));
        return string.Join("\n", removed.Concat(added).OrderBy(x => x.Line, StringComparer.Ordinal).ThenBy(x => x.Text, StringComparer.Ordinal).Select(x => x.Text));
    }
}
