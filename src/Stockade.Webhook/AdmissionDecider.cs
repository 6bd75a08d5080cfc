using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Stockade.Config;
using Stockade.Engine;
using Stockade.Kube;
using Stockade.PodSecurity;
using Stockade.Profiles;
using Stockade.Psp;
using Stockade.Rules.Custom;

namespace Stockade.Webhook;

/// <summary>
/// Decides one AdmissionReview the way Pod Security Admission does (which requests are evaluated,
/// exemptions, enforce/warn/audit), with the policy logic of the scanner and the PSP engine: the
/// object is read by <see cref="ObjectReader"/> and located by <see cref="WorkloadLocator"/> once,
/// and that one reading is checked by <see cref="Scanner.ScanObject"/> (every profile the request
/// is judged against) or the PSP engine, exactly as <c>stockade scan</c> checks a file.
/// </summary>
/// <param name="namespaces">Namespace labels from the cluster, for <c>/validate/namespace</c>.</param>
/// <param name="accessReviews">SubjectAccessReviews of the API server, for which PodSecurityPolicies a pod may use.</param>
/// <param name="metrics">Where <c>/validate/policies</c> counts each policy's decisions.</param>
/// <param name="policyCluster">What <c>/validate/policies</c> reads of the cluster beyond Namespace labels.</param>
internal sealed class AdmissionDecider(TimeProvider time, NamespaceLookup? namespaces = null, SubjectAccessReviews? accessReviews = null, WebhookMetrics? metrics = null,
    PolicyCluster? policyCluster = null)
{
    /// <summary>Pod subresources that cannot change the pod spec (PSA's ignoredPodSubresources); any other is evaluated.</summary>
    private static readonly HashSet<string> IgnoredPodSubresources = ["exec", "attach", "binding", "eviction", "log", "portforward", "proxy", "status"];

    // PSA's audit annotation keys; the API server prefixes them with the webhook's name.
    public const string EnforcePolicyAnnotation = "enforce-policy";
    public const string AuditViolationsAnnotation = "audit-violations";
    public const string ExemptAnnotation = "exempt";
    public const string AnnotationExemptionsAnnotation = "annotation-exemptions";

    private readonly ConditionalWeakTable<WebhookConfig, ConcurrentDictionary<(string Profile, DateOnly Today), (Scanner Scanner, Profile Profile)>> _scanners = new();

    /// <exception cref="UnknownProfileException">The route names no known profile.</exception>
    public AdmissionOutcome Decide(AdmissionRoute route, AdmissionRequest request, WebhookConfig config)
    {
        var uid = request.Uid;
        // Every operation and subresource: the policies' own rules say what they match, as in the API server.
        if (route.Kind == RouteKind.ValidatePolicies) return PolicyAdmission.Decide(request, config, namespaces, metrics, policyCluster);
        if (request.Operation is not ("CREATE" or "UPDATE")) return Skipped(uid);
        var isPodResource = request.Resource == "pods";
        if (isPodResource ? IgnoredPodSubresources.Contains(request.SubResource) : request.SubResource.Length > 0) return Skipped(uid);

        if (request.Namespace.Length > 0 && config.Exemptions.Namespaces.Contains(request.Namespace)) return Exempt(uid, "namespace");
        if (request.UserName.Length > 0 && config.Exemptions.Usernames.Contains(request.UserName)) return Exempt(uid, "user");

        if (request.Object == null) return BadRequest(uid, "missing_object", "failed to decode object: request has no object");
        var doc = request.DocumentOf(request.Object);
        var notes = new List<ReadNote>();
        var objects = ObjectReader.Read(doc, notes);
        foreach (var note in notes.Where(n => n.IsError))
        {
            return BadRequest(uid, "undecodable_object", $"failed to decode object: {note.Message}");
        }
        if (objects.Count != 1) return BadRequest(uid, "undecodable_object", "failed to decode object: not a single Kubernetes object with apiVersion and kind");
        var obj = objects[0];
        if (request.Kind.Length > 0 && (obj.Kind != request.Kind || obj.Group != request.KindGroup))
        {
            return BadRequest(uid, "undecodable_object", $"failed to decode object: object is {obj.ApiVersion} {obj.Kind}, request is for {Gvk(request)}");
        }
        // The API server sets the object's namespace to the request's before admission (and refuses
        // a conflicting one), so a mismatch is a review not built by it: configured namespace
        // exemptions and the annotation opt-in match the object's namespace and must see the real one.
        if (request.Namespace.Length > 0 && obj.Namespace.IsSet && obj.Namespace.Value != request.Namespace)
        {
            return BadRequest(uid, "undecodable_object", $"failed to decode object: metadata.namespace \"{obj.Namespace.Value}\" does not match the request's namespace \"{request.Namespace}\"");
        }
        var subject = WorkloadLocator.Locate(obj);
        if (obj.Decode.HasErrors)
        {
            var first = obj.Decode.Errors[0];
            return BadRequest(uid, "undecodable_object", $"failed to decode {obj.Kind}: {first.Message}");
        }
        // A kind without a pod template (a custom resource sent by a broad rule) has nothing to check.
        if (subject == null) return Skipped(uid);

        var isPod = obj.Kind == "Pod" && obj.Group.Length == 0;
        var isPspRoute = route.Kind is RouteKind.ValidatePsp or RouteKind.MutatePsp;
        if (isPod && request.Operation == "UPDATE")
        {
            if (request.OldObject == null) return BadRequest(uid, "undecodable_object", "failed to decode old object: UPDATE without oldObject");
            // PSA skips updates that cannot change what it checks; the PSP plugin re-validated every
            // update except one touching only ownerReferences and finalizers (the garbage collector's).
            var skip = isPspRoute ? PodUpdates.OnlyGarbageCollectorFieldsChanged(request.Object, request.OldObject) : !PodUpdates.IsSignificant(request.Object, request.OldObject);
            if (skip) return Skipped(uid);
        }
        var mode = isPod ? config.ModeOf(route.ModeKey) : config.WorkloadModeOf(route.ModeKey);
        if (mode == AdmissionMode.Ignore) return Skipped(uid);
        if (subject.Spec.RuntimeClassName is { IsSet: true, Value: { Length: > 0 } rc } && config.Exemptions.RuntimeClassNames.Contains(rc))
        {
            return Exempt(uid, "runtimeClass");
        }

        return route.Kind switch
        {
            RouteKind.ValidateProfile when route.Profile == NamespaceProfile.Name => EvaluateNamespace(config, request.Namespace, new Read(doc, subject), mode, uid),
            RouteKind.ValidateProfile => EvaluateProfile(route, config, new Read(doc, subject), mode, uid),
            // On UPDATE the plugin only validated (no mutation of an existing pod), trying the policy recorded in the pod's kubernetes.io/psp first.
            RouteKind.ValidatePsp => EvaluatePsp(config, request, subject, mode),
            _ => request.Operation == "CREATE" ? MutatePsp(config, request, subject, mode) : EvaluatePsp(config, request, subject, mode),
        };
    }

    /// <summary>The review's object as read once: its document (for the reader's diagnostics) and its pod.</summary>
    private sealed record Read(Yaml.ParsedDocument Document, PodSubject Subject);

    private static string Gvk(AdmissionRequest r) => r.KindGroup.Length == 0 ? $"{r.KindVersion} {r.Kind}" : $"{r.KindGroup}/{r.KindVersion} {r.Kind}";

    private AdmissionOutcome EvaluateProfile(AdmissionRoute route, WebhookConfig config, Read read, AdmissionMode mode, string uid)
    {
        var e = Evaluate(config, route.Profile, read);
        var annotations = new Dictionary<string, string>();
        if (e.IsPodSecurity && mode == AdmissionMode.Enforce) annotations[EnforcePolicyAnnotation] = e.Profile.Name;
        var outcome = e.Message == null
            ? new AdmissionOutcome(AdmissionResponse.Allow(uid) with { AuditAnnotations = annotations }, AdmissionVerdict.Allowed, [])
            : Violation(uid, mode, e.Message, WouldViolate(e.Message), e.Rules, annotations);
        return WithAnnotationExemptions(outcome, e);
    }

    /// <summary>
    /// Pod Security Admission's own decision: the Namespace's labels (read from the cluster) name
    /// the enforce, warn and audit policies. Enforce violations are answered with the route's
    /// mode (<c>routes.namespace</c>; the workloads mode for templates), warn violations are
    /// warnings, audit violations an <c>audit-violations</c> annotation.
    /// </summary>
    private AdmissionOutcome EvaluateNamespace(WebhookConfig config, string ns, Read read, AdmissionMode mode, string uid)
    {
        if (namespaces == null) throw new InvalidOperationException("the namespace route needs a namespace lookup");
        IReadOnlyDictionary<string, string>? labels;
        try
        {
            labels = namespaces(ns);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Failure(uid, config.FailureMode, $"stockade: failed to lookup namespace \"{ns}\": {e.Message}", "namespace_unavailable");
        }
        if (labels == null) return Failure(uid, config.FailureMode, $"stockade: failed to lookup namespace \"{ns}\": not found", "namespace_unavailable");
        var fields = labels.ToDictionary(l => l.Key, l => new Field<string>(l.Value, default, "metadata.labels", l.Key), StringComparer.Ordinal);
        var (policy, _) = NamespacePolicy.FromLabels(fields, NamespacePolicy.Defaults(config.NamespaceDefault));

        var annotations = new Dictionary<string, string>();
        var warnings = new List<string>();
        var evaluations = new List<Evaluation>();
        Evaluation? Judge(LevelVersion lv)
        {
            if (lv.Level is not { } level) return null;
            var e = Evaluate(config, PodSecurityProfiles.PolicyName(level, lv.Version), read);
            evaluations.Add(e);
            return e;
        }
        var enforce = Judge(policy.Enforce);
        if (enforce != null && mode == AdmissionMode.Enforce) annotations[EnforcePolicyAnnotation] = enforce.Profile.Name;
        // A warn or audit policy equal to the enforce one adds nothing to its answer.
        if (policy.Warn != policy.Enforce && Judge(policy.Warn) is { Message: { } warn }) warnings.Add(WouldViolate(warn));
        if (policy.Audit != policy.Enforce && Judge(policy.Audit) is { Message: { } audit }) annotations[AuditViolationsAnnotation] = WouldViolate(audit);

        var outcome = enforce?.Message is { } denial
            ? Violation(uid, mode, denial, WouldViolate(denial), enforce.Rules, annotations)
            : new AdmissionOutcome(AdmissionResponse.Allow(uid) with { AuditAnnotations = annotations }, warnings.Count > 0 ? AdmissionVerdict.Warned : AdmissionVerdict.Allowed, []);
        outcome = outcome with { Response = outcome.Response with { Warnings = [.. outcome.Response.Warnings, .. warnings] } };
        foreach (var e in evaluations.DistinctBy(e => e.Profile.Name)) outcome = WithAnnotationExemptions(outcome, e);
        return outcome;
    }

    /// <summary>
    /// The answer when the webhook cannot decide: closed denies with 500 so nothing passes
    /// unchecked; open allows, and says so in a warning and an audit annotation. Either way it is
    /// counted under <paramref name="kind"/>.
    /// </summary>
    public static AdmissionOutcome Failure(string uid, FailureMode mode, string message, string kind) => mode == FailureMode.Closed
        ? new AdmissionOutcome(AdmissionResponse.Deny(uid, 500, "InternalError", message), AdmissionVerdict.Error, [], message, kind)
        : new AdmissionOutcome(AdmissionResponse.Allow(uid) with
        {
            Warnings = [message + " (failure policy open: allowed without evaluation)"],
            AuditAnnotations = new Dictionary<string, string> { ["error"] = message },
        }, AdmissionVerdict.Error, [], message, kind);

    /// <summary>What one profile finds in the object.</summary>
    /// <param name="Message">The violation message; null when nothing fails.</param>
    /// <param name="Honoured">Annotation exemptions that suppressed a finding (opted-in namespaces).</param>
    /// <param name="Refused">Annotation exemptions present but not honoured, as the scanner's notes say.</param>
    private sealed record Evaluation(Profile Profile, bool IsPodSecurity, string? Message, IReadOnlyList<string> Rules, IReadOnlyList<string> Honoured, IReadOnlyList<string> Refused);

    private Evaluation Evaluate(WebhookConfig config, string profileName, Read read)
    {
        var scanner = ScannerFor(config, profileName, out var profile, out var failOn);
        var outcome = new DocumentOutcome();
        scanner.ScanObject(read.Document, read.Subject.Object, read.Subject, outcome);
        var failing = outcome.Findings.Where(f => Verdicts.Fails(f, failOn)).ToList();
        var isPodSecurity = PodSecurityProfiles.Names.Any(n => profile.Name.StartsWith(n + ":", StringComparison.Ordinal));
        var honoured = outcome.Findings.Where(f => f.SuppressedInSource)
            .Select(f => $"{f.Rule}{(f.Container == null ? "" : $" (container \"{f.Container}\")")}: {f.SuppressionReason}").Distinct(StringComparer.Ordinal).ToList();
        var refused = outcome.Notes.Where(n => n.Message.StartsWith("annotation " + AnnotationExemptions.Prefix, StringComparison.Ordinal)).Select(n => n.Message).ToList();
        if (failing.Count == 0) return new Evaluation(profile, isPodSecurity, null, [], honoured, refused);
        var message = (isPodSecurity ? PodSecurityMessage.Render(profile.Name, failing) : null) ?? StockadeMessage(profile.Name, failing);
        var rules = failing.Select(f => f.Rule).Distinct(StringComparer.Ordinal).ToList();
        return new Evaluation(profile, isPodSecurity, message, rules, honoured, refused);
    }

    /// <summary>
    /// An honoured annotation exemption is never silent: the client sees a warning, the API
    /// server's audit log an annotation, and Stockade's audit log the list. A refused one is a
    /// warning, so the author learns why the annotation did not help.
    /// </summary>
    private static AdmissionOutcome WithAnnotationExemptions(AdmissionOutcome outcome, Evaluation e)
    {
        if (e.Honoured.Count == 0 && e.Refused.Count == 0) return outcome;
        var warnings = e.Honoured.Select(h => $"stockade: exempted by annotation: {h}").Concat(e.Refused.Select(r => "stockade: " + r));
        var annotations = new Dictionary<string, string>(outcome.Response.AuditAnnotations);
        if (e.Honoured.Count > 0) annotations[AnnotationExemptionsAnnotation] = string.Join("; ", e.Honoured);
        return outcome with
        {
            Response = outcome.Response with { Warnings = [.. outcome.Response.Warnings, .. warnings], AuditAnnotations = annotations },
            AnnotationExemptions = [.. outcome.AnnotationExemptions, .. e.Honoured],
        };
    }

    /// <summary>The denial of a profile that is not a Pod Security level, worded like PSA's.</summary>
    private static string StockadeMessage(string profile, IEnumerable<Finding> findings)
    {
        var parts = findings.GroupBy(f => f.Rule, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} ({string.Join("; ", g.Select(f => f.Message).Distinct(StringComparer.Ordinal))})");
        return $"violates Stockade profile {PsaText.GoQuote(profile)}: {string.Join(", ", parts)}";
    }

    private static string WouldViolate(string message) =>
        message.StartsWith("violates ", StringComparison.Ordinal) ? "would violate " + message["violates ".Length..] : message;

    /// <summary>One scanner per configuration, profile and day (exemption expiry is by date), built on first use.</summary>
    private Scanner ScannerFor(WebhookConfig config, string profileName, out Profile profile, out Severity? failOn)
    {
        var threshold = Verdicts.FailOn(config.Scanner);
        failOn = threshold;
        var today = Exemption.Today(time);
        var cache = _scanners.GetValue(config, _ => new());
        var entry = cache.GetOrAdd((profileName, today), key =>
        {
            var resolved = CustomRules.Join(ProfileRegistry.Resolve(key.Profile), config.Scanner);
            var options = new ScanOptions
            {
                Profile = resolved,
                Config = config.Scanner,
                FailOn = threshold,
                Today = key.Today,
                MaxParallelism = 1,
                Origin = ScanOrigin.Admission,
                AnnotationExemptions = AnnotationTrustOf(config),
            };
            return (new Scanner(options), resolved);
        });
        profile = entry.Profile;
        return entry.Scanner;
    }

    /// <summary>Annotations are the pod author's word: honoured only in the namespaces the administrator listed.</summary>
    private static AnnotationTrust AnnotationTrustOf(WebhookConfig config) => config.AnnotationExemptionNamespaces.Count == 0
        ? AnnotationTrust.Refused("annotation exemptions are not honoured at admission (the pod's author writes them; the webhook configuration's annotationExemptions.namespaces opts a namespace in)")
        : AnnotationTrust.InNamespaces(config.AnnotationExemptionNamespaces, "this namespace is not listed under annotationExemptions.namespaces in the webhook configuration");

    private AdmissionOutcome EvaluatePsp(WebhookConfig config, AdmissionRequest request, PodSubject subject, AdmissionMode mode)
    {
        if (PspAuthorizerFor(config, request, out var authorizer) is { } unavailable) return unavailable;
        var hint = subject.PodAnnotations.TryGetValue(PspAnnotations.ValidatedPolicy, out var h) && h.IsSet ? h.Value : null;
        PspCheck check;
        try
        {
            check = PspAdmission.CheckAsWritten(config.Policies, subject, authorizer, hint);
        }
        catch (PspAccessException e)
        {
            return AccessUnavailable(config, request.Uid, e.Message);
        }
        if (check.Admitting != null) return new AdmissionOutcome(AdmissionResponse.Allow(request.Uid), AdmissionVerdict.Allowed, []);
        return PspRefusal(request.Uid, mode, "validate", check.Refusals);
    }

    private AdmissionOutcome MutatePsp(WebhookConfig config, AdmissionRequest request, PodSubject subject, AdmissionMode mode)
    {
        if (PspAuthorizerFor(config, request, out var authorizer) is { } unavailable) return unavailable;
        PspMutation mutation;
        try
        {
            mutation = PspMutator.Apply(subject, config.Policies, authorizer);
        }
        catch (PspAccessException e)
        {
            return AccessUnavailable(config, request.Uid, e.Message);
        }
        if (!mutation.Decision.Admitted) return PspRefusal(request.Uid, mode, "admit", mutation.Decision.Refusals);
        var patch = mutation.Patch;
        var response = AdmissionResponse.Allow(request.Uid) with { Patch = patch.Count > 0 ? patch : null };
        return new AdmissionOutcome(response, AdmissionVerdict.Allowed, []);
    }

    /// <summary>
    /// Who may use which policy: SubjectAccessReviews for the pod's service account and the
    /// request's user (<c>pspAuthorization.mode</c> auto with a cluster, or subjectAccessReview),
    /// or every policy (all, or auto without a cluster). Non-null: the failure answer when the mode
    /// needs a cluster serve does not have.
    /// </summary>
    private AdmissionOutcome? PspAuthorizerFor(WebhookConfig config, AdmissionRequest request, out PspAuthorizer authorizer)
    {
        authorizer = PspAuthorizer.Everyone;
        var mode = config.PspAuthorization.Mode;
        if (mode == PspAuthorizationSource.All || mode == PspAuthorizationSource.Auto && accessReviews == null) return null;
        if (accessReviews == null) return AccessUnavailable(config, request.Uid, "pspAuthorization.mode is subjectAccessReview, but serve has no API server to ask (--kubeconfig, or run in a cluster)");
        var requester = new PspRequester(request.UserName.Length > 0 ? request.UserName : null, request.UserGroups) { Uid = request.UserUid, Extra = request.UserExtra };
        authorizer = PspAuthorizer.Asking(accessReviews.With(config.PspAuthorization), requester, request.Namespace);
        return null;
    }

    /// <summary>Which policies the pod may use is unknown: the failure policy answers (closed denies), never a silent allow.</summary>
    private static AdmissionOutcome AccessUnavailable(WebhookConfig config, string uid, string why) =>
        Failure(uid, config.FailureMode, $"stockade: cannot tell which PodSecurityPolicies the pod may use: {why}", "authorization_unavailable");

    /// <summary>
    /// Refused by every usable policy, worded as the PodSecurityPolicy admission plugin did: its
    /// mutating phase said "unable to admit pod", its validating phase "unable to validate pod"; the
    /// errors are only those of policies the requester or service account may use, and a pod no
    /// policy is usable by gets an empty list, naming no policy.
    /// </summary>
    private static AdmissionOutcome PspRefusal(string uid, AdmissionMode mode, string phase, IReadOnlyList<(PspPolicy Policy, IReadOnlyList<PspError> Errors)> refusals)
    {
        var errors = refusals.SelectMany(r => r.Errors.Select(e => e.Message));
        var message = $"PodSecurityPolicy: unable to {phase} pod: [{string.Join(" ", errors)}]";
        var rules = refusals.SelectMany(r => r.Errors.Select(e => $"psp:{r.Policy.Name}/{e.Control}")).Distinct(StringComparer.Ordinal).ToList();
        return Violation(uid, mode, message, message, rules, new Dictionary<string, string>());
    }

    private static AdmissionOutcome Violation(string uid, AdmissionMode mode, string denial, string wouldViolate, IReadOnlyList<string> rules, Dictionary<string, string> annotations) => mode switch
    {
        AdmissionMode.Enforce => new AdmissionOutcome(AdmissionResponse.Deny(uid, 403, "Forbidden", denial) with { AuditAnnotations = annotations }, AdmissionVerdict.Denied, rules, denial),
        AdmissionMode.Warn => new AdmissionOutcome(AdmissionResponse.Allow(uid) with { Warnings = [wouldViolate], AuditAnnotations = annotations }, AdmissionVerdict.Warned, rules, wouldViolate),
        _ => new AdmissionOutcome(AdmissionResponse.Allow(uid) with
        {
            AuditAnnotations = new Dictionary<string, string>(annotations) { [AuditViolationsAnnotation] = wouldViolate },
        }, AdmissionVerdict.Audited, rules, wouldViolate),
    };

    private static AdmissionOutcome Skipped(string uid) => new(AdmissionResponse.Allow(uid), AdmissionVerdict.Skipped, []);

    private static AdmissionOutcome Exempt(string uid, string why) =>
        new(AdmissionResponse.Allow(uid) with { AuditAnnotations = new Dictionary<string, string> { [ExemptAnnotation] = why } }, AdmissionVerdict.Exempt, [], $"exempt: {why}");

    /// <summary>PSA's answer to an object it cannot decode: a 400 in the review (the API server shows it to the user).</summary>
    private static AdmissionOutcome BadRequest(string uid, string kind, string message) =>
        new(AdmissionResponse.Deny(uid, 400, "BadRequest", message), AdmissionVerdict.Error, [], message, kind);
}
