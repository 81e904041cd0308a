using System.CommandLine;
using Courier.Recorder;

namespace Courier.Cli.Recording;

/// <summary>The options <c>courier record</c> and <c>courier replay</c> share: <c>--port</c>, <c>--match-on</c>, and their parsing.</summary>
internal static class RecordingArguments
{
    public const string MatchOnHelp =
        "What a request must share with a recorded one, comma-separated or repeated: method, scheme, host, port, path, query, " +
        "body (raw bytes), json_body (by structure), header:NAME; 'default' = method,scheme,host,port,path,query.";

    public static Option<int> Port()
    {
        var port = new Option<int>("--port") { Description = "The port on 127.0.0.1 (default 0: a free one, printed on the first line)." };
        port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                result.AddError("--port must be between 0 and 65535.");
            }
        });
        return port;
    }

    public static Option<string[]> MatchOnOption()
    {
        var option = new Option<string[]>("--match-on") { Description = MatchOnHelp, AllowMultipleArgumentsPerToken = false };
        option.Validators.Add(result =>
        {
            if (ParseMatchOn(result.GetValueOrDefault<string[]>() ?? []).Error is { } error)
            {
                result.AddError(error);
            }
        });
        return option;
    }

    /// <summary>The flags and header names of <c>--match-on</c> values, or an error naming the unknown value.</summary>
    public static (MatchOn MatchOn, IReadOnlyList<string> Headers, string? Error) ParseMatchOn(IEnumerable<string> values)
    {
        var items = values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (items.Count == 0)
        {
            return (MatchOn.Default, [], null);
        }

        var flags = MatchOn.None;
        var headers = new List<string>();
        foreach (var item in items)
        {
            if (item.StartsWith("header:", StringComparison.OrdinalIgnoreCase) || item.StartsWith("headers:", StringComparison.OrdinalIgnoreCase))
            {
                var name = item[(item.IndexOf(':', StringComparison.Ordinal) + 1)..];
                if (name.Length == 0)
                {
                    return (flags, headers, "--match-on header: needs a header name (header:Accept).");
                }

                headers.Add(name);
                continue;
            }

            MatchOn? flag = item.Replace("-", "_", StringComparison.Ordinal).ToUpperInvariant() switch
            {
                "METHOD" => MatchOn.Method,
                "SCHEME" => MatchOn.Scheme,
                "HOST" => MatchOn.Host,
                "PORT" => MatchOn.Port,
                "PATH" => MatchOn.Path,
                "QUERY" => MatchOn.Query,
                "BODY" or "RAW_BODY" => MatchOn.Body,
                "JSON_BODY" => MatchOn.JsonBody,
                "DEFAULT" => MatchOn.Default,
                _ => null,
            };
            if (flag is null)
            {
                return (flags, headers, $"--match-on '{item}' is not a matcher; use {string.Join(", ", "method scheme host port path query body json_body header:NAME default".Split(' '))}.");
            }

            flags |= flag.Value;
        }

        return (flags, headers, null);
    }

    public static Option<string?> ModeOption()
    {
        var mode = new Option<string?>("--mode")
        {
            Description = "once (record when the cassette is absent, else replay), new_episodes (replay what matches, record the rest), " +
                          "none (replay only), all (re-record everything). Default: COURIER_RECORD_MODE, else none when CI=true, else once.",
        };
        mode.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && ParseMode(value) is null)
            {
                result.AddError($"--mode '{value}' is not a record mode; use once, new_episodes, none or all.");
            }
        });
        return mode;
    }

    public static RecordMode? ParseMode(string value) =>
        value.Trim().Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToUpperInvariant() switch
        {
            "ONCE" => RecordMode.Once,
            "NEWEPISODES" => RecordMode.NewEpisodes,
            "NONE" => RecordMode.None,
            "ALL" => RecordMode.All,
            _ => null,
        };
}
