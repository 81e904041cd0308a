using System.CommandLine;
using System.Text;
using System.Text.Json;

namespace Courier.Cli.Commands;

/// <summary>The request body from <c>--content</c>, <c>--json</c>, or <c>--data</c>/<c>--files</c> (only one kind at a time).</summary>
internal static class BodyBuilder
{
    public static (Body? Body, List<Stream> Files) Build(ParseResult parsed, RequestCommand c, List<string> errors)
    {
        var files = new List<Stream>();
        var content = parsed.GetValue(c.Content);
        var json = parsed.GetValue(c.Json);
        var data = parsed.GetValue(c.Data) ?? [];
        var fileArgs = parsed.GetValue(c.Files) ?? [];
        var kinds = new[] { content is not null, json is not null, data.Length > 0 || fileArgs.Length > 0 }.Count(k => k);
        if (kinds > 1)
        {
            errors.Add("Give only one kind of body: --content, --json, or --data/--files.");
            return (null, files);
        }

        if (content is not null)
        {
            return (Body.Bytes(Encoding.UTF8.GetBytes(content)), files);
        }

        if (json is not null)
        {
            if (!IsJson(json, out var problem))
            {
                errors.Add($"--json is not valid JSON: {problem}");
                return (null, files);
            }

            return (Body.Bytes(Encoding.UTF8.GetBytes(json), "application/json"), files);
        }

        var fields = new List<KeyValuePair<string, string>>();
        for (var i = 0; i + 1 < data.Length; i += 2)
        {
            fields.Add(new(data[i], data[i + 1]));
        }

        if (fileArgs.Length == 0)
        {
            return (fields.Count == 0 ? null : Body.Form(fields), files);
        }

        var form = new MultipartForm();
        foreach (var (name, value) in fields)
        {
            form.Field(name, value);
        }

        for (var i = 0; i + 1 < fileArgs.Length; i += 2)
        {
            var path = fileArgs[i + 1];
            if (!File.Exists(path))
            {
                errors.Add($"--files {fileArgs[i]}: the file '{path}' does not exist.");
                continue;
            }

            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
            files.Add(stream);
            form.File(fileArgs[i], Path.GetFileName(path), stream, ContentTypes.Guess(path));
        }

        return (Body.Multipart(form), files);
    }

    private static bool IsJson(string text, out string? problem)
    {
        try
        {
            using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(text));
            problem = null;
            return true;
        }
        catch (JsonException ex)
        {
            problem = ex.Message;
            return false;
        }
    }
}

/// <summary>A content type from a file extension, for uploads.</summary>
internal static class ContentTypes
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".txt"] = "text/plain",
        [".json"] = "application/json",
        [".html"] = "text/html",
        [".csv"] = "text/csv",
        [".xml"] = "application/xml",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".pdf"] = "application/pdf",
        [".zip"] = "application/zip",
    };

    public static string Guess(string path) => ByExtension.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");
}
