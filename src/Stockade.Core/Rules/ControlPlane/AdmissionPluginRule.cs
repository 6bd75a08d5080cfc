using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>
/// A rule that an API server admission plugin not on by default is enabled: named in
/// <c>--enable-admission-plugins</c> and not in <c>--disable-admission-plugins</c>, and, for a
/// plugin that needs one, with its configuration given by <c>--admission-control-config-file</c>.
/// </summary>
internal abstract class AdmissionPluginRule : ControlPlaneRule
{
    protected abstract string Plugin { get; }

    /// <summary>True for a plugin that refuses to start without its configuration (EventRateLimit, ImagePolicyWebhook).</summary>
    protected virtual bool NeedsConfiguration => false;

    /// <summary>What is lost without the plugin, ending the finding's message.</summary>
    protected abstract string Consequence { get; }

    protected sealed override IReadOnlyList<Component> Components { get; } = [Component.ApiServer];

    protected sealed override void Check(ComponentFlags flags, RuleContext context)
    {
        if (flags.List("disable-admission-plugins").Contains(Plugin))
        {
            flags.Report(context, "disable-admission-plugins", $"kube-apiserver: --disable-admission-plugins turns off {Plugin}: {Consequence}");
        }
        else if (!flags.List("enable-admission-plugins").Contains(Plugin))
        {
            flags.Report(context, "enable-admission-plugins", flags.Has("enable-admission-plugins")
                ? $"kube-apiserver: --enable-admission-plugins does not include {Plugin}: {Consequence}"
                : $"kube-apiserver: --enable-admission-plugins is not set ({Plugin} is not on by default): {Consequence}");
        }
        else if (NeedsConfiguration && !flags.Has("admission-control-config-file"))
        {
            flags.Report(context, "admission-control-config-file", $"kube-apiserver: {Plugin} is enabled but --admission-control-config-file is not set: the plugin has no configuration and the API server does not start");
        }
    }
}
