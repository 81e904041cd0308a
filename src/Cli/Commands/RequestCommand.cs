using System.CommandLine;

namespace Courier.Cli.Commands;

/// <summary>The root command, <c>courier URL [options]</c>, with httpx's command-line options.</summary>
internal sealed class RequestCommand
{
    public readonly Argument<string?> Url = new("URL") { Arity = ArgumentArity.ZeroOrOne, Description = "The URL to request (http:// or https://)." };

    public readonly Option<string?> Method = new("--method", "-m") { Description = "Request method: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, … (default GET, or POST when a body is given).", HelpName = "METHOD" };
    public readonly Option<string[]> Params = Pairs("--params", "-p", "Query parameter to add to the URL (repeatable).");
    public readonly Option<string?> Content = new("--content", "-c") { Description = "Raw request body (text, sent as UTF-8 bytes).", HelpName = "TEXT" };
    public readonly Option<string[]> Data = Pairs("--data", "-d", "Form field, sent as application/x-www-form-urlencoded (or multipart with --files) (repeatable).");
    public readonly Option<string[]> Files = Pairs("--files", "-f", "File to upload as multipart/form-data (repeatable).", "NAME FILE");
    public readonly Option<string?> Json = new("--json", "-j") { Description = "JSON request body (validated, sent as application/json).", HelpName = "JSON" };
    public readonly Option<string[]> Headers = Pairs("--headers", "-h", "Request header (repeatable).");
    public readonly Option<string[]> Cookies = Pairs("--cookies", null, "Cookie to send with the request (repeatable).");
    public readonly Option<string[]> AuthValues = new("--auth") { Description = "Credentials: USER PASS for basic (and digest), TOKEN for bearer.", HelpName = "USER PASS|TOKEN", Arity = new ArgumentArity(1, 2), AllowMultipleArgumentsPerToken = true };
    public readonly Option<string> AuthType = AuthTypeOption();
    public readonly Option<string?> Proxy = new("--proxy") { Description = "Send the request through this proxy URL.", HelpName = "URL" };
    public readonly Option<double> Timeout = new("--timeout") { Description = "Timeout in seconds for connect, read, write and pool (default 5).", HelpName = "SECONDS", DefaultValueFactory = _ => 5 };
    public readonly Option<bool> FollowRedirects = new("--follow-redirects") { Description = "Follow redirects (off by default, as in httpx)." };
    public readonly Option<bool> NoVerify = new("--no-verify") { Description = "Do not verify the server's TLS certificate." };
    public readonly Option<bool> Http2 = new("--http2") { Description = "Allow HTTP/2 (negotiated by ALPN over TLS)." };
    public readonly Option<string?> Download = new("--download") { Description = "Save the response body to FILE (streamed, with a progress bar; no partial file is left on failure).", HelpName = "FILE" };
    public readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Show the request and response heads of every hop (redirects included), and stack traces of errors." };
    public readonly Option<bool> NoColor = new("--no-color") { Description = "Plain output without colour (also when stdout is not a terminal, or NO_COLOR is set)." };

    /// <summary>Adds the URL argument and the request options to <paramref name="root"/> and makes it send the request.</summary>
    public static RequestCommand Configure(Command root, CliConsoles consoles)
    {
        var command = new RequestCommand();
        command.AddTo(root, consoles);
        return command;
    }

    private void AddTo(Command root, CliConsoles consoles)
    {
        root.Arguments.Add(Url);
        foreach (var option in new Option[] { Method, Params, Content, Data, Files, Json, Headers, Cookies, AuthValues, AuthType, Proxy, Timeout, FollowRedirects, NoVerify, Http2, Download, Verbose, NoColor })
        {
            root.Options.Add(option);
        }

        root.SetAction((parsed, cancellationToken) => RunAsync(parsed, consoles, cancellationToken));
    }

    private async Task<int> RunAsync(ParseResult parsed, CliConsoles consoles, CancellationToken cancellationToken)
    {
        var (arguments, errors) = RequestArguments.Bind(parsed, this);
        if (arguments is null)
        {
            return UsageError.Report(consoles, parsed, errors);
        }

        var runner = new RequestRunner(arguments, consoles);
        return await runner.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Option<string[]> Pairs(string name, string? alias, string description, string helpName = "NAME VALUE")
    {
        var option = alias is null ? new Option<string[]>(name) : new Option<string[]>(name, alias);
        option.Description = description;
        option.HelpName = helpName;
        option.Arity = new ArgumentArity(2, 2);
        option.AllowMultipleArgumentsPerToken = true;
        return option;
    }

    private static Option<string> AuthTypeOption()
    {
        var option = new Option<string>("--auth-type")
        {
            Description = "How --auth is sent: " + string.Join(", ", AuthSchemes.All.Keys) + " (default basic).",
            HelpName = string.Join("|", AuthSchemes.All.Keys),
            DefaultValueFactory = _ => AuthSchemes.Default,
        };
        option.AcceptOnlyFromAmong([.. AuthSchemes.All.Keys]);
        return option;
    }
}
