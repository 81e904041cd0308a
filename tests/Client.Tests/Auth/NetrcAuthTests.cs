using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Courier.ClientTests.Auth;

public class NetrcAuthTests
{
    private const string Sample = """
        # a comment line
        machine example.org login ex-user password ex-pass
        machine 127.0.0.1
            login "loop user"
            password "pa ss\"word"   account acct-1
        macdef init
        cd /pub
        machine evil.test login macro-user password macro-pass

        machine after.macro login after password after-pass
        default login anon password anon@example.org
        machine example.org login second password ignored-because-first-wins
        """;

    [Test]
    public void Parse_MachineEntries_ReadsLoginPasswordAccountAndQuotes()
    {
        var netrc = NetrcAuth.FromText(Sample);

        netrc.CredentialsFor("example.org").ShouldBe(("ex-user", "ex-pass"));
        netrc.CredentialsFor("EXAMPLE.ORG").ShouldBe(("ex-user", "ex-pass"));
        netrc.CredentialsFor("127.0.0.1").ShouldBe(("loop user", "pa ss\"word"));
        netrc.CredentialsFor("after.macro").ShouldBe(("after", "after-pass"));
    }

    [Test]
    public void Parse_MacroBody_IsSkippedUpToTheEmptyLine()
    {
        var netrc = NetrcAuth.FromText(Sample);

        netrc.CredentialsFor("evil.test").ShouldBe(("anon", "anon@example.org"), "the 'machine' inside the macro is macro text, not an entry");
    }

    [Test]
    public void Find_UnknownHost_FallsBackToDefault_OrNothing()
    {
        NetrcAuth.FromText(Sample).CredentialsFor("other.test").ShouldBe(("anon", "anon@example.org"));
        NetrcAuth.FromText("machine a.test login x password y").CredentialsFor("b.test").ShouldBeNull();
    }

    [TestCase("login x password y", "line 1: 'login' comes before any 'machine'")]
    [TestCase("machine a.test\nlogin x\nport 22", "line 3: unexpected token 'port'")]
    [TestCase("machine", "'machine' needs a host name")]
    [TestCase("machine a.test password", "'password' needs a value")]
    public void Parse_Malformed_ThrowsFormatExceptionNamingTheLine(string text, string expected) =>
        Should.Throw<FormatException>(() => NetrcAuth.FromText(text)).Message.ShouldContain(expected);

    [Test]
    public void Load_MissingFile_SaysWhatToDo()
    {
        var path = Path.Combine(Path.GetTempPath(), $"courier-missing-{Guid.NewGuid():N}", ".netrc");

        Should.Throw<FileNotFoundException>(() => new NetrcAuth(path)).Message.ShouldContain("set the NETRC environment variable");
    }

    [Test]
    public void DefaultPath_PrefersNetrcVariable_ThenHome()
    {
        NetrcAuth.DefaultPath(name => name == "NETRC" ? "/etc/my-netrc" : null, "/home/u").ShouldBe("/etc/my-netrc");
        NetrcAuth.DefaultPath(_ => null, "/home/u").ShouldBe(Path.Combine("/home/u", ".netrc"));
        NetrcAuth.DefaultPath(_ => string.Empty, "/home/u").ShouldBe(Path.Combine("/home/u", ".netrc"));
    }

    [Test]
    public async Task NetrcAuth_FromFile_SendsBasicForTheHostAndNothingWithoutPassword()
    {
        var dir = Directory.CreateTempSubdirectory("courier-netrc-");
        try
        {
            var path = Path.Combine(dir.FullName, ".netrc");
            await File.WriteAllTextAsync(path, "machine 127.0.0.1 login loop password pw\nmachine localhost login nopass\n");
            await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", (HttpContext ctx) => ctx.Request.Headers.Authorization.ToString()));
            using var client = new Client(new ClientOptions { Auth = new NetrcAuth(path) });

            var byIp = await client.GetAsync(server.At("/"));
            var byName = client.Get($"http://localhost:{server.Url.Port}/");

            byIp.Text.ShouldBe("Basic bG9vcDpwdw==");
            byName.Text.ShouldBeEmpty("an entry without a password sends no auth, as in httpx");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
