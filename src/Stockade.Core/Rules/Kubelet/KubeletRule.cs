using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Kubelet;

/// <summary>
/// A rule on a kubelet configuration file (kubelet.config.k8s.io/v1beta1 KubeletConfiguration).
/// Unset fields take the file's defaults, which are safer than the command-line flags' defaults
/// (anonymous auth off, Webhook authorization, read-only port 0).
/// </summary>
internal abstract class KubeletRule : ObjectRule
{
    public override bool AppliesTo(KubeObject obj) => obj is { Kind: "KubeletConfiguration", ApiVersion: "kubelet.config.k8s.io/v1beta1" };

    public override void Check(KubeObject obj, RuleContext context) => Check(new ConfigFields(obj), context);

    protected abstract void Check(ConfigFields config, RuleContext context);

    /// <summary>Reports at the field when it is written, else at the file's start with the field's path.</summary>
    protected static void Report<T>(RuleContext context, ConfigFields config, Field<T> field, string path, string message)
    {
        if (field.IsSet) context.Report(field, message);
        else
        {
            var (position, fullPath) = config.Absent(path);
            context.Report(position, fullPath, message);
        }
    }
}
