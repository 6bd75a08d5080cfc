using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Vap;

/// <summary>
/// One ValidatingAdmissionPolicy as a rule (<c>vap:NAME</c>): each violation under any of its
/// bindings is a finding on the object. The severity follows the strongest action of its
/// bindings (Deny high, Warn medium, Audit low); the policy's name is the finding's <c>policy</c>
/// and the message names the binding, as the API server's denial does.
/// </summary>
internal sealed class VapRule : ObjectRule
{
    public const string Prefix = "vap:";

    private readonly VapPolicy _policy;
    private readonly VapPolicySet _set;
    private readonly IReadOnlyList<VapBinding> _bindings;
    private readonly string? _defaultNamespace;
    private readonly VapRequester _requester;

    public VapRule(VapPolicy policy, VapPolicySet set, string? defaultNamespace = null, VapRequester? requester = null)
    {
        _requester = requester ?? VapRequester.Offline;
        _policy = policy;
        _set = set;
        _defaultNamespace = defaultNamespace;
        _bindings = set.BindingsOf(policy).ToList();
        var actions = _bindings.Aggregate(VapActions.None, (a, b) => a | b.Actions);
        Metadata = new RuleMetadata
        {
            Id = Prefix + policy.Name,
            Title = $"ValidatingAdmissionPolicy {policy.Name}",
            Severity = SeverityOf(actions),
            Category = "policy",
            Rationale = $"The ValidatingAdmissionPolicy \"{policy.Name}\" ({policy.Location}) would refuse or flag this object at admission." + Describe(policy, _bindings),
            Remediation = "Change the object so that the policy's validations hold, or change the policy or its binding.",
            RemediationYaml = "",
        };
    }

    public override RuleMetadata Metadata { get; }

    // What explain and the docs show of the policy: its validations and the bindings that decide the severity.
    private static string Describe(VapPolicy policy, IReadOnlyList<VapBinding> bindings)
    {
        var text = new System.Text.StringBuilder("\n\nValidations:\n");
        foreach (var v in policy.Validations)
        {
            text.Append($"\n- `{v.Expression.Text.Trim()}`");
            if (v.Message is { Length: > 0 } m) text.Append($": {m}");
            else if (v.MessageExpression is { } me) text.Append($": (message `{me.Text.Trim()}`)");
        }
        text.Append("\n\nBindings:\n");
        foreach (var b in bindings) text.Append($"\n- {b.Name} ({b.Actions}) at {b.File}:{b.Position}");
        if (!policy.FailClosed) text.Append("\n\nfailurePolicy Ignore: an evaluation error is a note, not a finding.");
        return text.ToString();
    }

    /// <summary>Deny high, Warn medium, Audit low (documented in docs/vap.md).</summary>
    public static Severity SeverityOf(VapActions actions) =>
        actions.HasFlag(VapActions.Deny) ? Severity.High : actions.HasFlag(VapActions.Warn) ? Severity.Medium : Severity.Low;

    // Policies and bindings themselves are configuration, not requests a scan makes; every other object is a CREATE.
    public override bool AppliesTo(KubeObject obj) => !VapReader.IsVapKind(obj);

    public override void Check(KubeObject obj, RuleContext context)
    {
        // Most objects are matched by no binding of a policy: decided on the attributes alone.
        var attributes = RequestFor(obj, values: false);
        if (!MayApply(attributes)) return;
        var request = RequestFor(obj, values: true);
        NoteUnknownNamespace(obj, request, context);
        var decision = new VapDecision();
        var store = new VapParamStore(_set.Params);
        foreach (var b in _bindings) VapEvaluator.Evaluate(_policy, b, request, store, decision);
        foreach (var v in decision.Violations)
        {
            var reason = v.Reason is { } r && r != "Invalid" ? $" (reason {r})" : "";
            context.Report(obj.Position, obj.PathPrefix, v.Message + reason, policy: _policy.Name, binding: v.Binding.Name);
        }
    }

    // Once per policy and namespace: a policy that reads namespaceObject sees null for a Namespace
    // the files (or the input) do not hold, where the API server would give it the cluster's.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _notedNamespaces = new(StringComparer.Ordinal);

    private void NoteUnknownNamespace(KubeObject obj, VapRequest request, RuleContext context)
    {
        if (request.Namespace.Length == 0 || request.NamespaceObject is not Cel.Values.CelNull || !_policy.ReadsNamespaceObject) return;
        if (!_notedNamespaces.TryAdd(request.Namespace, true)) return;
        context.Note(obj.Position, $"ValidatingAdmissionPolicy \"{_policy.Name}\" reads namespaceObject, and Namespace \"{request.Namespace}\" is not among the files read (give it with --policy, or in the input with {"--bundle-policies"}): namespaceObject is null here");
    }

    private bool MayApply(VapRequest attributes)
    {
        foreach (var b in _bindings)
            if (VapEvaluator.MayApply(_policy, b, attributes)) return true;
        return false;
    }

    // The request an object makes is the same for every policy of the set: it is built once per
    // object (the object's tree converted to CEL twice, as object and in request), not once per
    // policy, which with 20 policies was most of the scan's time. Rules run one object at a time
    // on a worker thread, so the last request built on this thread is the one to reuse.
    // The attributes alone (no CEL values) are kept the same way, for the match every policy asks first.
    [ThreadStatic] private static (KubeObject Object, VapPolicySet Set, string? Namespace, VapRequester Requester, VapRequest Request)? _last;
    [ThreadStatic] private static (KubeObject Object, VapPolicySet Set, string? Namespace, VapRequester Requester, VapRequest Request)? _lastAttributes;

    private VapRequest RequestFor(KubeObject obj, bool values)
    {
        var cached = values ? _last : _lastAttributes;
        if (cached is { } last && ReferenceEquals(last.Object, obj) && ReferenceEquals(last.Set, _set) && last.Namespace == _defaultNamespace && ReferenceEquals(last.Requester, _requester))
            return last.Request;
        var request = VapOffline.Create(obj, _set, _defaultNamespace, _requester, values: values);
        if (values) _last = (obj, _set, _defaultNamespace, _requester, request);
        else _lastAttributes = (obj, _set, _defaultNamespace, _requester, request);
        return request;
    }

    /// <summary>A rule per loaded policy that has a binding (a policy without one is never evaluated, as in the API server).</summary>
    public static IReadOnlyList<Rule> For(VapPolicySet set, string? defaultNamespace = null, VapRequester? requester = null) =>
        set.Policies.Where(p => set.BindingsOf(p).Any()).Select(p => (Rule)new VapRule(p, set, defaultNamespace, requester)).ToList();
}
