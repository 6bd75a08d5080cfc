using Stockade.Cel;
using Stockade.Cel.Checking;
using Stockade.Yaml;

namespace Stockade.Vap;

/// <summary>
/// A type-checking warning, as the API server's <c>status.typeChecking.expressionWarnings</c>
/// reports one: the expression's field path, and per kind checked the checker's error
/// (<c>apps/v1, Kind=Deployment: ERROR: &lt;input&gt;:1:8: undefined field 'foo'</c>), at its line:column in the file.
/// </summary>
internal sealed record VapTypeWarning(string FieldRef, string Gvk, SourcePosition Position, int Line, int Column, string Message)
{
    /// <summary>The warning's line as upstream words it.</summary>
    public string Text => $"{Gvk}: ERROR: <input>:{Line}:{Column}: {Message}";
}

/// <summary>
/// Upstream's ValidatingAdmissionPolicy type checking (<c>plugin/policy/validating/typechecking.go</c>):
/// each validation's expression and messageExpression is checked against the schema of every
/// kind the policy's <c>matchConstraints.resourceRules</c> name (no wildcard group or version;
/// resources with <c>*</c> or a subresource skipped; at most 10 kinds, sorted by group, version,
/// kind), with <c>object</c> / <c>oldObject</c> of that kind's type, <c>params</c> of the
/// paramKind's type when it is a built-in kind, <c>request</c> and <c>namespaceObject</c> typed,
/// and each variable of the type its expression has (dyn when it has a type error). A warning
/// never rejects the policy. A custom resource is checked against its CustomResourceDefinition's
/// schema for that version when the CRD is among the objects read with the policy (as upstream
/// resolves it from the published OpenAPI); without it, it is not checked.
/// </summary>
internal static class VapTypeChecker
{
    private const int MaxTypesToCheck = 10;

    /// <summary>The group/version/kinds upstream's typesToCheck gives for <paramref name="match"/>.</summary>
    public static IReadOnlyList<(string Group, string Version, string Kind)> TypesToCheck(VapMatchResources match, VapResources resources)
    {
        var found = new SortedSet<(string Group, string Version, string Kind)>();
        foreach (var rule in match.ResourceRules)
        {
            if (rule.ApiGroups.Any(g => g.Contains('*')) || rule.ApiVersions.Any(v => v.Contains('*'))) continue;
            var names = rule.Resources.Where(r => !r.Contains('*') && !r.Contains('/')).Order(StringComparer.Ordinal).ToList();
            foreach (var group in rule.ApiGroups.Order(StringComparer.Ordinal))
            foreach (var version in rule.ApiVersions.Order(StringComparer.Ordinal))
            foreach (var resource in names)
            foreach (var kind in resources.KindsFor(group, version, resource))
            {
                found.Add((group, version, kind));
                if (found.Count == MaxTypesToCheck) return found.ToList();
            }
        }
        return found.ToList();
    }

    /// <summary>
    /// The warnings for <paramref name="policy"/>; <paramref name="where"/> maps a line:column inside an
    /// expression to the file. <paramref name="schemaOf"/> gives a kind's type by apiVersion and kind
    /// (null: no schema, the kind is not checked; dyn: a schema without a type); by default the CRDs'
    /// of <paramref name="resources"/> (the table with the CRDs read with the policy; the built-in one by default), then the built-in schemas.
    /// </summary>
    public static List<VapTypeWarning> Check(VapPolicy policy, Func<VapExpression, int, int, SourcePosition> where, Func<string, string, CheckType?>? schemaOf = null,
        VapResources? resources = null)
    {
        resources ??= VapResources.BuiltInTable;
        schemaOf ??= (apiVersion, kind) => resources.CrdTypeOf(apiVersion, kind) ?? VapCheckTypes.OfKind(apiVersion, kind);
        var warnings = new List<VapTypeWarning>();
        var paramsType = policy.ParamKind is { } pk ? schemaOf(pk.ApiVersion, pk.Kind) ?? CheckType.Dyn : CheckType.Null;
        foreach (var (group, version, kind) in TypesToCheck(policy.MatchConstraints, resources))
        {
            var apiVersion = group.Length == 0 ? version : $"{group}/{version}";
            if (schemaOf(apiVersion, kind) is not { } objectType) continue;
            var gvk = $"{group}/{version}, Kind={kind}";
            var variables = Environment(policy, objectType, paramsType);
            for (var i = 0; i < policy.Validations.Count; i++)
            {
                var v = policy.Validations[i];
                Add(warnings, $"spec.validations[{i}].expression", gvk, v.Expression, variables, where);
                if (v.MessageExpression != null) Add(warnings, $"spec.validations[{i}].messageExpression", gvk, v.MessageExpression, variables, where);
            }
        }
        // As upstream: the warnings of an expression together, in the order of the kinds.
        return warnings.OrderBy(w => w.FieldRef.StartsWith("spec.validations[", StringComparison.Ordinal) ? FieldIndex(w.FieldRef) : int.MaxValue)
            .ThenBy(w => w.FieldRef.EndsWith(".messageExpression", StringComparison.Ordinal)).ToList();
    }

    /// <summary>The warnings as <c>status.typeChecking.expressionWarnings</c> holds them: one per expression, a line per kind.</summary>
    public static IReadOnlyList<(string FieldRef, string Warning)> ExpressionWarnings(IEnumerable<VapTypeWarning> warnings) =>
        warnings.GroupBy(w => w.FieldRef)
            .Select(g => (g.Key, string.Join("\n", g.GroupBy(w => w.Gvk).Select(k => $"{k.Key}: {string.Join("\n", k.Select(w => $"ERROR: <input>:{w.Line}:{w.Column}: {w.Message}"))}\n"))))
            .ToList();

    private static int FieldIndex(string fieldRef) => int.Parse(fieldRef["spec.validations[".Length..fieldRef.IndexOf(']')], System.Globalization.CultureInfo.InvariantCulture);

    private static void Add(List<VapTypeWarning> warnings, string fieldRef, string gvk, VapExpression e, Dictionary<string, CheckType> variables, Func<VapExpression, int, int, SourcePosition> where)
    {
        foreach (var issue in CelChecker.Check(e.Program, variables).Issues)
            warnings.Add(new VapTypeWarning(fieldRef, gvk, where(e, issue.Line, issue.Column), issue.Line, issue.Column, issue.Message));
    }

    /// <summary>The variables' types for one kind; each policy variable typed from its expression, in order (a variable sees the ones before it).</summary>
    private static Dictionary<string, CheckType> Environment(VapPolicy policy, CheckType objectType, CheckType paramsType)
    {
        var env = new Dictionary<string, CheckType>(StringComparer.Ordinal)
        {
            ["object"] = objectType,
            ["oldObject"] = objectType,
            ["request"] = VapCheckTypes.Request,
            ["namespaceObject"] = VapCheckTypes.Namespace,
            ["authorizer"] = TypeText.Authorizer,
            ["authorizer.requestResource"] = TypeText.ResourceCheck,
        };
        // Without paramKind there is no params variable to type: it stays dyn (the compile already judged its use).
        if (paramsType.Kind != CheckKind.Null) env["params"] = paramsType;
        var declared = new Dictionary<string, CheckType>(StringComparer.Ordinal);
        foreach (var v in policy.Variables)
        {
            env["variables"] = CheckType.Object("kubernetes.variables", new Dictionary<string, CheckType>(declared, StringComparer.Ordinal));
            var result = CelChecker.Check(v.Expression.Program, env);
            // A variable with a type error is dyn to the expressions that read it (upstream reports it nowhere).
            declared[v.Name] = result.Issues.Count == 0 ? result.Type : CheckType.Dyn;
        }
        env["variables"] = CheckType.Object("kubernetes.variables", declared);
        return env;
    }
}
