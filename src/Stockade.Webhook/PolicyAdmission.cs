using System.Text.Json;
using System.Text.Json.Nodes;
using Stockade.Cel.Values;
using Stockade.Vap;
using Stockade.Yaml;

namespace Stockade.Webhook;

/// <summary>
/// <c>/validate/policies</c>: the configured ValidatingAdmissionPolicies evaluated against the real
/// request, answered as the API server's validating policy plugin answers: the first Deny violation
/// denies with its reason and code, Warn violations are warnings, Audit violations a
/// <c>validation_failure</c> audit annotation (upstream's JSON); evaluation errors follow each
/// policy's <c>failurePolicy</c> (in <see cref="VapEvaluator"/>).
/// </summary>
internal static class PolicyAdmission
{
    /// <summary>
    /// The API server prefixes a webhook's audit annotation keys with the webhook's name and accepts
    /// only one slash, so upstream's <c>validation.policy.admission.k8s.io/validation_failure</c> is sent as
    /// <c>validation_failure</c>, and the policies' own <c>POLICY/KEY</c> annotations together under one key.
    /// </summary>
    public const string ValidationFailureAnnotation = "validation_failure";
    public const string PolicyAnnotationsAnnotation = "policy_audit_annotations";

    public static AdmissionOutcome Decide(AdmissionRequest request, WebhookConfig config, NamespaceLookup? namespaces, WebhookMetrics? metrics, PolicyCluster? cluster = null)
    {
        var uid = request.Uid;
        var obj = request.Object;
        var old = request.OldObject;
        if (obj == null && old == null && request.Operation != "CONNECT") return BadRequest(uid, "failed to decode object: request has neither object nor oldObject");
        var ns = request.Namespace;
        object namespaceObject = CelNull.Value;
        IReadOnlyDictionary<string, string>? namespaceLabels = null;
        if (ns.Length > 0 && namespaces != null)
        {
            try
            {
                namespaceLabels = namespaces(ns);
                if (namespaceLabels != null && cluster?.NamespaceObjects?.Invoke(ns) is { } full) namespaceObject = CelJson.FromElement(full);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return AdmissionDecider.Failure(uid, config.FailureMode, $"stockade: failed to lookup namespace \"{ns}\": {e.Message}", "namespace_unavailable");
            }
            if (namespaceLabels != null && namespaceObject is CelNull) namespaceObject = CelJson.FromNode(NamespaceJson(ns, namespaceLabels));
        }
        var vap = new VapRequest
        {
            Operation = request.Operation,
            Resource = new VapResource(request.ResourceGroup, request.ResourceVersion, request.Resource, ns.Length > 0),
            Subresource = request.SubResource,
            ApiVersion = request.KindGroup.Length == 0 ? request.KindVersion : $"{request.KindGroup}/{request.KindVersion}",
            Kind = request.Kind,
            Name = request.Name,
            Namespace = ns,
            Object = obj == null ? CelNull.Value : CelTree.Of(obj),
            OldObject = old == null ? CelNull.Value : CelTree.Of(old),
            Labels = Labels(obj ?? old),
            OldLabels = old == null ? null : Labels(old),
            NamespaceObject = namespaceObject,
            NamespaceLabels = namespaceLabels,
            // Unknown labels make a namespace selector a configuration error (failurePolicy), never "no labels".
            NamespaceUnknown = namespaces == null ? $"the labels of namespace \"{ns}\" are unknown: stockade serve reads Namespaces from a cluster (--kubeconfig, or in a cluster)" : "",
            RequestValue = RequestValue(request),
            Authorizer = cluster?.AccessReview is not { } access ? ServeAuthorizer.Instance
                : new PolicyAuthorizer(new Psp.PspUser(request.UserName, request.UserGroups, request.UserUid, request.UserExtra), access, config.PspAuthorization.Timeout, metrics),
        };
        var policies = config.VapPolicies;
        if (config.ClusterPolicies)
        {
            // Never the files alone while the cluster's policies are unknown: that would pass what they deny.
            if (cluster?.Policies is not { } sets)
                return AdmissionDecider.Failure(uid, config.FailureMode, "stockade: clusterPolicies is true but serve has no cluster to read them from (give --kubeconfig, or run it in a cluster)", "cluster_policies_unavailable");
            if (sets.For(config) is not { } merged)
                return AdmissionDecider.Failure(uid, config.FailureMode, "stockade: the cluster's ValidatingAdmissionPolicies have not been read yet", "cluster_policies_unavailable");
            // A cluster policy that cannot be compiled here still binds in the cluster: without it the
            // verdict could pass what it denies, so the webhook's failure policy answers instead.
            if (sets.NotApplied is { Count: > 0 } notApplied)
                return AdmissionDecider.Failure(uid, config.FailureMode, $"stockade: {notApplied.Count} of the cluster's ValidatingAdmissionPolicies or bindings cannot be enforced here: {notApplied[0]}", "cluster_policies_unavailable");
            policies = merged;
        }
        var decision = policies.Evaluate(vap);
        Record(metrics, decision);
        return Answer(uid, decision);
    }

    private static AdmissionOutcome Answer(string uid, VapDecision decision)
    {
        var rules = decision.Violations.Select(v => VapRule.Prefix + v.Policy.Name).Distinct(StringComparer.Ordinal).ToList();
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        var audited = decision.Violations.Where(v => v.Actions.HasFlag(VapActions.Audit)).ToList();
        if (audited.Count > 0) annotations[ValidationFailureAnnotation] = ValidationFailures(audited);
        if (decision.AuditAnnotations.Count > 0)
        {
            var values = new JsonObject();
            foreach (var (k, v) in decision.AuditAnnotations.OrderBy(a => a.Key, StringComparer.Ordinal)) values[k] = v;
            annotations[PolicyAnnotationsAnnotation] = values.ToJsonString();
        }
        var warnings = decision.Warnings.ToList();
        var note = decision.Notes.Count == 0 ? null : string.Join("; ", decision.Notes);
        if (decision.Violations.FirstOrDefault(v => v.Actions.HasFlag(VapActions.Deny)) is { } denied)
        {
            var reason = denied.Reason ?? "Invalid";
            var response = AdmissionResponse.Deny(uid, CodeOf(reason), reason, denied.Message) with { Warnings = warnings, AuditAnnotations = annotations };
            return new AdmissionOutcome(response, AdmissionVerdict.Denied, rules, denied.Message);
        }
        var verdict = warnings.Count > 0 ? AdmissionVerdict.Warned : audited.Count > 0 ? AdmissionVerdict.Audited : AdmissionVerdict.Allowed;
        var message = decision.Violations.Count > 0 ? string.Join("; ", decision.Violations.Select(v => v.Message)) : note;
        return new AdmissionOutcome(AdmissionResponse.Allow(uid) with { Warnings = warnings, AuditAnnotations = annotations }, verdict, rules, message);
    }

    /// <summary>Upstream's <c>reasonToCode</c>: the validation's reason gives the denial's HTTP code.</summary>
    public static int CodeOf(string reason) => reason switch
    {
        "Forbidden" => 403,
        "Unauthorized" => 401,
        "RequestEntityTooLarge" => 413,
        _ => 422,
    };

    /// <summary>Upstream's <c>validationFailureValue</c> list, in its field order.</summary>
    private static string ValidationFailures(IEnumerable<VapViolation> violations)
    {
        var array = new JsonArray();
        foreach (var v in violations)
        {
            var actions = new JsonArray();
            foreach (var a in new[] { VapActions.Deny, VapActions.Warn, VapActions.Audit }.Where(a => v.Actions.HasFlag(a))) actions.Add((JsonNode)JsonValue.Create(a.ToString()));
            array.Add((JsonNode)new JsonObject
            {
                ["message"] = v.Detail,
                ["policy"] = v.Policy.Name,
                ["binding"] = v.Binding.Name,
                ["expressionIndex"] = v.ExpressionIndex,
                ["validationActions"] = actions,
            });
        }
        return array.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static void Record(WebhookMetrics? metrics, VapDecision decision)
    {
        if (metrics == null) return;
        foreach (var (policy, binding) in decision.Evaluated)
        {
            var failed = decision.Violations.Where(v => v.Policy == policy && v.Binding == binding).ToList();
            if (failed.Count == 0) metrics.RecordPolicyCheck(policy.Name, binding.Name, "allow", "no_error");
            foreach (var v in failed)
            {
                foreach (var a in new[] { VapActions.Deny, VapActions.Warn, VapActions.Audit }.Where(a => v.Actions.HasFlag(a)))
                {
                    metrics.RecordPolicyCheck(policy.Name, binding.Name, a.ToString().ToLowerInvariant(), v.IsError ? "invalid_error" : "no_error");
                }
            }
        }
    }

    // Only string values are labels (a number or a bool there would not be accepted by the API server).
    private static Dictionary<string, string> Labels(YNode? obj) =>
        (obj as YMapping)?["metadata"] is YMapping metadata && metadata["labels"] is YMapping labels
            ? labels.Entries.Where(l => l.Value is YScalar { Kind: ScalarKind.String }).ToDictionary(l => l.Key, l => ((YScalar)l.Value).Text, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The Namespace when only its labels are known (a host without the cluster's Namespace objects): its name and labels.</summary>
    private static JsonObject NamespaceJson(string name, IReadOnlyDictionary<string, string> labels)
    {
        var l = new JsonObject();
        foreach (var (k, v) in labels) l[k] = v;
        l[VapMatcher.NamespaceNameLabel] = name;
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = l },
        };
    }

    private static readonly IReadOnlySet<string> ObjectKeys = new HashSet<string>(StringComparer.Ordinal) { "object", "oldObject" };

    /// <summary>The <c>request</c> variable: the review's request as sent, without object and oldObject (they are variables of their own, as upstream).</summary>
    private static object RequestValue(AdmissionRequest request) =>
        (request.Review.Root as YMapping)?["request"] is YMapping r ? new MapWithout((CelMap)CelTree.Of(r), ObjectKeys) : new DictMap();

    private static AdmissionOutcome BadRequest(string uid, string message) =>
        new(AdmissionResponse.Deny(uid, 400, "BadRequest", message), AdmissionVerdict.Error, [], message, "undecodable_object");

    /// <summary>Without a cluster there is no authorizer to ask: every check is an evaluation error, so <c>failurePolicy</c> decides.</summary>
    private sealed class ServeAuthorizer : CelAuthorizer
    {
        public static readonly ServeAuthorizer Instance = new();

        public override (bool Allowed, string Reason) Check(CelAuthorizationCheck check) =>
            throw new Stockade.Cel.CelEvalException("authorizer is not available on /validate/policies: stockade serve has no cluster to ask (give --kubeconfig, or run it in a cluster)");
    }
}

/// <summary>What <c>/validate/policies</c> reads of the cluster: Namespaces as <c>namespaceObject</c>, the authorizer's SubjectAccessReviews, and its own policies.</summary>
internal sealed record PolicyCluster(NamespaceObjectLookup? NamespaceObjects, PolicyAccessReview? AccessReview, ClusterPolicySets? Policies = null);
