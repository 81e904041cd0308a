using Courier.TestUtils;

namespace Courier.ClientTests.Auth;

public class DocsSampleTests
{
    [Test]
    public void DocsAuthMd_OAuth2Sample_IsTheCompiledAndTestedClass()
    {
        var source = File.ReadAllText(Path.Combine(Fixtures.RepoRoot, "tests", "Client.Tests", "Auth", "OAuth2RefreshAuth.cs"));
        var start = source.IndexOf("// sample:begin\n", StringComparison.Ordinal) + "// sample:begin\n".Length;
        var sample = source[start..source.IndexOf("// sample:end", StringComparison.Ordinal)];
        var docs = File.ReadAllText(Path.Combine(Fixtures.RepoRoot, "docs", "auth.md"));

        sample.ShouldContain("class OAuth2RefreshAuth");
        docs.ShouldContain("```csharp\n" + sample + "```");
    }
}
