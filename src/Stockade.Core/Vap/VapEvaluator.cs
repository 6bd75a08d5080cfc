using Stockade.Cel;
using Stockade.Cel.Values;
using Stockade.Yaml;

namespace Stockade.Vap;

/// <summary>
/// One failed validation (or evaluation error under <c>failurePolicy: Fail</c>) of a policy under a
/// binding: its own message (<c>Detail</c>: what warnings and audit annotations carry), the full
/// message worded as the API server words its denial, and where the failing expression is written; <c>ExpressionIndex</c> is the validation's index in the policy (upstream's
/// <c>expressionIndex</c> of a validation_failure audit annotation).
/// </summary>
internal sealed record VapViolation(VapPolicy Policy, VapBinding Binding, string Detail, string? Reason, SourcePosition Expression, bool IsError, int ExpressionIndex = 0)
{
    public string Message => $"ValidatingAdmissionPolicy '{Policy.Name}' with binding '{Binding.Name}' denied request: {Detail}";

    public VapActions Actions => Binding.Actions;
}

/// <summary>What evaluating the loaded policies against one request gave.</summary>
internal sealed class VapDecision
{
    public List<VapViolation> Violations { get; } = new();

    /// <summary>Each policy and binding whose validations ran (in scope: matched, and every matchCondition true), for per-policy metrics.</summary>
    public List<(VapPolicy Policy, VapBinding Binding)> Evaluated { get; } = new();

    /// <summary>Audit annotations, keyed <c>POLICY/KEY</c>.</summary>
    public Dictionary<string, string> AuditAnnotations { get; } = new(StringComparer.Ordinal);

    /// <summary>Evaluation errors ignored under <c>failurePolicy: Ignore</c>, and other remarks.</summary>
    public List<string> Notes { get; } = new();

    public bool Denied => Violations.Any(v => v.Actions.HasFlag(VapActions.Deny));

    /// <summary>The warnings the API server returns for <c>Warn</c> bindings.</summary>
    public IEnumerable<string> Warnings => Violations.Where(v => v.Actions.HasFlag(VapActions.Warn))
        .Select(v => $"Validation failed for ValidatingAdmissionPolicy '{v.Policy.Name}' with binding '{v.Binding.Name}': {v.Detail}");
}

/// <summary>
/// Evaluates a policy under a binding as upstream's validating policy plugin does: binding match,
/// params, <c>matchConditions</c> (any false: not in scope), <c>validations</c>,
/// <c>auditAnnotations</c>; errors follow <c>failurePolicy</c>.
/// </summary>
internal static class VapEvaluator
{
    /// <summary>
    /// Whether <see cref="Evaluate"/> may do more than return at once: the policy's and the binding's
    /// match read only the request's attributes, so this is asked with them alone before the object
    /// is converted for CEL. A match that cannot be decided (a Namespace not known) answers true, so
    /// that Evaluate reports it through the failure policy.
    /// </summary>
    public static bool MayApply(VapPolicy policy, VapBinding binding, VapRequest attributes)
    {
        try
        {
            return VapMatcher.Matches(policy.MatchConstraints, attributes)
                && (binding.MatchResources is not { } mr || VapMatcher.Matches(mr, attributes, emptyRulesMatchAll: true));
        }
        catch (VapNamespaceUnknownException)
        {
            return true;
        }
    }

    public static void Evaluate(VapPolicy policy, VapBinding binding, VapRequest request, VapParamStore store, VapDecision into)
    {
        // Upstream's matcher errors (a Namespace not found) are configuration errors under failurePolicy.
        try
        {
            if (!VapMatcher.Matches(policy.MatchConstraints, request)) return;
        }
        catch (VapNamespaceUnknownException e)
        {
            Fail(policy, binding, into, $"failed to configure policy: {e.Message}", policy.Position);
            return;
        }
        try
        {
            if (binding.MatchResources is { } mr && !VapMatcher.Matches(mr, request, emptyRulesMatchAll: true)) return;
        }
        catch (VapNamespaceUnknownException e)
        {
            Fail(policy, binding, into, $"failed to configure binding: {e.Message}", binding.Position);
            return;
        }
        if (policy.ParamKind is not { } kind)
        {
            Run(policy, binding, request, CelNull.Value, into);
            return;
        }
        if (binding.ParamRef is not { } reference)
        {
            Fail(policy, binding, into, $"failed to configure binding: binding '{binding.Name}' has no paramRef, and policy '{policy.Name}' has paramKind {kind.Kind}", policy.Position);
            return;
        }
        var found = store.Select(kind, reference, request);
        if (found.Count == 0)
        {
            if (reference.DenyWhenNotFound) Fail(policy, binding, into, "failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction", binding.Position);
            return;
        }
        foreach (var p in found) Run(policy, binding, request, p.Value, into);
    }

    private static void Run(VapPolicy policy, VapBinding binding, VapRequest request, object param, VapDecision into)
    {
        var context = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["object"] = request.Object,
            ["oldObject"] = request.OldObject,
            ["request"] = request.RequestValue,
            ["params"] = param,
            ["namespaceObject"] = request.NamespaceObject,
            ["authorizer"] = request.Authorizer,
        };
        context["variables"] = new VapVariables(policy.Variables, context);

        // matchConditions: any false leaves the request out of scope, whatever errors the others had.
        string? conditionError = null;
        var conditionAt = SourcePosition.Unknown;
        foreach (var c in policy.MatchConditions)
        {
            try
            {
                if (c.Expression.Program.Evaluate(context) is false) return;
            }
            catch (CelEvalException e)
            {
                conditionError ??= $"failed to evaluate matchCondition '{c.Name}': {e.Message}";
                conditionAt = c.Expression.Position;
            }
        }
        into.Evaluated.Add((policy, binding));
        if (conditionError != null)
        {
            Fail(policy, binding, into, conditionError, conditionAt);
            return;
        }

        for (var index = 0; index < policy.Validations.Count; index++)
        {
            var v = policy.Validations[index];
            object result;
            try
            {
                result = v.Expression.Program.Evaluate(context);
            }
            catch (CelEvalException e)
            {
                Fail(policy, binding, into, $"expression '{v.Expression.Text.Trim()}' resulted in error: {e.Message}", v.Expression.Position, index);
                continue;
            }
            if (result is true) continue;
            if (result is not false)
            {
                Fail(policy, binding, into, $"expression '{v.Expression.Text.Trim()}' resulted in error: validation expression must evaluate to bool", v.Expression.Position, index);
                continue;
            }
            into.Violations.Add(new VapViolation(policy, binding, Message(v, context, into), v.Reason ?? "Invalid", v.Expression.Position, false, index));
        }

        foreach (var a in policy.AuditAnnotations)
        {
            try
            {
                switch (a.ValueExpression.Program.Evaluate(context))
                {
                    case string s: into.AuditAnnotations[$"{policy.Name}/{a.Key}"] = s; break;
                    case CelNull: break; // a null value omits the annotation
                    default: Fail(policy, binding, into, $"valueExpression '{a.ValueExpression.Text.Trim()}' resulted in error: valueExpression must evaluate to either a string or null", a.ValueExpression.Position); break;
                }
            }
            catch (CelEvalException e)
            {
                Fail(policy, binding, into, $"valueExpression '{a.ValueExpression.Text.Trim()}' resulted in error: {e.Message}", a.ValueExpression.Position);
            }
        }
    }

    // messageExpression wins when it gives a non-empty single-line string; else message; else upstream's default.
    private static string Message(VapValidation v, Dictionary<string, object> context, VapDecision into)
    {
        if (v.MessageExpression is { } me)
        {
            try
            {
                if (me.Program.Evaluate(context) is string s && s.Trim().Length > 0 && !s.Contains('\n')) return s.Trim();
                into.Notes.Add($"messageExpression '{me.Text.Trim()}' did not give a non-empty single-line string; the message is used instead");
            }
            catch (CelEvalException e)
            {
                into.Notes.Add($"messageExpression '{me.Text.Trim()}' resulted in error: {e.Message}; the message is used instead");
            }
        }
        return v.Message is { Length: > 0 } m ? m : $"failed expression: {v.Expression.Text.Trim()}";
    }

    // Under failurePolicy Fail an error is a denial; under Ignore the request passes and a note says why.
    private static void Fail(VapPolicy policy, VapBinding binding, VapDecision into, string message, SourcePosition at, int index = 0)
    {
        if (policy.FailClosed) into.Violations.Add(new VapViolation(policy, binding, message, "Invalid", at, true, index));
        else into.Notes.Add($"ValidatingAdmissionPolicy '{policy.Name}' with binding '{binding.Name}': {message} (ignored: failurePolicy Ignore)");
    }
}
