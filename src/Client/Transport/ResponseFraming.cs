using System.Globalization;

namespace Courier;

/// <summary>
/// Courier's own check of an HTTP/1.x response's framing headers, since <see cref="SocketsHttpHandler"/> takes the
/// first of two different <c>Content-Length</c>s, ignores an unparsable one (reading to the close instead) and lets
/// <c>Transfer-Encoding</c> win over <c>Content-Length</c>. Any such response is refused (RELIABILITY.md client row 4)
/// and its connection is closed, never reused: the bytes that follow could be read as the next response.
/// </summary>
internal static class ResponseFraming
{
    /// <summary>Why the framing of <paramref name="response"/> is ambiguous, or null when it is sound.</summary>
    public static string? Problem(HttpResponseMessage response)
    {
        if (response.Version.Major >= 2)
        {
            return null;
        }

        string? length = null;
        var lengths = 0;
        if (response.Content.Headers.NonValidated.TryGetValues("Content-Length", out var lengthValues))
        {
            foreach (var value in lengthValues)
            {
                if (lengths == 0 && lengthValues.Count == 1 && IsPlainLength(value))
                {
                    // The common case: one plain number (no list to split, nothing allocated).
                    lengths = 1;
                    length = value;
                    break;
                }

                foreach (var part in value.Split(','))
                {
                    var text = part.Trim();
                    lengths++;
                    if (text.Length == 0 || text.Length > 18 || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                    {
                        return $"its Content-Length '{Printable(value)}' is not a non-negative whole number";
                    }

                    if (length is not null && text != length)
                    {
                        return $"it has two different Content-Lengths ({length} and {text})";
                    }

                    length = text;
                }
            }
        }

        if (!response.Headers.NonValidated.TryGetValues("Transfer-Encoding", out var codingValues))
        {
            return null;
        }

        if (lengths == 0 && codingValues.Count == 1 && codingValues.ToString().Equals("chunked", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var codings = codingValues.SelectMany(v => v.Split(',')).Select(c => c.Trim()).Where(c => c.Length > 0).ToList();
        if (lengths > 0)
        {
            return $"it has both Content-Length ({length}) and Transfer-Encoding ({string.Join(", ", codings)})";
        }

        var chunked = codings.Count(c => c.Equals("chunked", StringComparison.OrdinalIgnoreCase));
        return chunked == 1 && codings[^1].Equals("chunked", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"its Transfer-Encoding '{string.Join(", ", codings)}' does not end in exactly one 'chunked'";
    }

    private static bool IsPlainLength(string value)
    {
        if (value.Length is 0 or > 18)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    private static string Printable(string value) => value.Length > 40 ? value[..40] + "..." : value;
}
