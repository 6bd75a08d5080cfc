using System.Text.RegularExpressions;
using Stockade.Cel;
using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Vap;

/// <summary>A reason the API server would refuse to store a policy or binding, with where it is.</summary>
internal sealed record VapLoadError(string File, SourcePosition Position, string Message)
{
    public override string ToString() => $"{File}:{Position}: {Message}";
}

/// <summary>
/// Reads ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding objects and validates them
/// as upstream's <c>pkg/apis/admissionregistration/validation</c> does, compiling every CEL
/// expression: a compile error rejects the object, reported at the expression's own line:column.
/// </summary>
internal sealed partial class VapReader
{
    public const string PolicyKind = "ValidatingAdmissionPolicy";
    public const string BindingKind = "ValidatingAdmissionPolicyBinding";
    private static readonly string[] ApiVersions = ["admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1beta1", "admissionregistration.k8s.io/v1alpha1"];
    private static readonly string[] Operations = ["CREATE", "UPDATE", "DELETE", "CONNECT", "*"];
    private static readonly string[] Reasons = ["Unauthorized", "Forbidden", "Invalid", "RequestEntityTooLarge"];

    private readonly KubeObject _obj;
    private readonly IReadOnlyList<string>? _lines;
    private readonly List<VapLoadError> _errors = new();
    private readonly HashSet<string> _declaredVariables = new(StringComparer.Ordinal);
    private readonly CelEnvironment _env;

    private VapReader(KubeObject obj, IReadOnlyList<string>? lines, CelEnvironment env)
    {
        _obj = obj;
        _lines = lines;
        _env = env;
    }

    public static bool IsPolicy(KubeObject o) => o.Kind == PolicyKind && ApiVersions.Contains(o.ApiVersion);
    public static bool IsBinding(KubeObject o) => o.Kind == BindingKind && ApiVersions.Contains(o.ApiVersion);

    /// <summary>Whether the object is of a ValidatingAdmissionPolicy kind (of any apiVersion).</summary>
    public static bool IsVapKind(KubeObject o) => o.Kind is PolicyKind or BindingKind;

    /// <summary>The policy, or null when invalid; <paramref name="lines"/> (the file's text by line, or null) lets an expression's error point inside it.</summary>
    public static VapPolicy? ReadPolicy(KubeObject obj, IReadOnlyList<string>? lines, List<VapLoadError> errors) =>
        ReadPolicy(obj, lines, errors, CelEnvironment.Newest);

    /// <summary>Reads a policy whose expressions compile in <paramref name="env"/> (the API server's at a Kubernetes version), and type-checks them.</summary>
    internal static VapPolicy? ReadPolicy(KubeObject obj, IReadOnlyList<string>? lines, List<VapLoadError> errors, CelEnvironment env)
    {
        var r = new VapReader(obj, lines, env);
        var policy = r.Policy();
        errors.AddRange(r._errors);
        if (r._errors.Count > 0) return null;
        return policy with { TypeWarnings = VapTypeChecker.Check(policy, (e, line, column) => VapExpressionPositions.Map(lines, e.Position, line, column)) };
    }

    public static VapBinding? ReadBinding(KubeObject obj, IReadOnlyList<string>? lines, List<VapLoadError> errors)
    {
        var r = new VapReader(obj, lines, CelEnvironment.Newest);
        var binding = r.Binding();
        errors.AddRange(r._errors);
        return r._errors.Count == 0 ? binding : null;
    }

    private string Name => _obj.Name.IsSet ? _obj.Name.Value : "";

    private void Error(SourcePosition at, string message) =>
        _errors.Add(new VapLoadError(_obj.File, at, $"{_obj.Kind} \"{Name}\" is invalid: {message}"));

    private VapPolicy Policy()
    {
        if (Name.Length == 0) Error(_obj.Position, "metadata.name: Required value");
        var spec = Mapping(_obj.Root, "spec", required: true) ?? Empty;
        VapParamKind? paramKind = null;
        if (Mapping(spec, "paramKind", false) is { } pk)
        {
            var apiVersion = String(pk, "apiVersion", "spec.paramKind.apiVersion", required: true) ?? "";
            var kind = String(pk, "kind", "spec.paramKind.kind", required: true) ?? "";
            ParamKind(pk, apiVersion, kind);
            paramKind = new VapParamKind(apiVersion, kind);
        }
        var mc = Mapping(spec, "matchConstraints", required: true);
        var match = mc == null ? new VapMatchResources(VapLabelSelector.Everything, VapLabelSelector.Everything, [], [], true) : Match(mc, "spec.matchConstraints", requireRules: true);
        var failurePolicy = String(spec, "failurePolicy", "spec.failurePolicy", false) ?? "Fail";
        if (failurePolicy is not ("Fail" or "Ignore")) Error(spec["failurePolicy"]!.Position, $"spec.failurePolicy: Unsupported value: \"{failurePolicy}\": supported values: \"Fail\", \"Ignore\"");

        var variables = Items(spec, "variables").Select((m, i) => (m, i)).Select(x =>
        {
            var path = $"spec.variables[{x.i}]";
            var name = String(x.m, "name", path + ".name", true) ?? "";
            if (name.Length > 0 && !Identifier().IsMatch(name)) Error(x.m["name"]!.Position, $"{path}.name: Invalid value: \"{name}\": name is not a valid CEL identifier");
            // As upstream's composited environment: a variable sees only the variables declared before it.
            var variable = new VapVariable(name, Expr(x.m, "expression", path + ".expression", true)!);
            _declaredVariables.Add(name);
            return variable;
        }).ToList();
        foreach (var dup in variables.GroupBy(c => c.Name).Where(g => g.Key.Length > 0 && g.Count() > 1)) Error(dup.Last().Expression.Position, $"spec.variables: Duplicate value: \"{dup.Key}\"");

        var conditions = Items(spec, "matchConditions").Select((m, i) => (m, i)).Select(x =>
        {
            var path = $"spec.matchConditions[{x.i}]";
            var name = String(x.m, "name", path + ".name", true) ?? "";
            if (name.Length > 0 && !QualifiedName().IsMatch(name)) Error(x.m["name"]!.Position, $"{path}.name: Invalid value: \"{name}\": must be a qualified name");
            return new VapMatchCondition(name, Expr(x.m, "expression", path + ".expression", true)!);
        }).ToList();
        foreach (var dup in conditions.GroupBy(c => c.Name).Where(g => g.Key.Length > 0 && g.Count() > 1)) Error(dup.Last().Expression.Position, $"spec.matchConditions: Duplicate value: \"{dup.Key}\"");

        var validations = Items(spec, "validations").Select((m, i) => (m, i)).Select(x =>
        {
            var path = $"spec.validations[{x.i}]";
            var reason = String(x.m, "reason", path + ".reason", false);
            if (reason != null && !Reasons.Contains(reason)) Error(x.m["reason"]!.Position, $"{path}.reason: Unsupported value: \"{reason}\": supported values: {string.Join(", ", Reasons.Select(r => $"\"{r}\""))}");
            var message = String(x.m, "message", path + ".message", false);
            if (message is { Length: > 0 } && message.Trim().Length == 0) Error(x.m["message"]!.Position, $"{path}.message: Invalid value: \"{message}\": message must be non-empty if specified");
            else if (message != null && message.Contains('\n')) Error(x.m["message"]!.Position, $"{path}.message: Invalid value: message must not contain line breaks");
            return new VapValidation(Expr(x.m, "expression", path + ".expression", true)!, message, Expr(x.m, "messageExpression", path + ".messageExpression", false), reason);
        }).ToList();

        var annotations = Items(spec, "auditAnnotations").Select((m, i) => (m, i)).Select(x =>
        {
            var path = $"spec.auditAnnotations[{x.i}]";
            var key = String(x.m, "key", path + ".key", true) ?? "";
            if (key.Length > 0 && !QualifiedName().IsMatch($"{Name}/{key}")) Error(x.m["key"]!.Position, $"{path}.key: Invalid value: \"{key}\": must be a qualified name");
            return new VapAuditAnnotation(key, Expr(x.m, "valueExpression", path + ".valueExpression", true)!);
        }).ToList();
        foreach (var dup in annotations.GroupBy(a => a.Key).Where(g => g.Key.Length > 0 && g.Count() > 1)) Error(dup.Last().ValueExpression.Position, $"spec.auditAnnotations: Duplicate value: \"{dup.Key}\"");
        if (validations.Count == 0 && annotations.Count == 0) Error(spec.Position, "spec.validations: Required value: validations or auditAnnotations must contain at least one item");

        return new VapPolicy
        {
            Name = Name, File = _obj.File, Position = _obj.Position, ParamKind = paramKind, MatchConstraints = match,
            MatchConditions = conditions, Variables = variables, Validations = validations, AuditAnnotations = annotations,
            FailClosed = failurePolicy != "Ignore",
        };
    }

    private VapBinding Binding()
    {
        if (Name.Length == 0) Error(_obj.Position, "metadata.name: Required value");
        var spec = Mapping(_obj.Root, "spec", required: true) ?? Empty;
        var policyName = String(spec, "policyName", "spec.policyName", true) ?? "";
        VapParamRef? paramRef = null;
        if (Mapping(spec, "paramRef", false) is { } pr)
        {
            var name = String(pr, "name", "spec.paramRef.name", false);
            var ns = String(pr, "namespace", "spec.paramRef.namespace", false);
            var selector = pr["selector"] is YMapping s ? Selector(s, "spec.paramRef.selector") : null;
            if (name != null && selector != null) Error(pr.Position, "spec.paramRef: Forbidden: name and selector are mutually exclusive");
            if (name == null && selector == null) Error(pr.Position, "spec.paramRef: Required value: one of name or selector must be specified");
            var action = String(pr, "parameterNotFoundAction", "spec.paramRef.parameterNotFoundAction", _obj.ApiVersion.EndsWith("/v1", StringComparison.Ordinal)) ?? "Deny";
            if (action is not ("Allow" or "Deny")) Error(pr["parameterNotFoundAction"]!.Position, $"spec.paramRef.parameterNotFoundAction: Unsupported value: \"{action}\": supported values: \"Allow\", \"Deny\"");
            paramRef = new VapParamRef(name, ns, selector, action != "Allow");
        }
        var mr = Mapping(spec, "matchResources", false);
        var actions = VapActions.None;
        var list = Strings(spec, "validationActions", "spec.validationActions");
        if (list.Count == 0) Error(spec.Position, "spec.validationActions: Required value: at least one validation action is required");
        foreach (var a in list)
        {
            var flag = a switch { "Deny" => VapActions.Deny, "Warn" => VapActions.Warn, "Audit" => VapActions.Audit, _ => VapActions.None };
            if (flag == VapActions.None) Error(spec["validationActions"]!.Position, $"spec.validationActions: Unsupported value: \"{a}\": supported values: \"Audit\", \"Deny\", \"Warn\"");
            else if ((actions & flag) != 0) Error(spec["validationActions"]!.Position, $"spec.validationActions: Duplicate value: \"{a}\"");
            actions |= flag;
        }
        if (actions.HasFlag(VapActions.Deny) && actions.HasFlag(VapActions.Warn)) Error(spec["validationActions"]!.Position, "spec.validationActions: Invalid value: must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)");
        return new VapBinding
        {
            Name = Name, File = _obj.File, Position = _obj.Position, PolicyName = policyName, ParamRef = paramRef,
            MatchResources = mr == null ? null : Match(mr, "spec.matchResources", requireRules: false), Actions = actions,
        };
    }

    private static readonly YMapping Empty = new(SourcePosition.Unknown);

    private VapMatchResources Match(YMapping m, string path, bool requireRules)
    {
        var rules = Rules(m, "resourceRules", path + ".resourceRules");
        if (requireRules && rules.Count == 0) Error(m.Position, $"{path}.resourceRules: Required value");
        var matchPolicy = String(m, "matchPolicy", path + ".matchPolicy", false) ?? "Equivalent";
        if (matchPolicy is not ("Equivalent" or "Exact")) Error(m["matchPolicy"]!.Position, $"{path}.matchPolicy: Unsupported value: \"{matchPolicy}\": supported values: \"Equivalent\", \"Exact\"");
        return new VapMatchResources(
            m["namespaceSelector"] is YMapping ns ? Selector(ns, path + ".namespaceSelector") : VapLabelSelector.Everything,
            m["objectSelector"] is YMapping os ? Selector(os, path + ".objectSelector") : VapLabelSelector.Everything,
            rules, Rules(m, "excludeResourceRules", path + ".excludeResourceRules"), matchPolicy == "Equivalent");
    }

    private List<VapResourceRule> Rules(YMapping m, string key, string path) => Items(m, key).Select((r, i) =>
    {
        var p = $"{path}[{i}]";
        var ops = Strings(r, "operations", p + ".operations");
        foreach (var op in ops.Where(o => !Operations.Contains(o))) Error(r["operations"]!.Position, $"{p}.operations: Unsupported value: \"{op}\": supported values: \"*\", \"CONNECT\", \"CREATE\", \"DELETE\", \"UPDATE\"");
        var resources = Strings(r, "resources", p + ".resources");
        if (resources.Count == 0) Error(r.Position, $"{p}.resources: Required value");
        var groups = Strings(r, "apiGroups", p + ".apiGroups");
        var versions = Strings(r, "apiVersions", p + ".apiVersions");
        if (groups.Count == 0) Error(r.Position, $"{p}.apiGroups: Required value");
        if (versions.Count == 0) Error(r.Position, $"{p}.apiVersions: Required value");
        if (ops.Count == 0) Error(r.Position, $"{p}.operations: Required value");
        Wildcard(r, groups, p + ".apiGroups", "API groups");
        Wildcard(r, versions, p + ".apiVersions", "API versions");
        Wildcard(r, ops, p + ".operations", "operations");
        foreach (var (v, j) in versions.Select((v, j) => (v, j)).Where(x => x.v.Length == 0)) Error(r.Position, $"{p}.apiVersions[{j}]: Required value");
        Resources(r, resources, p + ".resources");
        if (String(r, "scope", p + ".scope", false) is { } scope && scope is not ("*" or "Cluster" or "Namespaced"))
            Error(r["scope"]!.Position, $"{p}.scope: Unsupported value: \"{scope}\": supported values: \"*\", \"Cluster\", \"Namespaced\"");
        return new VapResourceRule(groups, versions, resources, ops, Strings(r, "resourceNames", p + ".resourceNames"));
    }).ToList();

    // validateRule: '*' stands alone among groups, versions and operations.
    private void Wildcard(YMapping r, List<string> values, string path, string what)
    {
        if (values.Count > 1 && values.Contains("*")) Error(r.Position, $"{path}: Invalid value: if '*' is present, must not specify other {what}");
    }

    // validateResources: the '*', '*/*', 'x/*' and '*/x' forms against the other entries.
    private void Resources(YMapping r, List<string> resources, string path)
    {
        var wildcardSub = new HashSet<string>(StringComparer.Ordinal);
        var wildcardRes = new HashSet<string>(StringComparer.Ordinal);
        bool doubleWildcard = false, singleWildcard = false, withoutSub = false;
        for (var i = 0; i < resources.Count; i++)
        {
            var rs = resources[i];
            if (rs.Length == 0) { Error(r.Position, $"{path}[{i}]: Required value"); continue; }
            doubleWildcard |= rs == "*/*";
            singleWildcard |= rs == "*";
            var slash = rs.IndexOf('/');
            if (slash < 0) { withoutSub = rs != "*"; continue; }
            var (res, sub) = (rs[..slash], rs[(slash + 1)..]);
            if (wildcardSub.Contains(res)) Error(r.Position, $"{path}[{i}]: Invalid value: \"{rs}\": if '{res}/*' is present, must not specify {rs}");
            if (wildcardRes.Contains(sub)) Error(r.Position, $"{path}[{i}]: Invalid value: \"{rs}\": if '*/{sub}' is present, must not specify {rs}");
            if (sub == "*") wildcardSub.Add(res);
            if (res == "*") wildcardRes.Add(sub);
        }
        if (resources.Count > 1 && doubleWildcard) Error(r.Position, $"{path}: Invalid value: if '*/*' is present, must not specify other resources");
        if (singleWildcard && withoutSub) Error(r.Position, $"{path}: Invalid value: if '*' is present, must not specify other resources without subresources");
    }

    // validateParamKind: apiVersion is [group/]version with a DNS-subdomain group and a DNS-1035 version; kind lower-cased is a DNS-1035 label.
    private void ParamKind(YMapping pk, string apiVersion, string kind)
    {
        if (apiVersion.Length > 0)
        {
            var parts = apiVersion.Split('/');
            var at = pk["apiVersion"]!.Position;
            if (parts.Length > 2) Error(at, $"spec.paramKind.apiVersion: Invalid value: \"{apiVersion}\": unexpected GroupVersion string: {apiVersion}");
            else
            {
                var (group, version) = parts.Length == 2 ? (parts[0], parts[1]) : ("", parts[0]);
                if (group.Length > 0 && !Subdomain().IsMatch(group)) Error(at, $"spec.paramKind.apiVersion: Invalid value: \"{group}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character");
                if (version.Length == 0) Error(at, $"spec.paramKind.apiVersion: Invalid value: \"{apiVersion}\": version must be specified");
                else if (!Dns1035Label().IsMatch(version)) Error(at, $"spec.paramKind.apiVersion: Invalid value: \"{version}\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character");
            }
        }
        if (kind.Length > 0 && !Dns1035Label().IsMatch(kind.ToLowerInvariant()))
            Error(pk["kind"]!.Position, $"spec.paramKind.kind: Invalid value: \"{kind}\": may have mixed case, but should otherwise match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character");
    }

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\z")]
    private static partial Regex Subdomain();

    [GeneratedRegex(@"^[a-z]([-a-z0-9]{0,61}[a-z0-9])?\z")]
    private static partial Regex Dns1035Label();

    private VapLabelSelector Selector(YMapping m, string path)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (m["matchLabels"] is YMapping ml)
        {
            foreach (var e in ml.Entries) labels[e.Key] = e.Value is YScalar s ? s.Text : "";
        }
        var reqs = Items(m, "matchExpressions").Select((e, i) =>
        {
            var p = $"{path}.matchExpressions[{i}]";
            var key = String(e, "key", p + ".key", true) ?? "";
            var op = String(e, "operator", p + ".operator", true) ?? "";
            var values = Strings(e, "values", p + ".values");
            if (op is "In" or "NotIn" && values.Count == 0) Error(e.Position, $"{p}.values: Required value: must be specified when `operator` is 'In' or 'NotIn'");
            else if (op is "Exists" or "DoesNotExist" && values.Count > 0) Error(e.Position, $"{p}.values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
            else if (op is not ("In" or "NotIn" or "Exists" or "DoesNotExist") && op.Length > 0) Error(e["operator"]!.Position, $"{p}.operator: Invalid value: \"{op}\": not a valid selector operator");
            return new VapSelectorRequirement(key, op, values);
        }).ToList();
        return new VapLabelSelector(labels, reqs);
    }

    private VapExpression? Expr(YMapping m, string key, string path, bool required)
    {
        var text = String(m, key, path, required);
        if (text == null) return required ? new VapExpression("", m.Position, CelProgram.Compile("true")) : null;
        var at = m[key]!.Position;
        if (text.Trim().Length == 0)
        {
            Error(at, $"{path}: Required value: expression is not specified");
            return new VapExpression(text, at, CelProgram.Compile("true"));
        }
        try
        {
            var program = CelProgram.Compile(text, check: true, _env);
            // variables.NAME must name a variable declared so far ("undefined field", as cel-go's checker says).
            var undefined = CelReferences.Fields(text, "variables").FirstOrDefault(r => !_declaredVariables.Contains(r.Field));
            if (undefined == null) return new VapExpression(text, at, program);
            CompileError(path, at, undefined.Line, undefined.Column, $"undefined field '{undefined.Field}'");
        }
        catch (CelParseException e)
        {
            CompileError(path, at, e.Line, e.Column, e.Reason);
        }
        return new VapExpression(text, at, CelProgram.Compile("true"));
    }

    private void CompileError(string path, SourcePosition at, int line, int column, string reason)
    {
        var where = VapExpressionPositions.Map(_lines, at, line, column);
        _errors.Add(new VapLoadError(_obj.File, where, $"{_obj.Kind} \"{Name}\" is invalid: {path}: Invalid value: compilation failed: ERROR: <input>:{line}:{column}: {reason}"));
    }

    private YMapping? Mapping(YMapping m, string key, bool required)
    {
        switch (m[key])
        {
            case YMapping v: return v;
            case null or YScalar { Kind: ScalarKind.Null }:
                if (required) Error(m.Position, $"{key}: Required value");
                return null;
            case var other:
                Error(other.Position, $"{key}: expected a mapping, got {DecodeContext.Describe(other)}");
                return null;
        }
    }

    private string? String(YMapping m, string key, string path, bool required)
    {
        switch (m[key])
        {
            case YScalar { Kind: ScalarKind.String } s: return s.Text;
            case null or YScalar { Kind: ScalarKind.Null }:
                if (required) Error(m.Position, $"{path}: Required value");
                return null;
            case var other:
                Error(other.Position, $"{path}: expected a string, got {DecodeContext.Describe(other)}");
                return null;
        }
    }

    private List<string> Strings(YMapping m, string key, string path)
    {
        switch (m[key])
        {
            case YSequence s:
                var list = new List<string>();
                foreach (var (item, i) in s.Items.Select((x, i) => (x, i)))
                {
                    if (item is YScalar { Kind: ScalarKind.String } v) list.Add(v.Text);
                    else Error(item.Position, $"{path}[{i}]: expected a string, got {DecodeContext.Describe(item)}");
                }
                return list;
            case null or YScalar { Kind: ScalarKind.Null }: return [];
            case var other:
                Error(other.Position, $"{path}: expected a list, got {DecodeContext.Describe(other)}");
                return [];
        }
    }

    private List<YMapping> Items(YMapping m, string key)
    {
        switch (m[key])
        {
            case YSequence s:
                var list = new List<YMapping>();
                foreach (var item in s.Items)
                {
                    if (item is YMapping v) list.Add(v);
                    else Error(item.Position, $"{key}: expected a mapping, got {DecodeContext.Describe(item)}");
                }
                return list;
            case null or YScalar { Kind: ScalarKind.Null }: return [];
            case var other:
                Error(other.Position, $"{key}: expected a list, got {DecodeContext.Describe(other)}");
                return [];
        }
    }

    // A qualified name: an optional DNS-subdomain prefix and '/', then a name of up to 63 characters.
    [GeneratedRegex(@"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"^[_a-zA-Z][_a-zA-Z0-9]*$")]
    private static partial Regex Identifier();
}
