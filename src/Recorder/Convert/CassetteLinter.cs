using System.Globalization;
using System.Text;
using Courier.Recorder.Format;

namespace Courier.Recorder.Conversion;

/// <summary>
/// Checks a cassette file before it is committed: secrets (credential and API-key headers holding real values,
/// bearer tokens, JWTs, cloud keys, <c>user:password@</c> in URLs — reported by place, never by value), stale
/// <c>Content-Length</c> headers, unreadable bodies and format errors, each with its line. Unlike
/// <see cref="Cassette.Load"/>, one bad interaction does not hide the findings in the others.
/// </summary>
public static partial class CassetteLinter
{
    /// <summary>Lints the cassette at <paramref name="path"/> (JSON when it ends in <c>.json</c>).</summary>
    /// <exception cref="IOException">The file cannot be read (it is absent, or a folder, or not readable).</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public static LintReport Lint(string path, CassetteLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= CassetteLoadOptions.Default;
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"The cassette '{path}' does not exist.", path);
        }

        if (info.Length > options.MaxFileBytes)
        {
            return new LintReport(path, 0, [new LintFinding(LintKind.Format, 0, null, $"the file is {info.Length} bytes, more than CassetteLoadOptions.MaxFileBytes ({options.MaxFileBytes})")]);
        }

        return LintBytes(File.ReadAllBytes(path), path, Cassette.IsJson(path), options);
    }

    /// <summary>Lints cassette text (YAML, or JSON when <paramref name="json"/>).</summary>
    public static LintReport LintText(string text, string name = "(text)", bool json = false, CassetteLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return LintBytes(Encoding.UTF8.GetBytes(text), name, json, options ?? CassetteLoadOptions.Default);
    }

    private static LintReport LintBytes(byte[] bytes, string path, bool json, CassetteLoadOptions options)
    {
        (CassetteDto Dto, NodeReader Reader)? read;
        try
        {
            read = CassetteReader.ReadDto(bytes, path, json, options);
        }
        catch (CassetteFormatException e)
        {
            return new LintReport(path, 0, [new LintFinding(LintKind.Format, e.Line, null, e.Reason)]);
        }

        if (read is not { } found)
        {
            return new LintReport(path, 0, [new LintFinding(LintKind.Format, 0, null, "the file holds no cassette (it is empty or only comments)")]);
        }

        var (dto, r) = found;
        var findings = new List<LintFinding>();
        for (var i = 0; i < dto.Interactions.Count; i++)
        {
            Check(dto.Interactions[i], i + 1, dto.Dialect, r, findings);
        }

        return new LintReport(path, dto.Interactions.Count, findings);
    }

    private static void Check(InteractionDto dto, int number, CassetteDialect dialect, NodeReader r, List<LintFinding> findings)
    {
        var userInfo = Uri.TryCreate(dto.Request.Uri, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0;
        if (userInfo)
        {
            findings.Add(new LintFinding(LintKind.Secret, dto.Request.Line, number, $"interaction #{number}: the request URI holds credentials (user:password@); remove them"));
        }

        Interaction model;
        try
        {
            model = CassetteMapper.ToModel(new CassetteDto(dialect, [userInfo ? dto with { Request = dto.Request with { Uri = WithoutUserInfo(uri!) } } : dto]), r)[0];
        }
        catch (CassetteFormatException e)
        {
            var body = e.Reason.Contains("base64", StringComparison.Ordinal) || e.Reason.Contains("gzip", StringComparison.Ordinal) || e.Reason.Contains("encoding", StringComparison.Ordinal);
            findings.Add(new LintFinding(body ? LintKind.UnreadableBody : LintKind.Format, e.Line, number, $"interaction #{number}: {e.Reason}"));
            SecretHeaders(dto.Request.Headers, "request", number, findings);
            SecretHeaders(dto.Response.Headers, "response", number, findings);
            return;
        }

        SecretHeaders(dto.Request.Headers, "request", number, findings);
        SecretHeaders(dto.Response.Headers, "response", number, findings);
        SecretTexts(dto, model, number, findings);
        StaleLength(dto.Request.Headers, model.Request.Body ?? [], "request", number, findings, skip: false);
        var bodiless = model.Request.Method == "HEAD" || model.Response.StatusCode is 204 or 304 || model.Response.StatusCode < 200;
        StaleLength(dto.Response.Headers, model.Response.Body, "response", number, findings, skip: bodiless || dto.Response.BodyDecoded);
    }

    private static void StaleLength(IReadOnlyList<HeaderDto> headers, byte[] body, string side, int number, List<LintFinding> findings, bool skip)
    {
        var header = headers.FirstOrDefault(h => h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase));
        if (skip || header is null || header.Values.Count == 0)
        {
            return;
        }

        var declared = header.Values[0];
        if (!long.TryParse(declared, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length != body.Length)
        {
            findings.Add(new LintFinding(LintKind.StaleContentLength, header.Line, number,
                $"interaction #{number}: the {side} Content-Length ({HttpSyntax.Printable(declared)}) does not match the {body.Length}-byte body; fix or remove the header"));
        }
    }

    private static string WithoutUserInfo(Uri uri) => new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri.AbsoluteUri;
}
