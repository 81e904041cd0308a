using System.Text;
using Courier.Cli;

namespace Courier.CliTests.Rendering;

public sealed class BodyKindsTests
{
    [TestCase("application/json", "{}", "Json")]
    [TestCase("application/problem+json; charset=utf-8", "{}", "Json")]
    [TestCase("text/html", "<p>hi</p>", "Text")]
    [TestCase("application/xml", "<a/>", "Text")]
    [TestCase(null, "plain words", "Text")]
    [TestCase("image/svg+xml", "<svg/>", "Text")]
    [TestCase("image/png", "PNG", "Binary")]
    [TestCase("application/pdf", "%PDF-1.7", "Binary")]
    [TestCase("application/octet-stream", "<Project />", "Text")]
    [TestCase("text/plain", "", "Empty")]
    public void Classify_ByContentType(string? contentType, string body, string expected) =>
        BodyKinds.Classify(contentType, Encoding.UTF8.GetBytes(body)).ToString().ShouldBe(expected);

    [Test]
    public void Classify_NulByteInText_IsBinary() =>
        BodyKinds.Classify("text/plain", "a\0b"u8).ShouldBe(BodyKind.Binary);

    [Test]
    public void Classify_InvalidUtf8WithoutContentType_IsBinary() =>
        BodyKinds.Classify(null, new byte[] { 0x41, 0xC3, 0x28, 0x41 }).ShouldBe(BodyKind.Binary);

    [Test]
    public void Classify_Utf8CharacterCutByTheSniffWindow_IsText()
    {
        var body = Encoding.UTF8.GetBytes(new string('a', 8191) + "é and more");

        BodyKinds.Classify(null, body).ShouldBe(BodyKind.Text);
    }
}
