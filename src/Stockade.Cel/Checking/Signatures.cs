namespace Stockade.Cel.Checking;

/// <summary>One overload: the receiver (for a member function) and the parameters, and the result.</summary>
internal sealed record Overload(CheckType? Receiver, CheckType[] Parameters, CheckType Result);

/// <summary>
/// Overload signatures of the functions the checker judges: cel-go's standard definitions and
/// strings, regex, sets and optional libraries, and Kubernetes' libraries, as their declarations
/// state them. A function listed here is listed with every overload the API server's environment
/// has for it (so a call no overload matches is an error there too); a function not listed is
/// not judged and gives dyn. A parameter <c>*</c> takes anything (conversions such as int(x),
/// whose argument the checker leaves to the evaluator).
/// </summary>
internal static class Signatures
{
    // Built on first use, after the signature lists below are initialised.
    private static readonly Lazy<Dictionary<(string Name, bool Member, int Arity), List<Overload>>> Table = new(Build);

    /// <summary>The overloads of a call (arity counts a member call's receiver); null when the checker does not judge the function.</summary>
    public static IReadOnlyList<Overload>? Of(string name, bool member, int arity) => Table.Value.GetValueOrDefault((name, member, arity));

    private static Dictionary<(string, bool, int), List<Overload>> Build()
    {
        var t = new Dictionary<(string, bool, int), List<Overload>>();
        void Add(string signature)
        {
            // "recv.name(a, b) -> r" for a member, "name(a, b) -> r" for a global (a dotted global name is written @name).
            var arrow = signature.LastIndexOf("->", StringComparison.Ordinal);
            var result = TypeText.Parse(signature[(arrow + 2)..].Trim());
            var call = signature[..arrow].Trim();
            // The argument list's '(' is the one matching the final ')'.
            int open = -1, depth = 0;
            for (var i = call.Length - 1; i >= 0 && open < 0; i--)
            {
                if (call[i] == ')') depth++;
                else if (call[i] == '(' && --depth == 0) open = i;
            }
            var head = call[..open];
            var args = call[(open + 1)..^1];
            var parameters = TypeText.SplitTop(args).Select(TypeText.Parse).ToArray();
            CheckType? receiver = null;
            string name;
            if (head.StartsWith('@')) name = head[1..];
            else
            {
                var dot = head.LastIndexOf('.');
                if (dot < 0) name = head;
                else
                {
                    receiver = TypeText.Parse(head[..dot]);
                    name = head[(dot + 1)..];
                }
            }
            var key = (name, receiver != null, parameters.Length + (receiver != null ? 1 : 0));
            if (!t.TryGetValue(key, out var list)) t[key] = list = new List<Overload>();
            list.Add(new Overload(receiver, parameters, result));
        }
        foreach (var s in Standard) Add(s);
        foreach (var s in Kubernetes) Add(s);
        return t;
    }

    // cel-go's standard declarations (checker/decls), the strings (v2), regex, sets and optional libraries.
    private static readonly string[] Standard =
    [
        "size(string) -> int", "size(bytes) -> int", "size(list(A)) -> int", "size(map(A, B)) -> int",
        "string.size() -> int", "bytes.size() -> int", "list(A).size() -> int", "map(A, B).size() -> int",
        "string.contains(string) -> bool", "string.startsWith(string) -> bool", "string.endsWith(string) -> bool",
        "matches(string, string) -> bool", "string.matches(string) -> bool",
        "int(*) -> int", "uint(*) -> uint", "double(*) -> double", "string(*) -> string", "bytes(*) -> bytes", "bool(*) -> bool",
        "duration(*) -> google.protobuf.Duration", "timestamp(*) -> google.protobuf.Timestamp", "type(*) -> type", "dyn(*) -> dyn",
        "google.protobuf.Timestamp.getFullYear() -> int", "google.protobuf.Timestamp.getFullYear(string) -> int",
        "google.protobuf.Timestamp.getMonth() -> int", "google.protobuf.Timestamp.getMonth(string) -> int",
        "google.protobuf.Timestamp.getDate() -> int", "google.protobuf.Timestamp.getDate(string) -> int",
        "google.protobuf.Timestamp.getDayOfMonth() -> int", "google.protobuf.Timestamp.getDayOfMonth(string) -> int",
        "google.protobuf.Timestamp.getDayOfWeek() -> int", "google.protobuf.Timestamp.getDayOfWeek(string) -> int",
        "google.protobuf.Timestamp.getDayOfYear() -> int", "google.protobuf.Timestamp.getDayOfYear(string) -> int",
        "google.protobuf.Timestamp.getHours() -> int", "google.protobuf.Timestamp.getHours(string) -> int", "google.protobuf.Duration.getHours() -> int",
        "google.protobuf.Timestamp.getMinutes() -> int", "google.protobuf.Timestamp.getMinutes(string) -> int", "google.protobuf.Duration.getMinutes() -> int",
        "google.protobuf.Timestamp.getSeconds() -> int", "google.protobuf.Timestamp.getSeconds(string) -> int", "google.protobuf.Duration.getSeconds() -> int",
        "google.protobuf.Timestamp.getMilliseconds() -> int", "google.protobuf.Timestamp.getMilliseconds(string) -> int", "google.protobuf.Duration.getMilliseconds() -> int",
        "string.charAt(int) -> string",
        "string.indexOf(string) -> int", "string.indexOf(string, int) -> int", "list(A).indexOf(A) -> int",
        "string.lastIndexOf(string) -> int", "string.lastIndexOf(string, int) -> int", "list(A).lastIndexOf(A) -> int",
        "string.lowerAscii() -> string", "string.upperAscii() -> string", "string.trim() -> string",
        "string.replace(string, string) -> string", "string.replace(string, string, int) -> string",
        "string.split(string) -> list(string)", "string.split(string, int) -> list(string)",
        "string.substring(int) -> string", "string.substring(int, int) -> string",
        "list(string).join() -> string", "list(string).join(string) -> string",
        "string.format(list(dyn)) -> string", "@strings.quote(string) -> string",
        "string.find(string) -> string", "string.findAll(string) -> list(string)", "string.findAll(string, int) -> list(string)",
        "@sets.contains(list(A), list(A)) -> bool", "@sets.equivalent(list(A), list(A)) -> bool", "@sets.intersects(list(A), list(A)) -> bool",
        "@optional.of(A) -> optional(A)", "@optional.none() -> optional(dyn)", "@optional.ofNonZeroValue(A) -> optional(A)",
        "optional(A).hasValue() -> bool", "optional(A).value() -> A",
    ];

    // k8s.io/apiserver/pkg/cel/library: lists, urls, quantity, ip, cidr, format, semver, authz (with selectors).
    private static readonly string[] Kubernetes =
    [
        "list(A).isSorted() -> bool", "list(A).sum() -> A", "list(A).min() -> A", "list(A).max() -> A",
        "url(string) -> URL", "isURL(string) -> bool",
        "URL.getScheme() -> string", "URL.getHost() -> string", "URL.getHostname() -> string", "URL.getPort() -> string",
        "URL.getEscapedPath() -> string", "URL.getQuery() -> map(string, list(string))",
        "quantity(string) -> Quantity", "isQuantity(string) -> bool",
        "Quantity.sign() -> int", "Quantity.isInteger() -> bool", "Quantity.asInteger() -> int", "Quantity.asApproximateFloat() -> double",
        "Quantity.add(Quantity) -> Quantity", "Quantity.add(int) -> Quantity", "Quantity.sub(Quantity) -> Quantity", "Quantity.sub(int) -> Quantity",
        "Quantity.compareTo(Quantity) -> int", "Quantity.isGreaterThan(Quantity) -> bool", "Quantity.isLessThan(Quantity) -> bool",
        "ip(string) -> IP", "isIP(string) -> bool", "@ip.isCanonical(string) -> bool",
        "IP.family() -> int", "IP.isUnspecified() -> bool", "IP.isLoopback() -> bool", "IP.isLinkLocalMulticast() -> bool",
        "IP.isLinkLocalUnicast() -> bool", "IP.isGlobalUnicast() -> bool",
        "cidr(string) -> CIDR", "isCIDR(string) -> bool",
        "CIDR.containsIP(IP) -> bool", "CIDR.containsIP(string) -> bool", "CIDR.containsCIDR(CIDR) -> bool", "CIDR.containsCIDR(string) -> bool",
        "CIDR.ip() -> IP", "CIDR.masked() -> CIDR", "CIDR.prefixLength() -> int",
        "@format.named(string) -> optional(Format)", "Format.validate(string) -> optional(list(string))",
        "@format.dns1123Label() -> Format", "@format.dns1123Subdomain() -> Format", "@format.dns1035Label() -> Format",
        "@format.qualifiedName() -> Format", "@format.dns1123LabelPrefix() -> Format", "@format.dns1123SubdomainPrefix() -> Format",
        "@format.dns1035LabelPrefix() -> Format", "@format.labelValue() -> Format", "@format.uri() -> Format", "@format.uuid() -> Format",
        "@format.byte() -> Format", "@format.date() -> Format", "@format.datetime() -> Format",
        "semver(string) -> Semver", "semver(string, bool) -> Semver", "isSemver(string) -> bool", "isSemver(string, bool) -> bool",
        "Semver.major() -> int", "Semver.minor() -> int", "Semver.patch() -> int",
        "Semver.compareTo(Semver) -> int", "Semver.isGreaterThan(Semver) -> bool", "Semver.isLessThan(Semver) -> bool",
        "Authorizer.path(string) -> PathCheck", "Authorizer.group(string) -> GroupCheck", "Authorizer.serviceAccount(string, string) -> Authorizer",
        "GroupCheck.resource(string) -> ResourceCheck",
        "ResourceCheck.subresource(string) -> ResourceCheck", "ResourceCheck.namespace(string) -> ResourceCheck", "ResourceCheck.name(string) -> ResourceCheck",
        "ResourceCheck.fieldSelector(string) -> ResourceCheck", "ResourceCheck.labelSelector(string) -> ResourceCheck",
        "PathCheck.check(string) -> Decision", "ResourceCheck.check(string) -> Decision",
        "Decision.allowed() -> bool", "Decision.errored() -> bool", "Decision.reason() -> string", "Decision.error() -> string",
    ];
}

/// <summary>Type names as the signature table writes them: cel-go's spelling, and short names for the library types.</summary>
internal static class TypeText
{
    public static readonly CheckType Quantity = CheckType.Opaque("kubernetes.Quantity");
    public static readonly CheckType Url = CheckType.Opaque("kubernetes.URL");
    public static readonly CheckType Ip = CheckType.Opaque("net.IP");
    public static readonly CheckType Cidr = CheckType.Opaque("net.CIDR");
    public static readonly CheckType Semver = CheckType.Opaque("kubernetes.Semver");
    public static readonly CheckType Format = CheckType.Opaque("kubernetes.NamedFormat");
    public static readonly CheckType Authorizer = CheckType.Opaque("kubernetes.authorization.Authorizer");
    public static readonly CheckType PathCheck = CheckType.Opaque("kubernetes.authorization.PathCheck");
    public static readonly CheckType GroupCheck = CheckType.Opaque("kubernetes.authorization.GroupCheck");
    public static readonly CheckType ResourceCheck = CheckType.Opaque("kubernetes.authorization.ResourceCheck");
    public static readonly CheckType Decision = CheckType.Opaque("kubernetes.authorization.Decision");

    /// <summary>The parameter that takes anything.</summary>
    public static readonly CheckType Any = CheckType.Param("*");

    public static CheckType Parse(string text)
    {
        text = text.Trim();
        var open = text.IndexOf('(');
        if (open > 0)
        {
            var inner = SplitTop(text[(open + 1)..^1]).Select(Parse).ToArray();
            return text[..open] switch
            {
                "list" => CheckType.List(inner[0]),
                "map" => CheckType.Map(inner[0], inner[1]),
                "optional" => CheckType.Optional(inner[0]),
                var other => throw new InvalidOperationException($"unknown type constructor {other}"),
            };
        }
        return text switch
        {
            "int" => CheckType.Int, "uint" => CheckType.Uint, "double" => CheckType.Double, "bool" => CheckType.Bool,
            "string" => CheckType.String, "bytes" => CheckType.Bytes, "dyn" => CheckType.Dyn, "type" => CheckType.TypeOfType,
            "google.protobuf.Duration" => CheckType.Duration, "google.protobuf.Timestamp" => CheckType.Timestamp,
            "Quantity" => Quantity, "URL" => Url, "IP" => Ip, "CIDR" => Cidr, "Semver" => Semver, "Format" => Format,
            "Authorizer" => Authorizer, "PathCheck" => PathCheck, "GroupCheck" => GroupCheck, "ResourceCheck" => ResourceCheck, "Decision" => Decision,
            "*" => Any,
            _ when text.Length == 1 && char.IsAsciiLetterUpper(text[0]) => CheckType.Param(text),
            _ => throw new InvalidOperationException($"unknown type {text}"),
        };
    }

    /// <summary>Splits a comma-separated list at the top level (not inside parentheses).</summary>
    public static IEnumerable<string> SplitTop(string text)
    {
        if (text.Trim().Length == 0) yield break;
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }
}
