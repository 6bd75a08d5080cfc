using Stockade.Cel;
using Stockade.Cel.Values;
using Stockade.Engine;
using Stockade.Yaml;

namespace Stockade.Rules.Custom;

/// <summary>
/// Evaluates a custom rule's expression and reports what it gave: true passes; false is a finding
/// with the rule's message (or its evaluated <c>messageExpression</c>); an evaluation error or a
/// value that is not a bool is a finding too, saying so — the rule could not show that the object
/// passes, so it does not (as a ValidatingAdmissionPolicy under <c>failurePolicy: Fail</c>).
/// </summary>
internal static class CustomRuleCheck
{
    public static void Run(CustomRuleDefinition rule, IReadOnlyDictionary<string, object> variables, RuleContext context, SourcePosition at, string path)
    {
        object result;
        try
        {
            result = rule.Expression.Program.Evaluate(variables);
        }
        catch (CelEvalException e)
        {
            context.Report(at, path, $"expression '{rule.Expression.Text.Trim()}' resulted in error: {e.Message} (an error fails the rule)");
            return;
        }
        if (result is true) return;
        if (result is not false)
        {
            context.Report(at, path, $"expression '{rule.Expression.Text.Trim()}' resulted in error: it must evaluate to bool (an error fails the rule)");
            return;
        }
        context.Report(at, path, Message(rule, variables));
    }

    // messageExpression wins when it gives a non-empty single-line string (as a VAP's does); else message; else the expression.
    private static string Message(CustomRuleDefinition rule, IReadOnlyDictionary<string, object> variables)
    {
        var fallback = rule.Message is { Length: > 0 } m ? m : $"failed expression: {rule.Expression.Text.Trim()}";
        if (rule.MessageExpression is not { } me) return fallback;
        try
        {
            if (me.Program.Evaluate(variables) is string s && s.Trim().Length > 0 && !s.Contains('\n')) return s.Trim();
            return $"{fallback} (messageExpression did not give a non-empty single-line string)";
        }
        catch (CelEvalException e)
        {
            return $"{fallback} (messageExpression resulted in error: {e.Message})";
        }
    }
}
