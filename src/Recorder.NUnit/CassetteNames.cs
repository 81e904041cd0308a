using System.Security.Cryptography;
using System.Text;

namespace Courier.Recorder.NUnit;

/// <summary>Derives a cassette name from a test's full name: <c>Namespace.Fixture/Test_name</c>, always accepted by <see cref="CassettePaths"/>.</summary>
public static class CassetteNames
{
    private const int MaxSegment = 90;

    /// <summary>
    /// The cassette name for a test: the fixture's full name as the folder and the test's name (with its arguments) as
    /// the file. Characters other than letters, digits, <c>-_.</c> and spaces become <c>_</c>; when that changed the
    /// name or it had to be shortened, a short hash of the original is appended so two tests never share a cassette.
    /// </summary>
    /// <param name="fullName">The test's full name, e.g. <c>MyTests.Users.Get(1,"a")</c>.</param>
    /// <param name="name">The test's own name, e.g. <c>Get(1,"a")</c>.</param>
    public static string ForTest(string fullName, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(fullName);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var fixture = fullName.EndsWith("." + name, StringComparison.Ordinal) ? fullName[..^(name.Length + 1)] : string.Empty;
        var file = Segment(name);
        return fixture.Length == 0 ? file : Segment(fixture) + "/" + file;
    }

    private static string Segment(string text)
    {
        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            clean.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || (c is '.' or ' ' && clean.Length > 0) ? c : '_');
        }

        var result = clean.ToString().TrimEnd('.', ' ');
        var changed = !string.Equals(result, text, StringComparison.Ordinal) || result.Length > MaxSegment;
        if (result.Length > MaxSegment)
        {
            result = result[..MaxSegment];
        }

        // A reserved device name (CON, NUL, COM1, …) gets the hash suffix too, which makes it an ordinary name.
        if (changed || CassettePaths.IsReservedDeviceName(result.Split('.')[0]))
        {
            result += "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8];
        }

        return result;
    }
}
