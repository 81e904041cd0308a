using System.Text.Json;

namespace Courier.Mocking.Matching;

/// <summary>One place where two JSON documents differ.</summary>
/// <param name="Path">The JSONPath of the place, e.g. <c>$.user.roles[1]</c>.</param>
/// <param name="Expected">The expected value's raw JSON, or null when the expected side has nothing there.</param>
/// <param name="Actual">The actual value's raw JSON, or null when the actual side has nothing there.</param>
public sealed record JsonDifference(string Path, string? Expected, string? Actual)
{
    /// <summary>The member name or index the path ends with (<c>password</c> for <c>$.user.password</c>).</summary>
    public string LastSegment => Path[(Math.Max(Path.LastIndexOf('.'), Path.LastIndexOf('[')) + 1)..].TrimEnd(']');
}

/// <summary>
/// A structural JSON diff under the same rules as <see cref="JsonBodyMatcher"/> (key order and whitespace ignored,
/// numbers by value): the paths where two documents differ, for near-miss reports.
/// </summary>
public static class JsonDiff
{
    /// <summary>
    /// Up to <paramref name="max"/> differences between <paramref name="expected"/> and <paramref name="actual"/>, in
    /// document order; empty when <see cref="JsonBodyMatcher"/> would call them equal.
    /// </summary>
    public static IReadOnlyList<JsonDifference> Differences(JsonElement expected, JsonElement actual, JsonMatchOptions? options = null, int max = 10)
    {
        options ??= new JsonMatchOptions();
        var found = new List<JsonDifference>();
        if (!JsonComparer.Equal(expected, actual, options))
        {
            Walk("$", expected, actual, options, found, Math.Max(1, max), 0);
        }

        return found;
    }

    private static void Walk(string path, JsonElement expected, JsonElement actual, JsonMatchOptions options, List<JsonDifference> found, int max, int depth)
    {
        if (found.Count >= max || JsonComparer.Equal(expected, actual, options))
        {
            return;
        }

        if (depth > 64 || expected.ValueKind != actual.ValueKind)
        {
            found.Add(new(path, expected.GetRawText(), actual.GetRawText()));
            return;
        }

        if (expected.ValueKind == JsonValueKind.Object)
        {
            foreach (var member in expected.EnumerateObject())
            {
                var child = path + "." + member.Name;
                if (!actual.TryGetProperty(member.Name, out var value))
                {
                    found.Add(new(child, member.Value.GetRawText(), null));
                }
                else
                {
                    Walk(child, member.Value, value, options, found, max, depth + 1);
                }

                if (found.Count >= max)
                {
                    return;
                }
            }

            if (!options.IgnoreExtraElements)
            {
                foreach (var member in actual.EnumerateObject().Where(m => !expected.TryGetProperty(m.Name, out _)).Take(max - found.Count))
                {
                    found.Add(new(path + "." + member.Name, null, member.Value.GetRawText()));
                }
            }

            return;
        }

        if (expected.ValueKind == JsonValueKind.Array && !options.IgnoreArrayOrder)
        {
            var left = expected.EnumerateArray().ToArray();
            var right = actual.EnumerateArray().ToArray();
            for (var i = 0; i < Math.Max(left.Length, right.Length) && found.Count < max; i++)
            {
                if (i >= right.Length)
                {
                    found.Add(new($"{path}[{i}]", left[i].GetRawText(), null));
                }
                else if (i >= left.Length)
                {
                    if (!options.IgnoreExtraElements)
                    {
                        found.Add(new($"{path}[{i}]", null, right[i].GetRawText()));
                    }
                }
                else
                {
                    Walk($"{path}[{i}]", left[i], right[i], options, found, max, depth + 1);
                }
            }

            return;
        }

        found.Add(new(path, expected.GetRawText(), actual.GetRawText()));
    }
}
