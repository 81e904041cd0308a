using System.Text.Json;
using Courier.Recorder;
using Courier.Recorder.Conversion;
using Courier.RecorderTests.Interop;

namespace Courier.RecorderTests.Conversion;

/// <summary>A vcrpy-format cassette converted to Ruby VCR's layout replays in Ruby VCR (Debian's ruby-vcr with webmock), with no network.</summary>
[Category("Tool:ruby-vcr")]
public sealed class RubyVcrReplayTests
{
    private const string ReplayScript = """
        require 'vcr'
        require 'webmock'
        require 'net/http'
        require 'json'
        require 'base64'
        dir, name, requests = ARGV[0], ARGV[1], JSON.parse(File.read(ARGV[2]))
        VCR.configure do |c|
          c.cassette_library_dir = dir
          c.hook_into :webmock
        end
        out = []
        VCR.use_cassette(name, record: :none, allow_playback_repeats: false) do
          requests.each do |r|
            uri = URI(r['url'])
            http = Net::HTTP.new(uri.host, uri.port)
            http.use_ssl = uri.scheme == 'https'
            req = Net::HTTPGenericRequest.new(r['method'], !r['body'].nil?, r['method'] != 'HEAD', uri)
            req['Accept-Encoding'] = 'identity'
            req.body = Base64.decode64(r['body']) if r['body']
            res = http.request(req)
            out << { status: res.code.to_i, body: Base64.strict_encode64((res.body || '').b), cookies: res.get_fields('Set-Cookie') }
          end
        end
        puts JSON.generate(out)
        """;

    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("courier-ruby-convert-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task CourierWrittenVcrPyCassette_ConvertedToRuby_ReplaysInRubyVcr_WithTheSameStatusBodiesAndCookies()
    {
        var vcrpyPath = Path.Combine(_dir, "from_vcrpy.yaml");
        await ConvertSamples.Mixed().SaveAsync(vcrpyPath);
        await ReplaysInRubyAsync(vcrpyPath);
    }

    [TestCaseSource(typeof(ConvertSamples), nameof(ConvertSamples.VcrPyFixtures))]
    public async Task VcrPyFixture_ConvertedToRuby_ReplaysInRubyVcr_WithTheSameStatusAndBodyBytes(string fixture) =>
        await ReplaysInRubyAsync(fixture);

    private async Task ReplaysInRubyAsync(string vcrpyPath)
    {
        var ruby = ToolRunner.RequireRuby();
        var source = Cassette.Load(vcrpyPath)!;
        source.Dialect.ShouldBe(CassetteDialect.VcrPy);
        await CassetteConverter.ConvertFileAsync(vcrpyPath, Path.Combine(_dir, "converted.yml"), CassetteFormat.RubyVcr);

        var requests = source.Interactions.Select(i => new
        {
            method = i.Request.Method,
            url = i.Request.Uri,
            body = i.Request.Body is { Length: > 0 } b ? System.Convert.ToBase64String(b) : null,
        });
        var requestsPath = Path.Combine(_dir, "requests.json");
        await File.WriteAllTextAsync(requestsPath, JsonSerializer.Serialize(requests));

        var replayed = ToolRunner.RunScript(ruby, "replay.rb", ReplayScript, _dir, _dir, "converted", requestsPath);

        replayed.GetArrayLength().ShouldBe(source.Interactions.Count);
        for (var i = 0; i < source.Interactions.Count; i++)
        {
            var (expected, actual) = (source.Interactions[i].Response, replayed[i]);
            actual.GetProperty("status").GetInt32().ShouldBe(expected.StatusCode);
            System.Convert.FromBase64String(actual.GetProperty("body").GetString()!).ShouldBe(expected.Body, $"body of interaction {i + 1}");
            var cookies = actual.GetProperty("cookies");
            if (expected.Headers.Contains("Set-Cookie"))
            {
                // WebMock sorts the values of a multi-valued header; each Set-Cookie still arrives whole and separate.
                cookies.EnumerateArray().Select(c => c.GetString()!).ShouldBe(expected.Headers.GetValues("Set-Cookie"), ignoreOrder: true, "Set-Cookie values stay separate");
            }
        }
    }
}
