namespace Courier.Mocking.Matching;

/// <summary>Levenshtein distance normalised to 0..1, over at most the first 256 characters of each side.</summary>
internal static class EditDistance
{
    private const int MaxLength = 256;

    public static double Normalized(string expected, string actual)
    {
        var a = expected.AsSpan(0, Math.Min(expected.Length, MaxLength));
        var b = actual.AsSpan(0, Math.Min(actual.Length, MaxLength));
        var longest = Math.Max(a.Length, b.Length);
        if (longest == 0)
        {
            return 0;
        }

        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            current.CopyTo(previous);
        }

        return (double)previous[b.Length] / longest;
    }
}
