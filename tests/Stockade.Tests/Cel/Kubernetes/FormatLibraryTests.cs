namespace Stockade.Tests.Cel.Kubernetes;

/// <summary>
/// TestFormat of kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/cel/library/format_test.go
/// (commit 03bd70195975eb8f500a99f601f9c8ac85be93d7), every listed case and the generated
/// lookup/comparison cases over all 13 named formats.
/// </summary>
public sealed class FormatLibraryTests
{
    private const string Dns1123LabelError = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    private const string Dns1123SubdomainError = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private const string Dns1035LabelError = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
    private const string QualifiedNameError = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    private const string LabelValueError = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    private static readonly string[] Names =
    [
        "dns1123Label", "dns1123Subdomain", "dns1035Label", "qualifiedName", "dns1123LabelPrefix", "dns1123SubdomainPrefix",
        "dns1035LabelPrefix", "labelValue", "uri", "uuid", "byte", "date", "datetime",
    ];

    public static TheoryData<string, string, string> Cases
    {
        get
        {
            var d = new TheoryData<string, string, string>
            {
                { "example_usage_dns1123Label", "format.dns1123Label().validate(\"my-label-name\")", "none" },
                { "example_usage_dns1123Subdomain", "format.dns1123Subdomain().validate(\"apiextensions.k8s.io\")", "none" },
                { "example_usage_qualifiedName", "format.qualifiedName().validate(\"apiextensions.k8s.io/v1beta1\")", "none" },
                { "example_usage_dns1123LabelPrefix", "format.dns1123LabelPrefix().validate(\"my-label-prefix-\")", "none" },
                { "example_usage_dns1123SubdomainPrefix", "format.dns1123SubdomainPrefix().validate(\"mysubdomain.prefix.-\")", "none" },
                { "example_usage_dns1035LabelPrefix", "format.dns1035LabelPrefix().validate(\"my-label-prefix-\")", "none" },
                { "example_usage_uri", "format.uri().validate(\"http://example.com\")", "none" },
                { "example_usage_uuid", "format.uuid().validate(\"123e4567-e89b-12d3-a456-426614174000\")", "none" },
                { "example_usage_byte", "format.byte().validate(\"aGVsbG8=\")", "none" },
                { "example_usage_date", "format.date().validate(\"2021-01-01\")", "none" },
                { "example_usage_datetime", "format.datetime().validate(\"2021-01-01T00:00:00Z\")", "none" },
                { "dns1123Label", "format.dns1123Label().validate(\"contains a space\").value()", Errors(Dns1123LabelError) },
                { "dns1123Subdomain", "format.dns1123Subdomain().validate(\"contains a space\").value()", Errors(Dns1123SubdomainError) },
                { "dns1035Label", "format.dns1035Label().validate(\"contains a space\").value()", Errors(Dns1035LabelError) },
                { "qualifiedName", "format.qualifiedName().validate(\"contains a space\").value()", Errors(QualifiedNameError) },
                { "dns1123LabelPrefix", "format.dns1123LabelPrefix().validate(\"contains a space-\").value()", Errors(Dns1123LabelError) },
                { "dns1123SubdomainPrefix", "format.dns1123SubdomainPrefix().validate(\"contains a space-\").value()", Errors(Dns1123SubdomainError) },
                { "dns1035LabelPrefix", "format.dns1035LabelPrefix().validate(\"contains a space-\").value()", Errors(Dns1035LabelError) },
                { "dns1123Label_Success", "format.dns1123Label().validate(\"my-label-name\")", "none" },
                { "dns1123Subdomain_Success", "format.dns1123Subdomain().validate(\"example.com\")", "none" },
                { "dns1035Label_Success", "format.dns1035Label().validate(\"my-label-name\")", "none" },
                { "qualifiedName_Success", "format.qualifiedName().validate(\"my.name\")", "none" },
                { "byte_success", "format.byte().validate(\"aGVsbG8=\")", "none" },
                { "byte_failure", "format.byte().validate(\"aGVsbG8\").value()", Errors("invalid base64") },
                { "date_success", "format.date().validate(\"2020-01-01\")", "none" },
                { "date_failure", "format.date().validate(\"2020-01-32\").value()", Errors("invalid date") },
                { "datetime_success", "format.datetime().validate(\"2020-01-01T00:00:00Z\")", "none" },
                { "datetime_failure", "format.datetime().validate(\"2020-01-32T00:00:00Z\").value()", Errors("invalid datetime") },
                { "unknown_format", "format.named(\"unknown\").hasValue()", "false" },
                { "labelValue_success", "format.labelValue().validate(\"my-cool-label-Value\")", "none" },
                { "labelValue_failure", "format.labelValue().validate(\"my-cool-label-Value!!\\n\\n!!!\").value()", Errors(LabelValueError) },
            };
            foreach (var lhs in Names)
            {
                d.Add($"lookup and comparison {lhs}", $"format.named(\"{lhs}\").hasValue()", "true");
                d.Add($"comparison with lookup succeeds {lhs}", $"format.named(\"{lhs}\").value() == format.{lhs}()", "true");
                foreach (var rhs in Names.Where(r => r != lhs))
                    d.Add($"compare_{lhs}_{rhs}", $"format.{lhs}() == format.{rhs}()", "false");
            }
            return d;
        }
    }

    // The expected list as a CEL literal (raw strings: the messages hold quotes and backslashes).
    private static string Errors(string message) => $"cel:[r\"{message}\"]";

    [Theory]
    [MemberData(nameof(Cases))]
    public void Upstream_format_case(string name, string expr, string expect)
    {
        _ = name;
        UpstreamCase.Check(expr, expect);
    }

    [Theory]
    [InlineData("format.dns1123Label().validate(\"abc\\n\").hasValue()", "true")] // no match before a trailing newline
    [InlineData("format.dns1123Label().validate(\"a\" + \"b\".repeat(63)).value()[0]", "string:must be no more than 63 characters")]
    [InlineData("format.uri().validate(\"foo\").value()[0]", "string:parse \"foo\": invalid URI for request")]
    [InlineData("format.uuid().validate(\"nope\").value()[0]", "string:does not match the UUID format")]
    [InlineData("format.qualifiedName().validate(\"a/b/c\").hasValue()", "true")]
    [InlineData("format.named(\"dns1123Label\").value().validate(\"ok\")", "none")]
    [InlineData("type(format.uri()) == kubernetes.NamedFormat", "true")]
    public void Formats_validate_as_apimachinery(string expr, string expect)
    {
        if (expr.Contains(".repeat(", StringComparison.Ordinal))
            expr = expr.Replace("\"a\" + \"b\".repeat(63)", "\"a" + new string('b', 63) + "\"", StringComparison.Ordinal);
        UpstreamCase.Check(expr, expect);
    }
}
