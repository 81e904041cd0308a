namespace Courier;

/// <summary>A parsed <c>.netrc</c>: <c>machine NAME</c> entries and one <c>default</c>, each with login, password, account.</summary>
internal sealed class NetrcFile
{
    private readonly List<(string? Machine, NetrcEntry Entry)> _entries;

    private NetrcFile(List<(string?, NetrcEntry)> entries) => _entries = entries;

    /// <summary>The first entry whose machine is <paramref name="host"/> (case-insensitive), else the default entry.</summary>
    public NetrcEntry? Find(string host) =>
        _entries.FirstOrDefault(e => string.Equals(e.Machine, host, StringComparison.OrdinalIgnoreCase)).Entry
        ?? _entries.FirstOrDefault(e => e.Machine is null).Entry;

    public static NetrcFile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No .netrc file at '{path}'. Create it, set the NETRC environment variable, or pass a path to NetrcAuth.", path);
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>
    /// Parses the tokens of a netrc file: <c>machine</c>, <c>default</c>, <c>login</c> (or <c>user</c>),
    /// <c>password</c>, <c>account</c>, and <c>macdef NAME</c> whose body runs to the next empty line. Tokens may be
    /// double-quoted with backslash escapes; <c>#</c> starts a comment where a keyword is expected.
    /// </summary>
    public static NetrcFile Parse(string text, string source)
    {
        var lexer = new NetrcLexer(text);
        var entries = new List<(string?, NetrcEntry)>();
        (string? Machine, NetrcEntry Entry)? current = null;
        while (lexer.Next() is { } token)
        {
            switch (token)
            {
                case "machine" or "default":
                    if (current is { } done)
                    {
                        entries.Add(done);
                    }

                    var machine = token == "machine" ? lexer.Next() ?? throw Error(source, lexer, "'machine' needs a host name") : null;
                    current = (machine, new NetrcEntry());
                    break;
                case "macdef":
                    _ = lexer.Next() ?? throw Error(source, lexer, "'macdef' needs a macro name");
                    lexer.SkipMacroBody();
                    break;
                case "login" or "user" or "password" or "passwd" or "account":
                    if (current is not { } entry)
                    {
                        throw Error(source, lexer, $"'{token}' comes before any 'machine' or 'default'");
                    }

                    var value = lexer.Next() ?? throw Error(source, lexer, $"'{token}' needs a value");
                    current = (entry.Machine, token switch
                    {
                        "login" or "user" => entry.Entry with { Login = value },
                        "account" => entry.Entry with { Account = value },
                        _ => entry.Entry with { Password = value },
                    });
                    break;
                default:
                    if (token.StartsWith('#') && !lexer.LastWasQuoted)
                    {
                        lexer.SkipLine();
                        break;
                    }

                    throw Error(source, lexer, $"unexpected token '{HeaderValidation.Escape(token)}' (expected machine, default, login, password, account or macdef)");
            }
        }

        if (current is { } last)
        {
            entries.Add(last);
        }

        return new NetrcFile(entries);
    }

    private static FormatException Error(string source, NetrcLexer lexer, string what) =>
        new($"Cannot parse the .netrc file {source}, line {lexer.Line}: {what}.");
}

/// <summary>One netrc entry.</summary>
internal sealed record NetrcEntry(string? Login = null, string? Password = null, string? Account = null);
