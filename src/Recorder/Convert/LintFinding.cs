namespace Courier.Recorder.Conversion;

/// <summary>What kind of problem a <see cref="LintFinding"/> is.</summary>
public enum LintKind
{
    /// <summary>A value that looks like a secret (credential header, bearer token, JWT, cloud key, URL userinfo).</summary>
    Secret,

    /// <summary>A recorded <c>Content-Length</c> that does not match the stored body.</summary>
    StaleContentLength,

    /// <summary>A body that cannot be read back (invalid base64, declared gzip that is not gzip, bad encoding).</summary>
    UnreadableBody,

    /// <summary>The file, or one interaction, is not a valid cassette.</summary>
    Format,
}

/// <summary>One problem found by <see cref="CassetteLinter"/>. The message names the place, never a secret's value.</summary>
/// <param name="Kind">The kind of problem.</param>
/// <param name="Line">The 1-based line in the file, or 0 when not tied to a line.</param>
/// <param name="Interaction">The 1-based interaction number, or null when the problem is not in one interaction.</param>
/// <param name="Message">What is wrong and what to do.</param>
public sealed record LintFinding(LintKind Kind, int Line, int? Interaction, string Message);

/// <summary>The result of linting one cassette file.</summary>
/// <param name="Path">The file.</param>
/// <param name="Interactions">How many interactions the file holds (those that could be read).</param>
/// <param name="Findings">The problems, in file order.</param>
public sealed record LintReport(string Path, int Interactions, IReadOnlyList<LintFinding> Findings)
{
    /// <summary>Whether nothing was found.</summary>
    public bool IsClean => Findings.Count == 0;
}
