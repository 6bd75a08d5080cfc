using Stockade.Node;

namespace Stockade.Rules.Node;

/// <summary>
/// A family of node files that must be no more open than a mode and owned by a user and group
/// (names read through the node's own <c>/etc/passwd</c> and <c>/etc/group</c>). A mode passes
/// when it grants nothing the limit does not (kube-bench's "bitmask" test): 0400 passes 0600.
/// A file that does not exist is not reported: a worker has no admin.conf.
/// </summary>
internal abstract class NodeFileRule : NodeRule
{
    /// <summary>The node paths to check.</summary>
    protected abstract IEnumerable<string> Paths(NodeView node);

    /// <summary>The most a path may grant, e.g. <c>0b110_000_000</c>.</summary>
    protected abstract int MaxMode(NodeFile file);

    /// <summary>What the file is, for messages: "kubeconfig file".</summary>
    protected abstract string What { get; }

    protected virtual string User => "root";
    protected virtual string Group => "root";

    public override void Check(NodeView node, NodeReport report)
    {
        foreach (var path in Paths(node).Distinct())
        {
            NodeFile? file;
            try
            {
                file = node.Files.Stat(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                report.Error(path, e);
                continue;
            }
            if (file == null) continue;
            report.Checked.Add(file);
            var max = MaxMode(file);
            if ((file.Mode & ~max) != 0)
                report.Report(file, "mode", $"{What} {path} has mode {Octal(file.Mode)}: {Octal(max)} or more restrictive expected (chmod {Octal(max)} {path})");
            var uid = node.Accounts.UserId(User);
            var gid = node.Accounts.GroupId(Group);
            if (uid != file.Uid || gid != file.Gid)
            {
                var missing = uid == null ? $" (the node's /etc/passwd has no user {User})" : gid == null ? $" (the node's /etc/group has no group {Group})" : "";
                report.Report(file, "owner", $"{What} {path} is owned by {node.Accounts.UserName(file.Uid)}:{node.Accounts.GroupName(file.Gid)}, not {User}:{Group}{missing} (chown {User}:{Group} {path})");
            }
        }
    }

    protected static string Octal(int mode) => "0" + Convert.ToString(mode, 8).PadLeft(3, '0');
}
