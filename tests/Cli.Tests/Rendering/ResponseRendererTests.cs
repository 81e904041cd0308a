using System.Text;
using System.Text.RegularExpressions;
using Courier.Cli;
using Courier.CliTests.EndToEnd;

namespace Courier.CliTests.Rendering;

/// <summary>The renderer writing to a Spectre console made with explicit settings (width, colour on or off).</summary>
public sealed class ResponseRendererTests
{
    private static readonly byte[] JsonBytes = Encoding.UTF8.GetBytes("""{"name":"courier","list":[1,true,null],"empty":{}}""");

    [Test]
    public void Json_WithoutColour_IsPrettyPrintedPlainText()
    {
        var (renderer, output) = CreateSut(color: false, width: 80);

        renderer.ResponseHead(JsonResponse());
        renderer.Body(JsonResponse());

        output.ToString().ShouldBe(
            "HTTP/1.1 200 OK\nContent-Type: application/json\nContent-Length: 50\n\n{\n  \"name\": \"courier\",\n  \"list\": [\n    1,\n    true,\n    null\n  ],\n  \"empty\": {}\n}\n",
            StringCompareShould.IgnoreLineEndings);
    }

    [Test]
    public void Json_WithColour_HighlightsKeysStringsAndLiterals_AndShowsTheSameText()
    {
        var (renderer, output) = CreateSut(color: true, width: 80);

        renderer.ResponseHead(JsonResponse());
        renderer.Body(JsonResponse());

        var text = output.ToString();
        var key = Regex.Match(text, "(\u001b\\[[0-9;]+m)\"name\"");
        var value = Regex.Match(text, "(\u001b\\[[0-9;]+m)\"courier\"");
        var literal = Regex.Match(text, "(\u001b\\[[0-9;]+m)true");
        key.Success.ShouldBeTrue(text);
        value.Success.ShouldBeTrue(text);
        literal.Success.ShouldBeTrue(text);
        new[] { key.Groups[1].Value, value.Groups[1].Value, literal.Groups[1].Value }.Distinct().Count().ShouldBe(3, "keys, strings and literals each have their colour");
        CliProcess.StripAnsi(text).ReplaceLineEndings("\n").ShouldContain("{\n  \"name\": \"courier\",\n  \"list\": [\n    1,");
    }

    [Test]
    public void ForcedWidth_WithColour_WrapsLongHeaderLines()
    {
        var (renderer, output) = CreateSut(color: true, width: 30);
        var headers = new Headers { { "X-Long", string.Join(' ', Enumerable.Repeat("abcdef", 12)) } };

        renderer.ResponseHead(new Response(204, headers: headers));

        var lines = CliProcess.StripAnsi(output.ToString()).ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        lines.Length.ShouldBeGreaterThan(3);
        lines.ShouldAllBe(l => l.Length <= 30);
    }

    [Test]
    public void BinaryBody_IsSummarised()
    {
        var (renderer, output) = CreateSut(color: false, width: 80);
        var bytes = new byte[3000];
        bytes[10] = 0xFF;

        renderer.Body(new Response(200, Body.Bytes(bytes, "application/octet-stream")));

        output.ToString().ShouldBe("<binary body: 2.9 KiB (3,000 bytes), application/octet-stream; use --download FILE to save it>" + Environment.NewLine);
    }

    [Test]
    public void TextBody_IsWrittenExactly()
    {
        var (renderer, output) = CreateSut(color: false, width: 10);
        const string text = "tab\there and a line longer than the width\n[not markup]\n";

        renderer.Body(new Response(200, Body.Text(text)));

        output.ToString().ShouldBe(text);
    }

    [Test]
    public void TextBody_WithColour_IsNotReadAsMarkup()
    {
        var (renderer, output) = CreateSut(color: true, width: 80);

        renderer.Body(new Response(200, Body.Text("[red]not markup[/]")));

        CliProcess.StripAnsi(output.ToString()).ShouldStartWith("[red]not markup[/]");
    }

    private static Response JsonResponse() => new(200, Body.Bytes(JsonBytes, "application/json"));

    private static (ResponseRenderer Renderer, StringWriter Output) CreateSut(bool color, int width)
    {
        var output = new StringWriter { NewLine = "\n" };
        var console = CliConsoles.CreateConsole(output, color, width, interactive: false);
        return (new ResponseRenderer(new Ink(console, color)), output);
    }
}
