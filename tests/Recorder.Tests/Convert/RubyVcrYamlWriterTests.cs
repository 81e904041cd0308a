using System.Text;
using Courier.Recorder;
using Courier.Recorder.Conversion;

namespace Courier.RecorderTests.Conversion;

public sealed class RubyVcrYamlWriterTests
{
    [Test]
    public void RubyYaml_ReadsBackAsRubyVcr_WithTheSameTraffic_BodiesByteExact()
    {
        var original = ConvertSamples.Mixed();
        var yaml = RubyVcrYamlWriter.ToYaml(original.Interactions);

        var read = Cassette.Parse(yaml, "converted.yml").ShouldNotBeNull();
        read.Dialect.ShouldBe(CassetteDialect.RubyVcr);
        read.ShouldHoldSameTraffic(original);
        read.Interactions[3].Request.Body.ShouldBeNull("a request without a body stays without one");
        read.Interactions[2].Request.Body.ShouldBe(Array.Empty<byte>(), "an empty body stays empty, not absent");
    }

    [Test]
    public void RubyYaml_HasVcrsLayout_TextAsUtf8String_BinaryAsBase64String_DatesAsHttpDates()
    {
        var yaml = RubyVcrYamlWriter.ToYaml(ConvertSamples.Mixed().Interactions);

        yaml.ShouldStartWith("---\nhttp_interactions:\n- request:\n    method: get\n");
        yaml.ShouldContain("    body:\n      encoding: UTF-8\n      string: ");
        yaml.ShouldContain("      encoding: ASCII-8BIT\n      base64_string: |\n        " + System.Convert.ToBase64String(ConvertSamples.Binary));
        yaml.ShouldContain("recorded_at: 'Sat, 21 Nov 2026 09:30:15 GMT'");
        yaml.ShouldContain($"recorded_at: '{RubyVcrYamlWriter.UnknownRecordedAt}'");
        yaml.ShouldContain("http_version: '1.1'");
        yaml.ShouldContain("      Set-Cookie:\n      - 's=1; Path=/'\n      - 't=2; HttpOnly'\n");
        yaml.ShouldEndWith($"recorded_with: '{RubyVcrYamlWriter.RecordedWith}'\n");
    }

    [TestCaseSource(typeof(ConvertSamples), nameof(ConvertSamples.VcrPyFixtures))]
    public void VcrPyFixture_ToRuby_ReadsBackWithIdenticalBytes_AndRubyIsStable(string fixture)
    {
        var vcrpy = Cassette.Load(fixture)!;
        var ruby = CassetteConverter.ToBytes(vcrpy, CassetteFormat.RubyVcr);

        var back = Cassette.Parse(Encoding.UTF8.GetString(ruby), "back.yml").ShouldNotBeNull();
        back.ShouldHoldSameTraffic(vcrpy);
        CassetteConverter.ToBytes(back, CassetteFormat.RubyVcr).ShouldBe(ruby, "converting the Ruby cassette again gives identical bytes");
        var vcrpyAgain = Cassette.Parse(Encoding.UTF8.GetString(CassetteConverter.ToBytes(back, CassetteFormat.VcrPy)), "again.yaml")!;
        vcrpyAgain.ShouldHoldSameTraffic(vcrpy);
    }

    [Test]
    public async Task ConvertFile_WritesTheTargetAtomically_AndRefusesAnEmptyInput()
    {
        var dir = Directory.CreateTempSubdirectory("courier-convert-").FullName;
        try
        {
            var input = Path.Combine(dir, "in.yaml");
            await ConvertSamples.Mixed().SaveAsync(input);
            var output = Path.Combine(dir, "out.yml");
            var converted = await CassetteConverter.ConvertFileAsync(input, output, CassetteFormat.RubyVcr);
            converted.Interactions.Count.ShouldBe(4);
            Cassette.Load(output)!.Dialect.ShouldBe(CassetteDialect.RubyVcr);
            Directory.GetFiles(dir, "*.tmp").ShouldBeEmpty();

            var empty = Path.Combine(dir, "empty.yaml");
            await File.WriteAllTextAsync(empty, "");
            var error = await Should.ThrowAsync<CassetteFormatException>(() => CassetteConverter.ConvertFileAsync(empty, output, CassetteFormat.Har));
            error.Message.ShouldContain("empty");
            Cassette.Load(output)!.Dialect.ShouldBe(CassetteDialect.RubyVcr, "a failed conversion leaves the old output");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestCase("ruby", CassetteFormat.RubyVcr)]
    [TestCase("HAR", CassetteFormat.Har)]
    [TestCase("vcrpy", CassetteFormat.VcrPy)]
    public void ParseFormat_KnowsTheNames(string name, CassetteFormat format) => CassetteConverter.ParseFormat(name).ShouldBe(format);

    [Test]
    public void ParseFormat_Unknown_IsNull() => CassetteConverter.ParseFormat("postman").ShouldBeNull();
}
