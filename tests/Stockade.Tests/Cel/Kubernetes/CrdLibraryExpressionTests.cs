using Stockade.Cel;

namespace Stockade.Tests.Cel.Kubernetes;

/// <summary>
/// The library cases of TestValidationExpressions in kubernetes/kubernetes
/// staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel/validation_test.go
/// (commit f9cfc9d93491c42c0ee6b3705d4c46f7e173f356): "stdlib list functions", "stdlib regex
/// functions", "URL parsing" and the url cost case, each expression with the case's <c>self</c>
/// (durations and dates, typed by the CRD schema upstream, are built as CEL values here). Upstream's
/// compile-time errors (type checking, a constant bad regex) are evaluation errors here; their
/// messages are this engine's ("no such overload", "invalid regex").
/// </summary>
public sealed class CrdLibraryExpressionTests
{
    private const string Self = """
        {
          'ints': [1, 2, 2, 3], 'unsortedInts': [2, 1], 'emptyInts': [],
          'doubles': [1.0, 2.0, 2.0, 3.0], 'unsortedDoubles': [2.0, 1.0], 'emptyDoubles': [],
          'intBackedDoubles': [1, 2, 2, 3], 'unsortedIntBackedDDoubles': [2, 1], 'emptyIntBackedDDoubles': [],
          'durations': [duration('1s'), duration('1m'), duration('1m'), duration('1h')],
          'unsortedDurations': [duration('1m'), duration('1s')], 'emptyDurations': [],
          'strings': ['a', 'b', 'b', 'c'], 'unsortedStrings': ['b', 'a'], 'emptyStrings': [],
          'dates': [timestamp('2000-01-01T00:00:00Z'), timestamp('2000-02-01T00:00:00Z'), timestamp('2000-02-01T00:00:00Z'), timestamp('2010-01-01T00:00:00Z')],
          'unsortedDates': [timestamp('2000-02-01T00:00:00Z'), timestamp('2000-01-01T00:00:00Z')], 'emptyDates': [],
          'objs': [{'f1': 'a', 'f2': 'a'}, {'f1': 'a', 'f2': 'b'}, {'f1': 'a', 'f2': 'b'}, {'f1': 'a', 'f2': 'c'}],
          'str': 'this is a 123 string 456',
          'url': 'https://user:pass@kubernetes.io:80/docs/home?k1=a&k2=b&k2=c#anchor'
        }
        """;

    private static readonly Dictionary<string, object> Vars = new() { ["self"] = CelProgram.Compile(Self).Evaluate(new Dictionary<string, object>()) };

    public static TheoryData<string, string, string> Cases => new()
    {
        { "stdlib list functions", "self.ints.sum() == 8", "true" },
        { "stdlib list functions", "self.ints.min() == 1", "true" },
        { "stdlib list functions", "self.ints.max() == 3", "true" },
        { "stdlib list functions", "self.emptyInts.sum() == 0", "true" },
        { "stdlib list functions", "self.ints.isSorted()", "true" },
        { "stdlib list functions", "self.emptyInts.isSorted()", "true" },
        { "stdlib list functions", "self.unsortedInts.isSorted() == false", "true" },
        { "stdlib list functions", "self.ints.indexOf(2) == 1", "true" },
        { "stdlib list functions", "self.ints.lastIndexOf(2) == 2", "true" },
        { "stdlib list functions", "self.ints.indexOf(10) == -1", "true" },
        { "stdlib list functions", "self.ints.lastIndexOf(10) == -1", "true" },
        { "stdlib list functions", "self.doubles.sum() == 8.0", "true" },
        { "stdlib list functions", "self.doubles.min() == 1.0", "true" },
        { "stdlib list functions", "self.doubles.max() == 3.0", "true" },
        { "stdlib list functions", "self.emptyDoubles.sum() == 0.0", "true" },
        { "stdlib list functions", "self.doubles.isSorted()", "true" },
        { "stdlib list functions", "self.emptyDoubles.isSorted()", "true" },
        { "stdlib list functions", "self.unsortedDoubles.isSorted() == false", "true" },
        { "stdlib list functions", "self.doubles.indexOf(2.0) == 1", "true" },
        { "stdlib list functions", "self.doubles.lastIndexOf(2.0) == 2", "true" },
        { "stdlib list functions", "self.doubles.indexOf(10.0) == -1", "true" },
        { "stdlib list functions", "self.doubles.lastIndexOf(10.0) == -1", "true" },
        { "stdlib list functions", "self.intBackedDoubles.sum() == 8.0", "true" },
        { "stdlib list functions", "self.intBackedDoubles.min() == 1.0", "true" },
        { "stdlib list functions", "self.intBackedDoubles.max() == 3.0", "true" },
        { "stdlib list functions", "self.emptyIntBackedDDoubles.sum() == 0.0", "true" },
        { "stdlib list functions", "self.intBackedDoubles.isSorted()", "true" },
        // upstream lists "self.emptyDoubles.isSorted()" a second time here; xUnit would skip the duplicate row
        { "stdlib list functions", "self.unsortedIntBackedDDoubles.isSorted() == false", "true" },
        { "stdlib list functions", "self.intBackedDoubles.indexOf(2.0) == 1", "true" },
        { "stdlib list functions", "self.intBackedDoubles.lastIndexOf(2.0) == 2", "true" },
        { "stdlib list functions", "self.intBackedDoubles.indexOf(10.0) == -1", "true" },
        { "stdlib list functions", "self.intBackedDoubles.lastIndexOf(10.0) == -1", "true" },
        { "stdlib list functions", "self.durations.sum() == duration('1h2m1s')", "true" },
        { "stdlib list functions", "self.durations.min() == duration('1s')", "true" },
        { "stdlib list functions", "self.durations.max() == duration('1h')", "true" },
        { "stdlib list functions", "self.durations.isSorted()", "true" },
        { "stdlib list functions", "self.emptyDurations.isSorted()", "true" },
        { "stdlib list functions", "self.unsortedDurations.isSorted() == false", "true" },
        { "stdlib list functions", "self.durations.indexOf(duration('1m')) == 1", "true" },
        { "stdlib list functions", "self.durations.lastIndexOf(duration('1m')) == 2", "true" },
        { "stdlib list functions", "self.durations.indexOf(duration('2m')) == -1", "true" },
        { "stdlib list functions", "self.durations.lastIndexOf(duration('2m')) == -1", "true" },
        { "stdlib list functions", "self.strings.min() == 'a'", "true" },
        { "stdlib list functions", "self.strings.max() == 'c'", "true" },
        { "stdlib list functions", "self.strings.isSorted()", "true" },
        { "stdlib list functions", "self.emptyStrings.isSorted()", "true" },
        { "stdlib list functions", "self.unsortedStrings.isSorted() == false", "true" },
        { "stdlib list functions", "self.strings.indexOf('b') == 1", "true" },
        { "stdlib list functions", "self.strings.lastIndexOf('b') == 2", "true" },
        { "stdlib list functions", "self.strings.indexOf('x') == -1", "true" },
        { "stdlib list functions", "self.strings.lastIndexOf('x') == -1", "true" },
        { "stdlib list functions", "self.dates.min() == timestamp('2000-01-01T00:00:00.000Z')", "true" },
        { "stdlib list functions", "self.dates.max() == timestamp('2010-01-01T00:00:00.000Z')", "true" },
        { "stdlib list functions", "self.dates.isSorted()", "true" },
        { "stdlib list functions", "self.emptyDates.isSorted()", "true" },
        { "stdlib list functions", "self.unsortedDates.isSorted() == false", "true" },
        { "stdlib list functions", "self.dates.indexOf(timestamp('2000-02-01T00:00:00.000Z')) == 1", "true" },
        { "stdlib list functions", "self.dates.lastIndexOf(timestamp('2000-02-01T00:00:00.000Z')) == 2", "true" },
        { "stdlib list functions", "self.dates.indexOf(timestamp('2005-02-01T00:00:00.000Z')) == -1", "true" },
        { "stdlib list functions", "self.dates.lastIndexOf(timestamp('2005-02-01T00:00:00.000Z')) == -1", "true" },
        { "stdlib list functions", "[[1], [2]].indexOf([1]) == 0", "true" },
        { "stdlib list functions", "[{'a': 1}, {'b': 2}].lastIndexOf({'b': 2}) == 1", "true" },
        { "stdlib list functions", "self.objs.indexOf(self.objs[1]) == 1", "true" },
        { "stdlib list functions", "self.objs.lastIndexOf(self.objs[1]) == 2", "true" },
        { "stdlib list functions", "([0] + self.emptyInts).min() == 0", "true" },
        { "stdlib list functions", "dyn([]).sum() == 0", "true" },
        { "stdlib list functions", "dyn([1, 2]).sum() == 3", "true" },
        { "stdlib list functions", "dyn([1.0, 2.0]).sum() == 3.0", "true" },
        { "stdlib list functions", "[].sum() == 0", "true" },
        { "stdlib list functions", "self.emptyInts.min() == 1", "error:min called on empty list" },
        { "stdlib list functions", "self.emptyInts.max() == 3", "error:max called on empty list" },
        { "stdlib list functions", "self.emptyDoubles.min() == 1.0", "error:min called on empty list" },
        { "stdlib list functions", "self.emptyDoubles.max() == 3.0", "error:max called on empty list" },
        { "stdlib list functions", "self.emptyStrings.min() == 'a'", "error:min called on empty list" },
        { "stdlib list functions", "self.emptyStrings.max() == 'c'", "error:max called on empty list" },
        { "stdlib list functions", "['a', 'b'].sum() == 'c'", "error:no such overload: sum" },
        { "stdlib list functions", "[[1], [2]].min() == [1]", "error:no such overload" },
        { "stdlib list functions", "[{'a': 1}, {'b': 2}].max() == {'b': 2}", "error:no such overload" },
        { "stdlib regex functions", "self.str.find('[0-9]+') == '123'", "true" },
        { "stdlib regex functions", "self.str.find('[0-9]+') != '456'", "true" },
        { "stdlib regex functions", "self.str.find('xyz') == ''", "true" },
        { "stdlib regex functions", "self.str.findAll('[0-9]+') == ['123', '456']", "true" },
        { "stdlib regex functions", "self.str.findAll('[0-9]+', 0) == []", "true" },
        { "stdlib regex functions", "self.str.findAll('[0-9]+', 1) == ['123']", "true" },
        { "stdlib regex functions", "self.str.findAll('[0-9]+', 2) == ['123', '456']", "true" },
        { "stdlib regex functions", "self.str.findAll('[0-9]+', 3) == ['123', '456']", "true" },
        { "stdlib regex functions", "self.str.findAll('[0-9]+', -1) == ['123', '456']", "true" },
        { "stdlib regex functions", "self.str.findAll('xyz') == []", "true" },
        { "stdlib regex functions", "self.str.findAll('xyz', 1) == []", "true" },
        { "stdlib regex functions", "self.str.find(')') == ''", "error:invalid regex" },
        { "stdlib regex functions", "self.str.findAll(')') == []", "error:invalid regex" },
        { "stdlib regex functions", "self.str.findAll(')', 1) == []", "error:invalid regex" },
        { "stdlib regex functions", "self.str.matches('x++')", "error:invalid regex" },
        { "URL parsing", "url('/path').getScheme() == ''", "true" },
        { "URL parsing", "url('https://example.com/').getScheme() == 'https'", "true" },
        { "URL parsing", "url('https://example.com:80/').getHost() == 'example.com:80'", "true" },
        { "URL parsing", "url('https://example.com/').getHost() == 'example.com'", "true" },
        { "URL parsing", "url('https://[::1]:80/').getHost() == '[::1]:80'", "true" },
        { "URL parsing", "url('https://[::1]/').getHost() == '[::1]'", "true" },
        { "URL parsing", "url('/path').getHost() == ''", "true" },
        { "URL parsing", "url('https://example.com:80/').getHostname() == 'example.com'", "true" },
        { "URL parsing", "url('https://127.0.0.1/').getHostname() == '127.0.0.1'", "true" },
        { "URL parsing", "url('https://[::1]/').getHostname() == '::1'", "true" },
        { "URL parsing", "url('/path').getHostname() == ''", "true" },
        { "URL parsing", "url('https://example.com:80/').getPort() == '80'", "true" },
        { "URL parsing", "url('https://example.com/').getPort() == ''", "true" },
        { "URL parsing", "url('/path').getPort() == ''", "true" },
        { "URL parsing", "url('https://example.com/path').getEscapedPath() == '/path'", "true" },
        { "URL parsing", "url('https://example.com/with space/').getEscapedPath() == '/with%20space/'", "true" },
        { "URL parsing", "url('https://example.com').getEscapedPath() == ''", "true" },
        { "URL parsing", "url('https://example.com/path?k1=a&k2=b&k2=c').getQuery() == { 'k1': ['a'], 'k2': ['b', 'c']}", "true" },
        { "URL parsing", "url('https://example.com/path?key with spaces=value with spaces').getQuery() == { 'key with spaces': ['value with spaces']}", "true" },
        { "URL parsing", "url('https://example.com/path?').getQuery() == {}", "true" },
        { "URL parsing", "url('https://example.com/path').getQuery() == {}", "true" },
        { "URL parsing", "url(self.url).getScheme() == 'https'", "true" },
        { "URL parsing", "url(self.url).getHost() == 'kubernetes.io:80'", "true" },
        { "URL parsing", "url(self.url).getHostname() == 'kubernetes.io'", "true" },
        { "URL parsing", "url(self.url).getPort() == '80'", "true" },
        { "URL parsing", "url(self.url).getEscapedPath() == '/docs/home'", "true" },
        { "URL parsing", "url(self.url).getQuery() == {'k1': ['a'], 'k2': ['b', 'c']}", "true" },
        { "URL parsing", "isURL('https://user:pass@example.com:80/path?query=val#fragment')", "true" },
        { "URL parsing", "isURL('/path') == true", "true" },
        { "URL parsing", "isURL('https://a:b:c/') == false", "true" },
        { "URL parsing", "isURL('../relative-path') == false", "true" },
        { "URL parsing", "url('https:://kubernetes.io/').getHostname() != 'test'", "true" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Upstream_crd_expression(string upstreamCase, string expr, string expect)
    {
        _ = upstreamCase;
        UpstreamCase.Check(expr, expect, Vars);
    }

    // Upstream's list is typed list(duration) by the CRD schema, so its empty sum is a zero duration;
    // an untyped empty list has no element type, and its sum is the int 0, as upstream's dyn([]).sum().
    [Fact]
    public void An_untyped_empty_list_sums_to_int_zero_not_a_duration() =>
        UpstreamCase.Check("self.emptyDurations.sum() == duration('0')", "false", Vars);

    [Theory]
    [InlineData("url('https://a:b:c/')", "error:^URL parse error during conversion from string: parse \"https://a:b:c/\": invalid port \":c\" after host$")]
    [InlineData("url('../relative-path')", "error:^URL parse error during conversion from string: parse \"../relative-path\": invalid URI for request$")]
    [InlineData("url('https://user:pass@example.com:80/path?query=val#fragment').getQuery()", "cel:{'query': ['val']}")]
    [InlineData("url('https://example.com/a%2Fb').getEscapedPath()", "string:/a%2Fb")]
    [InlineData("url('https://example.com/%zz')", "error:invalid URL escape \"%zz\"")]
    [InlineData("url('https://exa mple.com/')", "error:invalid character \" \" in host name")]
    [InlineData("url('https://example.com/?a=1+2&b=%20').getQuery()", "cel:{'a': ['1 2'], 'b': [' ']}")]
    [InlineData("type(url('/p')) == kubernetes.URL", "true")]
    public void Urls_follow_go_net_url(string expr, string expect) => UpstreamCase.Check(expr, expect);
}
