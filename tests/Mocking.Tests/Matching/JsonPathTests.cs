using System.Text.Json;
using Courier.Mocking.Matching;

namespace Courier.MockingTests.Matching;

public sealed class JsonPathTests
{
    private const string Document = """
        {"store":{"book":[{"title":"A","price":8.95,"tags":["x"]},{"title":"B","price":12.99},{"title":"C","price":22,"isbn":"1"}],
         "bicycle":{"color":"red","price":19.95}}, "name with space": true}
        """;

    [TestCase("$.store.bicycle.color", "\"red\"")]
    [TestCase("$['store']['bicycle']['price']", "19.95")]
    [TestCase("$.store.book[0].title", "\"A\"")]
    [TestCase("$.store.book[-1].title", "\"C\"")]
    [TestCase("$.store.book[*].title", "\"A\",\"B\",\"C\"")]
    [TestCase("$..price", "8.95,12.99,22,19.95")]
    [TestCase("$.store.book[?(@.isbn)].title", "\"C\"")]
    [TestCase("$.store.book[?(@.price < 10)].title", "\"A\"")]
    [TestCase("$.store.book[?(@.title == 'B')].price", "12.99")]
    [TestCase("$.store.book[?(@.price >= 12.99)].title", "\"B\",\"C\"")]
    [TestCase("$.store.bicycle.*", "\"red\",19.95")]
    [TestCase("$['name with space']", "true")]
    [TestCase("$.store.missing", "")]
    public void Select_SupportedSubset(string path, string expected)
    {
        using var document = JsonDocument.Parse(Document);

        var selected = JsonPath.Compile(path).Select(document.RootElement);

        string.Join(",", selected.Select(e => e.GetRawText())).ShouldBe(expected);
    }

    [TestCase("store.book")]
    [TestCase("$.store.book[0:2]")]
    [TestCase("$.store.book[?(@.price < $.x)]")]
    [TestCase("$.store.book[")]
    public void Compile_UnsupportedSyntax_ThrowsFormatExceptionNamingThePath(string path)
    {
        var ex = Should.Throw<FormatException>(() => JsonPath.Compile(path));

        ex.Message.ShouldContain(path.Length > 12 ? path[..12] : path);
    }
}
